// Turns the body a Zendesk trigger sent (see triggerBody) into the trigger's output item. Pure: no n8n import.
// Tolerant of what Zendesk's placeholders produce: numbers rendered as strings, empty placeholders, and values that
// were not JSON-escaped (raw newlines or quotes inside a string).
import { isRelayEvent, type RelayEvent } from './triggerDefinitions';

export interface RelayItem {
	event: RelayEvent;
	ticketId: number;
	ticketStatus: string;
	requester: {
		id: number | null;
		externalId: string | null;
		brazeExternalId: string | null;
		name: string | null;
		phone: string | null;
	};
	comment: { text: string; author: string | null };
	invocationId: string;
}

export class PayloadError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PayloadError';
	}
}

/** Parses the raw body; when strict JSON fails, repairs unescaped characters inside strings once before giving up. */
export function parseBody(rawBody: Buffer | string): Record<string, unknown> {
	const text = (typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8')).replace(/^\uFEFF/, '');
	const parsed = tryParse(text) ?? tryParse(repairJsonStrings(text));
	if (parsed === undefined) throw new PayloadError('The body is not valid JSON');
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new PayloadError('The body must be a JSON object');
	}
	return parsed as Record<string, unknown>;
}

function tryParse(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** What may follow a quote that really ends a string (sticky: tested at a position, without copying the text). */
const STRING_END = /\s*(:|[}\]]|,\s*["}\]]|$)/y;

/**
 * Escapes what an unescaped placeholder value leaves inside JSON strings: control characters, and quotes that do not
 * end the string. A closing quote is followed by `:`, `}`, `]`, or a comma and then the next key or a closing bracket
 * (spaces allowed): text such as `"ok", then` stays inside the string.
 */
export function repairJsonStrings(text: string): string {
	let out = '';
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (!inString) {
			inString = char === '"';
			out += char;
		} else if (char === '\\' && i + 1 < text.length) {
			out += char + text[++i];
		} else if (char === '"') {
			STRING_END.lastIndex = i + 1;
			const closes = STRING_END.test(text);
			inString = !closes;
			out += closes ? char : '\\"';
		} else {
			out += CONTROL_ESCAPES[char] ?? (char < ' ' ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : char);
		}
	}
	return out;
}

export function toRelayItem(body: Record<string, unknown>, invocationId: string): RelayItem {
	const event = body.event;
	if (!isRelayEvent(event)) throw new PayloadError(`Unknown event ${JSON.stringify(event ?? null)}`);
	const ticket = objectAt(body, 'ticket');
	const ticketId = toId(ticket.id);
	if (ticketId === null) throw new PayloadError('The body has no usable ticket id');
	const requester = objectAt(body, 'requester');
	const comment = objectAt(body, 'comment');
	return {
		event,
		ticketId,
		ticketStatus: (toText(ticket.status) ?? '').toLowerCase(),
		requester: {
			id: toId(requester.id),
			externalId: toText(requester.external_id),
			brazeExternalId: toText(requester.braze_external_id),
			name: toText(requester.name),
			phone: toText(requester.phone),
		},
		comment: { text: toText(comment.text) ?? '', author: toText(comment.author) },
		invocationId,
	};
}

function objectAt(body: Record<string, unknown>, key: string): Record<string, unknown> {
	const value = body[key];
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Zendesk ids are positive integers; placeholders render them as strings. */
function toId(value: unknown): number | null {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^\d+$/.test(text)) return null;
	const id = Number(text);
	return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** An empty placeholder renders as "": that means no value. */
function toText(value: unknown): string | null {
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed === '' ? null : trimmed;
}
