// Why one item's SMS did not go out, as facts the ticket note puts into words (ticketNoteText.ts). Pure: no n8n import.
import { NOT_SENT_ERRORS } from '../shared/retryPolicy';
import { NoBrazeUserError } from './brazeUser';
import { FieldValueError } from './typedAttributes';

export type SendFailure =
	/** Braze answered 4xx (or refused this entry of an accepted request): the message itself was wrong. */
	| { kind: 'brazeRefused'; statusCode?: number; brazeMessage: string }
	/** Braze refused the API key (401/403). */
	| { kind: 'keyRefused' }
	/** Braze answered 5xx (or 408) on every try the budget allowed. */
	| { kind: 'brazeUnavailable'; statusCode: number; tries: number; brazeMessage: string }
	/** Braze's rate limit did not reset within the allowed wait. */
	| { kind: 'rateLimited' }
	/** The connection never opened (refused, unknown host): surely not sent. */
	| { kind: 'unreachable'; code: string; tries: number }
	/** The request left but no answer came back (timeout, reset): Braze may have sent it. */
	| { kind: 'noAnswer'; code: string; tries: number }
	/** Neither an external id nor a braze_id: no one to text. */
	| { kind: 'noBrazeIdentity' }
	/** One of the item's own values cannot be sent (a bad attribute, an empty campaign...). */
	| { kind: 'invalidItem'; problem: string }
	/** Not tried: Braze refused the API key on an earlier request of the same run. */
	| { kind: 'keyRefusedEarlier' }
	/** Not tried: the run stopped at another item's failure first (the node does not continue on fail). */
	| { kind: 'runStopped' };

/** What a failed Braze request tells: its HTTP status or network error code, tries, and Braze's own words. */
export interface BrazeRequestFacts {
	statusCode?: number;
	networkErrorCode?: string;
	attempts: number;
	brazeMessage: string;
}

export function brazeRequestFailure({ statusCode, networkErrorCode, attempts, brazeMessage }: BrazeRequestFacts): SendFailure {
	if (statusCode === 401 || statusCode === 403) return { kind: 'keyRefused' };
	if (statusCode === 429) return { kind: 'rateLimited' };
	if (statusCode === 408 || (statusCode !== undefined && statusCode >= 500)) {
		return { kind: 'brazeUnavailable', statusCode, tries: attempts, brazeMessage };
	}
	if (statusCode !== undefined) return { kind: 'brazeRefused', statusCode, brazeMessage };
	const code = networkErrorCode ?? 'no answer';
	return NOT_SENT_ERRORS.has(code) ? { kind: 'unreachable', code, tries: attempts } : { kind: 'noAnswer', code, tries: attempts };
}

/** Why an item could not even be turned into a recipient (what its readItem threw). */
export function invalidItemFailure(error: unknown): SendFailure {
	if (error instanceof NoBrazeUserError) return { kind: 'noBrazeIdentity' };
	if (error instanceof FieldValueError) return { kind: 'invalidItem', problem: error.problem };
	const message = error instanceof Error ? error.message : String(error);
	return { kind: 'invalidItem', problem: message.replace(/^Item \d+: /, '') };
}
