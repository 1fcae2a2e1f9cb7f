// What the agent reads on the Zendesk ticket: an SMS that did not go out (and why), an SMS shortened to fit, or (when
// asked) a line per SMS sent. Agents work in Zendesk and never open n8n, so the words are theirs: no HTTP jargon first,
// no secrets (callers pass texts already cleaned of the API key), no stack. Pure: no n8n import.
import type { SendFailure } from './sendFailure';

/** How much of the SMS a failure note quotes. */
export const QUOTE_MAX_CHARACTERS = 300;

/** The SMS as Parse Zendesk Comment describes it (`sms` of its output). */
export interface SmsDetails {
	text: string;
	encoding?: string;
	segments?: number;
	characters?: number;
	truncated?: boolean;
}

/**
 * The SMS details an item carries (an object, or its JSON text); undefined when there are none or they hold no text.
 * Counts are kept only when they are counts, so a note never shows something Parse Zendesk Comment did not say.
 */
export function readSmsDetails(value: unknown): SmsDetails | undefined {
	const details = typeof value === 'string' ? parseJson(value) : value;
	if (!details || typeof details !== 'object' || Array.isArray(details)) return undefined;
	const { text, encoding, segments, characters, truncated } = details as Record<string, unknown>;
	if (typeof text !== 'string' || !text.trim()) return undefined;
	return {
		text,
		...(typeof encoding === 'string' ? { encoding } : {}),
		...(isCount(segments) ? { segments } : {}),
		...(isCount(characters) ? { characters } : {}),
		truncated: truncated === true,
	};
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function isCount(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export interface FailureNoteInput {
	failure: SendFailure;
	/** The SMS text, when known (the reply; for other messages the msg_body trigger property). */
	smsText?: string;
	/** The error as n8n shows it, for whoever runs n8n (already cleaned of secrets). */
	technicalDetail?: string;
}

export function failureNote({ failure, smsText, technicalDetail }: FailureNoteInput): string {
	const headline =
		failure.kind === 'noAnswer'
			? 'SMS status unknown: this SMS may or may not have reached the customer.'
			: 'SMS not sent: the customer did NOT get this SMS.';
	return paragraphs([
		headline,
		smsText?.trim() ? `The SMS:\n${quotedExcerpt(smsText.trim())}` : undefined,
		`Why: ${reason(failure)}`,
		technicalDetail ? `For your n8n administrator: ${technicalDetail}` : undefined,
	]);
}

/** The reply did not fit: the customer got a cut version, shown in full. */
export function shortenedNote(sms: SmsDetails, dispatchId?: string | null): string {
	const fit = sms.segments ? ` to fit ${plural(sms.segments, 'segment')}` : '';
	return paragraphs([
		`SMS shortened: the reply was too long, so the SMS was cut${fit}. The customer received exactly this:`,
		quote(sms.text),
		`(${smsFacts(sms, dispatchId)})`,
	]);
}

/** One line per SMS sent ("Every SMS" notes); `sms` is absent for messages Parse Zendesk Comment did not write. */
export function sentNote(sms: SmsDetails | undefined, dispatchId?: string | null): string {
	const facts = sms ? smsFacts(sms, dispatchId) : dispatchText(dispatchId);
	return facts ? `SMS sent: ${facts}.` : 'SMS sent.';
}

function reason(failure: SendFailure): string {
	switch (failure.kind) {
		case 'brazeRefused':
			return (
				`Braze, the SMS service, refused it${failure.brazeMessage ? `: "${failure.brazeMessage}"` : ''}` +
				`${failure.statusCode ? ` (HTTP ${failure.statusCode})` : ''}. ` +
				'Sending it again as it is will fail the same way: ask your n8n administrator.'
			);
		case 'keyRefused':
			return "Braze, the SMS service, refused n8n's access key. Ask your n8n administrator to fix the Braze connection.";
		case 'brazeUnavailable':
			return (
				`Braze, the SMS service, was unavailable (HTTP ${failure.statusCode}${failure.brazeMessage ? ` "${failure.brazeMessage}"` : ''}` +
				`, ${plural(failure.tries, 'try', 'tries')}). ${NOT_RETRIED}`
			);
		case 'rateLimited':
			return `Braze, the SMS service, was at its sending limit and did not accept more messages in time. ${NOT_RETRIED}`;
		case 'unreachable':
			return `n8n could not reach Braze, the SMS service (${failure.code}, ${plural(failure.tries, 'try', 'tries')}). ${NOT_RETRIED}`;
		case 'noAnswer':
			return (
				`Braze, the SMS service, did not answer (${failure.code}), so it may or may not have been sent. ` +
				(failure.tries > 1
					? `It was tried ${failure.tries} times, so the customer may even have got it more than once. `
					: 'It was not repeated, to avoid a double SMS. ') +
				'Check in Braze, or ask the customer, before sending it again.'
			);
		case 'noBrazeIdentity':
			return (
				'The customer has no Braze identity: neither a Braze external ID nor a Braze ID was given for them ' +
				"(the requester's braze_external_id and braze_id fields), so there was no one to text."
			);
		case 'invalidItem':
			return `The SMS could not be prepared: ${failure.problem}. This is a set-up problem: ask your n8n administrator.`;
		case 'keyRefusedEarlier':
			return "It was not tried: Braze refused n8n's access key for an SMS just before. Ask your n8n administrator to fix the Braze connection.";
		case 'runStopped':
			return 'It was not tried: n8n stopped when another SMS sent at the same time failed.';
	}
}

const NOT_RETRIED = 'Nothing was sent, and n8n will not try again by itself.';

function smsFacts(sms: SmsDetails, dispatchId?: string | null): string {
	const parts = [
		sms.segments !== undefined ? plural(sms.segments, 'segment') : undefined,
		sms.encoding,
		sms.characters !== undefined ? plural(sms.characters, 'character') : undefined,
		dispatchText(dispatchId),
	];
	return parts.filter(Boolean).join(', ');
}

function dispatchText(dispatchId?: string | null): string | undefined {
	return dispatchId ? `Braze dispatch ID ${dispatchId}` : undefined;
}

/** The text in quotes; a long one cut to its first QUOTE_MAX_CHARACTERS at a word boundary, saying so. */
function quotedExcerpt(text: string): string {
	const characters = [...text];
	if (characters.length <= QUOTE_MAX_CHARACTERS) return quote(text);
	const head = characters.slice(0, QUOTE_MAX_CHARACTERS).join('');
	const lastSpace = head.search(/\s\S*$/);
	const shown = (lastSpace > QUOTE_MAX_CHARACTERS * 0.6 ? head.slice(0, lastSpace) : head).trimEnd();
	return `${quote(`${shown}…`)}\n(the first ${[...shown].length} of its ${plural(characters.length, 'character')})`;
}

function quote(text: string): string {
	return `"${text}"`;
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

function paragraphs(parts: Array<string | undefined>): string {
	return parts.filter((part): part is string => Boolean(part)).join('\n\n');
}
