// The Zendesk calls of the Ticket Relay, all through the package's one HTTP seam (vendorRequest): one method, one
// request (plus the transport's bounded retries).
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/retryPolicy';
import { vendorRequest, type VendorRequest } from '../shared/transport';
import { VendorRequestError } from '../shared/vendorError';
import {
	BRAZE_EXTERNAL_ID_FIELD,
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

const UNSOLVED = new Set(['new', 'open', 'pending', 'hold']);

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

		async upsertEndUser(profile) {
			// Without a name from Braze none is sent, so an existing user keeps the name an agent may have typed; only a
			// new user, whom Zendesk cannot create nameless, gets the phone (or the id) as name. A phone number already
			// used by another Zendesk user must not stop the relay: the user is then written without it.
			const user: IDataObject = {
				external_id: profile.externalId,
				...(profile.name ? { name: profile.name } : {}),
				...(profile.phone ? { phone: profile.phone } : {}),
				user_fields: { [BRAZE_EXTERNAL_ID_FIELD]: profile.externalId },
				role: 'end-user',
				skip_verify_email: true,
			};
			for (;;) {
				const { ok, body, error } = await zendesk<{ user: ZendeskUser }>(context, {
					method: 'POST',
					path: '/api/v2/users/create_or_update.json',
					body: { user },
				});
				if (ok) return body.user;
				if (!user.name && refusedField(error, 'name')) user.name = profile.phone || profile.externalId;
				else if (user.phone && refusedField(error, 'phone')) delete user.phone;
				else throw error;
			}
		},

		async newestUnsolvedTicket(requesterId) {
			const { ok, body, error } = await zendesk<{ results?: Array<ZendeskTicket & { result_type?: string }> }>(context, {
				method: 'GET',
				path: '/api/v2/search.json',
				qs: {
					query: `type:ticket requester_id:${requesterId} status<solved`,
					sort_by: 'created_at',
					sort_order: 'desc',
				},
			});
			if (!ok) throw error;
			const tickets = (body.results ?? []).filter(
				(result) =>
					(result.result_type ?? 'ticket') === 'ticket' &&
					result.requester_id === requesterId &&
					UNSOLVED.has(result.status),
			);
			return tickets.sort(newestFirst)[0];
		},

		async updateTicket(ticketId, update: TicketUpdate) {
			const { ok, body, error } = await zendesk<{ ticket: ZendeskTicket }>(
				context,
				{ method: 'PUT', path: `/api/v2/tickets/${ticketId}.json`, body: { ticket: { ...update } } },
				UPDATE_POLICY,
			);
			if (ok) return { ticket: body.ticket };
			if (error instanceof VendorRequestError && error.statusCode === undefined) return { unconfirmed: error };
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
			if (!ok) throw error;
			return body.ticket;
		},
	};
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

function newestFirst(a: ZendeskTicket, b: ZendeskTicket): number {
	return (b.created_at ?? '').localeCompare(a.created_at ?? '') || b.id - a.id;
}
