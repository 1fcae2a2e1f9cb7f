// Which failed writes the conversation queue fails as a whole rather than trying each of their messages again alone
// (conversationQueue.ts). Pure: no n8n import.
import { isTransientStatus } from '../shared/retryPolicy';
import { VendorRequestError } from '../shared/vendorError';

/**
 * Whether the write failed because Zendesk could not take writes, past the transport's retries: an answer the
 * transport retries (5xx, 408, a 429 whose wait ran out), or no answer at all (network error, timeout). Each message written again alone would meet the
 * same, and wait out the retries again (up to about a minute) one message after the other, long past the 90 s Braze
 * waits; Braze retries its webhook instead, and the delivery keys keep those retries from adding anything twice. A
 * write that got no answer is never repeated either: where the ticket holds no delivery record (another
 * integration's external_id) it may have landed unseen. Anything else (a 4xx such as 401 or 422, a cancelled
 * execution's reason) belongs to one message or one execution.
 */
export function isZendeskUnavailable(error: unknown): boolean {
	if (!(error instanceof VendorRequestError)) return false;
	return error.statusCode === undefined || isTransientStatus(error.statusCode);
}
