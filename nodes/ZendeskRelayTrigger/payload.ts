// Turns the form-encoded parameters a Zendesk trigger sent (see triggerParameters) into the trigger's output item.
// Pure: no n8n import. Tolerant of what Zendesk's placeholders produce: numbers rendered as text, empty placeholders.
import { isRelayEvent, type RelayEvent } from './triggerDefinitions';

export interface RelayItem {
	event: RelayEvent;
	ticketId: number;
	/** Whether the ticket is still open for the customer after this update (false once solved). */
	ticketOpen: boolean;
	/** An agent asked (by macro) for the newest public reply to be sent again: a deliberate second SMS. */
	resend: boolean;
	/** The status label as Zendesk renders it, in the account's language ("Solved", "Résolu"…): for display only. */
	ticketStatus: string;
	requester: {
		id: number | null;
		externalId: string | null;
		brazeExternalId: string | null;
		brazeId: string | null;
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

/** The parameters of a form-encoded body (`+` and percent escapes decoded, as browsers and Zendesk encode them). */
export function parseForm(rawBody: Buffer | string | undefined): URLSearchParams {
	const text = (typeof rawBody === 'string' ? rawBody : (rawBody?.toString('utf8') ?? '')).replace(/^\uFEFF/, '');
	if (text.trimStart().startsWith('{')) {
		throw new PayloadError('The body is JSON: this webhook must use the form-encoded format (re-publish the workflow to set it up again)');
	}
	return new URLSearchParams(text);
}

export function toRelayItem(form: URLSearchParams, invocationId: string): RelayItem {
	const event = form.get('event');
	if (!isRelayEvent(event)) throw new PayloadError(`Unknown event ${JSON.stringify(event)}`);
	const ticketId = toId(form.get('ticket_id'));
	if (ticketId === null) throw new PayloadError('The body has no usable ticket id');
	const text = (name: string) => toText(form.get(name));
	return {
		event,
		ticketId,
		ticketOpen: form.get('ticket_open') === 'true',
		resend: form.get('resend') === 'true',
		ticketStatus: text('ticket_status') ?? '',
		requester: {
			id: toId(form.get('requester_id')),
			externalId: text('requester_external_id'),
			brazeExternalId: text('braze_external_id'),
			brazeId: text('braze_id'),
			name: text('requester_name'),
			phone: text('requester_phone'),
		},
		// The comment keeps its own spacing inside; only the ends are trimmed.
		comment: { text: text('comment_text') ?? '', author: text('comment_author') },
		invocationId,
	};
}

/** Zendesk ids are positive integers; placeholders render them as text. */
function toId(value: string | null): number | null {
	const text = (value ?? '').trim();
	if (!/^\d+$/.test(text)) return null;
	const id = Number(text);
	return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** An empty placeholder renders as "": that means no value. */
function toText(value: string | null): string | null {
	const trimmed = (value ?? '').trim();
	return trimmed === '' ? null : trimmed;
}
