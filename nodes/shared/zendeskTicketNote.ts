// A private note (and a tag) on a Zendesk ticket: how agents, who work in Zendesk and never open n8n, learn what became
// of an SMS. Notes are private and made through the API, and the relay trigger only fires on agents' public comments
// made outside the API, so a note never comes back as an SMS. Used by Braze Trigger Send's Zendesk Ticket Notes and by
// the Zendesk Ticket Relay's Add Ticket Note.
import type { IExecuteFunctions } from 'n8n-workflow';

import { normalizeTag, RESEND_TAG } from '../ZendeskRelayTrigger/triggerDefinitions';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy';
import { vendorRequest } from './transport';

/** The tag a ticket gets with a note about an SMS that was not sent, so agents can build a view of them. */
export const DEFAULT_FAILURE_TAG = 'sms_failed';

// A note that is written twice is a nuisance; one that is lost hides a failure from the agent: repeat after no answer,
// and keep trying through a Zendesk outage for about a minute (waits of 1, 2, 4, 8, then 15 s), since an SMS failing
// often means the vendors are failing together.
const NOTE_RETRY_POLICY: RetryPolicy = {
	...DEFAULT_RETRY_POLICY,
	maxAttempts: 8,
	baseDelayMs: 1_000,
	maxDelayMs: 15_000,
	retryAmbiguous: true,
};

/** Whether `text` is a Zendesk ticket number (what a Ticket ID setting must hold). */
export function isTicketNumber(text: string): boolean {
	return /^[1-9]\d*$/.test(text);
}

/** A tag setting as written: the tag to add, nothing (empty), or why it cannot be used. */
export function noteTag(text: string): { tag?: string; problem?: string } {
	if (!text) return {};
	const tag = normalizeTag(text);
	if (!tag) return { problem: `Tag "${text}" is not a Zendesk tag (one word, no spaces or commas)` };
	// The relay trigger texts the newest public reply again when a ticket gets this tag: a failing send would loop.
	if (tag === RESEND_TAG) return { problem: `Tag "${tag}" would make Zendesk send the reply again` };
	return { tag };
}

/** Adds the private note (and the tag) through the Zendesk Relay API credential; throws VendorRequestError. */
export async function addPrivateNote(context: IExecuteFunctions, ticketId: string, body: string, tag?: string): Promise<void> {
	const ticket = { comment: { body, public: false }, ...(tag ? { additional_tags: [tag] } : {}) };
	await vendorRequest(context, 'zendesk', { method: 'PUT', path: `/api/v2/tickets/${ticketId}`, body: { ticket } }, NOTE_RETRY_POLICY);
}
