// The Zendesk calls of the Ticket Relay, all through the package's one HTTP seam (vendorRequest): one method, one
// request (plus the transport's bounded retries).
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/retryPolicy';
import { vendorRequest, type VendorRequest } from '../shared/transport';
import { VendorRequestError } from '../shared/vendorError';
import {
	BRAZE_EXTERNAL_ID_FIELD,
	BRAZE_ID_FIELD,
	zendeskExternalId,
	type EndUserProfile,
	type NewTicket,
	type TicketUpdate,
	type ZendeskRelayPort,
	type ZendeskTicket,
	type ZendeskUser,
} from './relay';

/**
 * A comment update is not sent again after a timeout or a reset: the relay re-reads the ticket and checks whether the
 * delivery landed (relay.ts, writeToTicket). 429 and 5xx answers are still retried: Zendesk did not apply them.
 */
const UPDATE_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, retryAmbiguous: false };

type Answer<T> = { ok: true; body: T; error?: undefined } | { ok: false; body?: undefined; error: unknown };

/** One Zendesk request, its failure returned rather than thrown, so each caller decides what a failure means. */
function zendesk<T>(context: IExecuteFunctions, request: VendorRequest, policy?: RetryPolicy): Promise<Answer<T>> {
	return vendorRequest<T>(context, 'zendesk', request, policy).then(
		({ body }) => ({ ok: true as const, body }),
		(error: unknown) => ({ ok: false as const, error }),
	);
}

export function zendeskRelayApi(context: IExecuteFunctions): ZendeskRelayPort {
	return {
		async ticketWithRequester(ticketId) {
			const { ok, body, error } = await zendesk<{ ticket: ZendeskTicket; users?: ZendeskUser[] }>(context, {
				method: 'GET',
				path: `/api/v2/tickets/${ticketId}.json`,
				qs: { include: 'users' },
			});
			if (!ok) {
				if (statusOf(error) === 404) return undefined;
				throw error;
			}
			const requester = body.users?.find((user) => user.id === body.ticket.requester_id);
			return { ticket: body.ticket, requester };
		},

		async findEndUser(externalId) {
			const { ok, body, error } = await zendesk<{ users?: ZendeskUser[] }>(context, {
				method: 'GET',
				path: '/api/v2/users/search.json',
				qs: { external_id: externalId },
			});
			if (!ok) throw error;
			return body.users?.[0];
		},

		async upsertEndUser(profile) {
			return await writeEndUser(context, { method: 'POST', path: '/api/v2/users/create_or_update.json' }, profile);
		},

		async identifyEndUser(userId, profile) {
			return await writeEndUser(context, { method: 'PUT', path: `/api/v2/users/${userId}.json` }, profile);
		},

		async requestedTickets(requesterId) {
			const { ok, body, error } = await zendesk<{ tickets?: ZendeskTicket[] }>(context, {
				method: 'GET',
				path: `/api/v2/users/${requesterId}/tickets/requested.json`,
				qs: { sort_by: 'updated_at', sort_order: 'desc' },
			});
			if (!ok) throw error;
			return body.tickets ?? [];
		},

		async updateTicket(ticketId, update: TicketUpdate, updatedStamp) {
			const ticket: IDataObject = { ...update, ...(updatedStamp ? { safe_update: true, updated_stamp: updatedStamp } : {}) };
			const { ok, body, error } = await zendesk<{ ticket: ZendeskTicket }>(
				context,
				{ method: 'PUT', path: `/api/v2/tickets/${ticketId}.json`, body: { ticket } },
				UPDATE_POLICY,
			);
			if (ok) return { ticket: body.ticket };
			if (error instanceof VendorRequestError && error.statusCode === undefined) return { unconfirmed: error };
			if (statusOf(error) === 409) return { conflict: true };
			if (refusedField(error, 'status', /closed/i)) return { closed: true };
			throw error;
		},

		async createTicket(ticket: NewTicket, idempotencyKey) {
			const { ok, body, error } = await zendesk<{ ticket: ZendeskTicket }>(context, {
				method: 'POST',
				path: '/api/v2/tickets.json',
				body: { ticket: { ...ticket } },
				headers: { 'Idempotency-Key': idempotencyKey },
			});
			if (ok) return { ticket: body.ticket };
			if (statusOf(error) === 400 && ((error as VendorRequestError).body as { error?: unknown } | undefined)?.error === 'IdempotentRequestError') {
				return { taken: true };
			}
			throw error;
		},
	};
}

/** A file for a comment's attachments. */
export interface UploadFile {
	name: string;
	contentType: string;
	bytes: Buffer;
}

/**
 * Uploads a file's raw bytes; the token puts it on one comment (`uploads`) within 60 minutes. Fails as the transport
 * does (VendorRequestError); a token left unused expires on its own.
 */
export async function uploadFile(context: IExecuteFunctions, file: UploadFile): Promise<string> {
	const { body } = await vendorRequest<{ upload?: { token?: unknown } }>(context, 'zendesk', {
		method: 'POST',
		path: '/api/v2/uploads.json',
		qs: { filename: file.name },
		headers: { 'Content-Type': file.contentType },
		body: file.bytes,
	});
	const token = body.upload?.token;
	if (typeof token !== 'string' || token === '') throw new Error('Zendesk answered the upload without a token');
	return token;
}

/**
 * Writes the end-user (create_or_update, or an update of a known user). Without a name from Braze none is sent, so an
 * existing user keeps the name an agent may have typed; only a new user, whom Zendesk cannot create nameless, gets the
 * phone (or the id) as name. A phone number already used by another Zendesk user must not stop the relay: the user is
 * then written without it.
 */
async function writeEndUser(
	context: IExecuteFunctions,
	request: Pick<VendorRequest, 'method' | 'path'>,
	profile: EndUserProfile,
): Promise<ZendeskUser> {
	const user: IDataObject = {
		external_id: zendeskExternalId(profile),
		...(profile.name ? { name: profile.name } : {}),
		...(profile.phone ? { phone: profile.phone } : {}),
		user_fields: {
			...(profile.externalId ? { [BRAZE_EXTERNAL_ID_FIELD]: profile.externalId } : {}),
			...(profile.brazeId ? { [BRAZE_ID_FIELD]: profile.brazeId } : {}),
		},
		role: 'end-user',
		skip_verify_email: true,
	};
	for (;;) {
		const { ok, body, error } = await zendesk<{ user: ZendeskUser }>(context, { ...request, body: { user } });
		if (ok) return body.user;
		if (!user.name && refusedField(error, 'name')) user.name = profile.phone || zendeskExternalId(profile);
		else if (user.phone && refusedField(error, 'phone')) delete user.phone;
		else throw error;
	}
}

function statusOf(error: unknown): number | undefined {
	return error instanceof VendorRequestError ? error.statusCode : undefined;
}

/** A 422 RecordInvalid whose details name `field` (and, if given, match `description`). */
function refusedField(error: unknown, field: string, description?: RegExp): boolean {
	if (statusOf(error) !== 422) return false;
	const details = ((error as VendorRequestError).body as { details?: Record<string, unknown> } | undefined)?.details;
	const entries = details?.[field];
	if (!Array.isArray(entries) || entries.length === 0) return false;
	return !description || entries.some((entry: { description?: unknown }) => description.test(String(entry.description ?? '')));
}
