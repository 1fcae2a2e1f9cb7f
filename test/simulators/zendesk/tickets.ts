// Tickets: creation (with Idempotency-Key), show, update with comments, the status machine and follow-ups.
import { isObject, type Router, type SimResponse } from '../shared/http';
import { agentOf, numericId, type ZendeskContext } from './context';
import { CLOSED_TICKET_ERROR, fail, IDEMPOTENCY_MISMATCH, notFound, UPDATE_CONFLICT, ZendeskApiError } from './errors';
import { pageOf } from './pagination';
import type { ZendeskStore } from './store';
import { TICKET_STATUSES, type SimComment, type SimTicket, type SimUser, type TicketStatus, type ViaChannel } from './types';
import { claimUploads, consumeUploads, serializeAttachment } from './uploads';
import { createUser, findByEmail, serializeUser } from './users';

export interface CommentInput {
	body?: string;
	html_body?: string;
	/** Default true. */
	public?: boolean;
	author_id?: number;
	/** Upload tokens (POST /api/v2/uploads); each one can be used once. */
	uploads?: string[];
}

export interface TicketInput {
	subject?: string;
	comment?: CommentInput;
	requester_id?: number;
	requester?: { name?: string; email?: string; locale_id?: number };
	submitter_id?: number;
	assignee_id?: number | null;
	tags?: string[];
	additional_tags?: string[];
	remove_tags?: string[];
	priority?: string | null;
	type?: string | null;
	status?: TicketStatus;
	external_id?: string | null;
	via_followup_source_id?: number;
	/** With `updated_stamp` (the updated_at the writer read): refuse the update with 409 if the ticket changed since. */
	safe_update?: boolean;
	updated_stamp?: string;
}

export interface TicketSettings {
	maxComments: number;
	idempotencyTtlMs: number;
}

export interface Audit {
	id: number;
	ticket_id: number;
	created_at: string;
	author_id: number;
	via: { channel: ViaChannel };
	metadata: { system: Record<string, unknown>; custom: Record<string, unknown> };
	events: Array<Record<string, unknown>>;
}

function htmlToText(html: string): string {
	return html
		.replace(/<br\s*\/?>/gi, '\n')
		.replace(/<\/p>\s*/gi, '\n\n')
		.replace(/<[^>]+>/g, '')
		.replace(/&nbsp;/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&')
		.trim();
}

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function textToHtml(text: string): string {
	const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
	return `<div class="zd-comment" dir="auto">${paragraphs.join('')}</div>`;
}

function checkStatus(status: unknown): TicketStatus {
	if (typeof status !== 'string' || !TICKET_STATUSES.includes(status as TicketStatus)) {
		fail('status', `Status: ${String(status)} is not a valid status`);
	}
	return status as TicketStatus;
}

function buildComment(
	store: ZendeskStore,
	input: CommentInput,
	defaultAuthor: number,
	channel: ViaChannel,
): SimComment {
	const html = typeof input.html_body === 'string' ? input.html_body : undefined;
	const body = typeof input.body === 'string' ? input.body : html !== undefined ? htmlToText(html) : '';
	if (body.trim() === '') fail('base', 'Comment: cannot be blank', 'BlankValue');
	const authorId = input.author_id ?? defaultAuthor;
	if (!store.user(authorId)) fail('comment', `Author: ${authorId} is not a user of this account`);
	const attachments = claimUploads(store, input.uploads);
	return {
		id: store.nextId('comment'),
		author_id: authorId,
		body,
		html_body: html ?? textToHtml(body),
		public: input.public ?? true,
		uploads: Array.isArray(input.uploads) ? input.uploads.map(String) : [],
		attachments,
		via: { channel },
		created_at: store.nowIso(),
	};
}

function resolveRequester(store: ZendeskStore, input: TicketInput, actor: SimUser): SimUser {
	if (input.requester_id !== undefined) {
		const user = store.user(Number(input.requester_id));
		if (!user) fail('requester', `Requester: ${input.requester_id} is not a user of this account`);
		return user;
	}
	if (isObject(input.requester)) {
		const { name, email, locale_id: localeId } = input.requester;
		const existing = email ? findByEmail(store, email) : undefined;
		if (existing) return existing;
		return createUser(store, { name: name ?? email?.split('@')[0], email: email ?? null, locale_id: localeId });
	}
	return actor;
}

function normaliseTags(tags: unknown): string[] {
	if (!Array.isArray(tags)) return [];
	return [...new Set(tags.flatMap((tag) => String(tag).toLowerCase().split(/\s+/)).filter(Boolean))];
}

function followUpSource(store: ZendeskStore, sourceId: unknown): SimTicket | undefined {
	if (sourceId === undefined || sourceId === null) return undefined;
	const source = store.tickets.get(Number(sourceId));
	if (!source || source.status !== 'closed') {
		fail('via_followup_source_id', 'Via followup source: must be a closed ticket of this account');
	}
	return source;
}

/** Creates a ticket the way POST /api/v2/tickets does (throws ZendeskApiError on validation errors). */
export function createTicket(store: ZendeskStore, input: TicketInput, actor: SimUser, channel: ViaChannel): SimTicket {
	if (!isObject(input.comment)) fail('base', 'Description: cannot be blank', 'BlankValue');
	if (input.status === 'closed') fail('status', 'Status: closed is not valid for a new ticket');
	const status = input.status === undefined ? undefined : checkStatus(input.status);
	const source = followUpSource(store, input.via_followup_source_id);
	const requester = resolveRequester(store, input, actor);
	const comment = buildComment(store, input.comment, requester.id, channel);
	const now = store.nowIso();
	const assignee = input.assignee_id ?? null;
	const ticket: SimTicket = {
		id: store.nextId('ticket'),
		subject: input.subject ?? '',
		description: comment.body,
		status: status ?? (assignee ? 'open' : 'new'),
		priority: input.priority ?? null,
		type: input.type ?? null,
		requester_id: requester.id,
		submitter_id: input.submitter_id ?? actor.id,
		assignee_id: assignee,
		tags: normaliseTags(input.tags),
		external_id: input.external_id ?? null,
		via: { channel },
		via_followup_source_id: source ? source.id : null,
		followup_ids: [],
		comments: [comment],
		created_at: now,
		updated_at: now,
	};
	if (ticket.status === 'solved' && ticket.assignee_id === null && actor.role !== 'end-user') ticket.assignee_id = actor.id;
	source?.followup_ids.push(ticket.id);
	consumeUploads(store, comment.uploads);
	store.tickets.set(ticket.id, ticket);
	store.commit({ ticket, updateType: 'Create', commentId: comment.id, actor, via: { channel } });
	return ticket;
}

/** Applies an update the way PUT /api/v2/tickets/{id} does, and returns Zendesk's audit. */
export function updateTicket(
	store: ZendeskStore,
	ticket: SimTicket,
	input: TicketInput,
	actor: SimUser,
	channel: ViaChannel,
	settings: TicketSettings,
): Audit {
	if (ticket.status === 'closed') throw new ZendeskApiError({ status: 422, body: CLOSED_TICKET_ERROR });
	checkSafeUpdate(ticket, input);
	const events: Array<Record<string, unknown>> = [];
	const previousStatus = ticket.status;
	let comment: SimComment | undefined;
	if (isObject(input.comment)) {
		if (ticket.comments.length >= settings.maxComments) {
			fail('base', `Comments: a ticket can have at most ${settings.maxComments} comments`, 'TooManyComments');
		}
		comment = buildComment(store, input.comment, actor.id, channel);
	}
	const status = input.status === undefined ? undefined : checkStatus(input.status);
	if (status === 'new' && previousStatus !== 'new') fail('status', 'Status: new is not valid once a ticket has been opened');
	if (comment) {
		consumeUploads(store, comment.uploads);
		ticket.comments.push(comment);
		events.push(serializeComment(comment));
	}
	applyFields(ticket, input, events, store);
	if (status && status !== previousStatus) {
		ticket.status = status;
		events.push({ id: store.nextId('audit'), type: 'Change', field_name: 'status', value: status, previous_value: previousStatus });
	}
	if (ticket.status === 'solved' && ticket.assignee_id === null && actor.role !== 'end-user') ticket.assignee_id = actor.id;
	ticket.updated_at = store.laterStamp(ticket.updated_at);
	store.commit({ ticket, updateType: 'Change', previousStatus, commentId: comment?.id, actor, via: { channel } });
	return {
		id: store.nextId('audit'),
		ticket_id: ticket.id,
		created_at: ticket.updated_at,
		author_id: actor.id,
		via: { channel },
		metadata: { system: {}, custom: {} },
		events,
	};
}

/** Zendesk's safe update: a writer that read the ticket before another change gets 409 and changes nothing. */
function checkSafeUpdate(ticket: SimTicket, input: TicketInput): void {
	if (String(input.safe_update) !== 'true') return;
	const stamp = input.updated_stamp;
	// Zendesk documents the protection only "when an updated_stamp is included"; refusing its absence makes a writer that
	// forgets the stamp fail loudly here instead of silently losing the protection on a real account.
	if (typeof stamp !== 'string' || stamp.trim() === '') fail('updated_stamp', 'Updated stamp: is required with safe_update', 'BlankValue');
	const read = Date.parse(stamp);
	if (Number.isNaN(read)) fail('updated_stamp', `Updated stamp: ${stamp} is not a valid date`);
	if (read !== Date.parse(ticket.updated_at)) throw new ZendeskApiError({ status: 409, body: UPDATE_CONFLICT });
}

function applyFields(ticket: SimTicket, input: TicketInput, events: Array<Record<string, unknown>>, store: ZendeskStore) {
	const change = (field: string, value: unknown, previous: unknown) =>
		events.push({ id: store.nextId('audit'), type: 'Change', field_name: field, value, previous_value: previous });
	if (input.subject !== undefined && input.subject !== ticket.subject) {
		change('subject', input.subject, ticket.subject);
		ticket.subject = input.subject;
	}
	for (const key of ['priority', 'type', 'assignee_id', 'external_id'] as const) {
		if (input[key] === undefined || input[key] === ticket[key]) continue;
		change(key, input[key], ticket[key]);
		(ticket as unknown as Record<string, unknown>)[key] = input[key];
	}
	let tags = ticket.tags;
	if (input.tags !== undefined) tags = normaliseTags(input.tags);
	if (input.additional_tags) tags = normaliseTags([...tags, ...input.additional_tags]);
	if (input.remove_tags) {
		const removed = new Set(normaliseTags(input.remove_tags));
		tags = tags.filter((tag) => !removed.has(tag));
	}
	if (tags.join(' ') !== ticket.tags.join(' ')) {
		change('tags', tags, ticket.tags);
		ticket.tags = tags;
	}
}

export function serializeComment(comment: SimComment) {
	return {
		id: comment.id,
		type: 'Comment',
		author_id: comment.author_id,
		body: comment.body,
		html_body: comment.html_body,
		plain_body: comment.body,
		public: comment.public,
		attachments: comment.attachments.map(serializeAttachment),
		uploads: comment.uploads,
		audit_id: comment.id,
		via: { channel: comment.via.channel, source: { from: {}, to: {}, rel: null } },
		created_at: comment.created_at,
		metadata: { system: {}, custom: {} },
	};
}

export function serializeTicket(ticket: SimTicket, baseUrl: string) {
	const source = ticket.via_followup_source_id;
	return {
		url: `${baseUrl}/api/v2/tickets/${ticket.id}.json`,
		id: ticket.id,
		external_id: ticket.external_id,
		via: {
			channel: ticket.via.channel,
			source: source ? { from: { ticket_id: source }, to: {}, rel: 'follow_up' } : { from: {}, to: {}, rel: null },
		},
		created_at: ticket.created_at,
		updated_at: ticket.updated_at,
		type: ticket.type,
		subject: ticket.subject,
		raw_subject: ticket.subject,
		description: ticket.description,
		priority: ticket.priority,
		status: ticket.status,
		recipient: null,
		requester_id: ticket.requester_id,
		submitter_id: ticket.submitter_id,
		assignee_id: ticket.assignee_id,
		organization_id: null,
		group_id: null,
		collaborator_ids: [],
		follower_ids: [],
		email_cc_ids: [],
		has_incidents: false,
		is_public: ticket.comments.some((c) => c.public),
		due_at: null,
		tags: ticket.tags,
		custom_fields: [],
		satisfaction_rating: null,
		followup_ids: ticket.followup_ids,
		brand_id: null,
		allow_channelback: false,
		allow_attachments: true,
		from_messaging_channel: false,
	};
}

function ticketInput(body: unknown): TicketInput {
	if (!isObject(body) || !isObject(body.ticket)) fail('ticket', 'Ticket: is required', 'BlankValue');
	return body.ticket as TicketInput;
}

/** Key-order-independent form of a request body, so a replay with reordered keys still matches. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (isObject(value)) {
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export function createTicketRoute(settings: TicketSettings) {
	return (ctx: ZendeskContext): SimResponse => {
		const key = ctx.headers['idempotency-key'];
		if (key === undefined) return createAnswer(ctx);
		if (key.length > 255) {
			return { status: 400, body: { error: 'IdempotentRequestError', description: 'Idempotency key is too long' } };
		}
		const { store } = ctx;
		const fingerprint = canonical(ctx.body);
		const remembered = store.idempotency.get(key);
		if (remembered && remembered.expiresAt > store.clock()) {
			if (remembered.fingerprint !== fingerprint) return { status: 400, body: IDEMPOTENCY_MISMATCH };
			return {
				status: remembered.status,
				body: remembered.body,
				headers: { ...remembered.headers, 'x-idempotency-lookup': 'hit' },
			};
		}
		const answer = createAnswer(ctx);
		if (answer.status < 300) {
			store.idempotency.set(key, {
				fingerprint,
				status: answer.status,
				body: answer.body,
				headers: answer.headers as Record<string, string>,
				expiresAt: store.clock() + settings.idempotencyTtlMs,
			});
		}
		return { ...answer, headers: { ...answer.headers, 'x-idempotency-lookup': 'miss' } };
	};
}

function createAnswer(ctx: ZendeskContext): SimResponse {
	const ticket = createTicket(ctx.store, ticketInput(ctx.body), agentOf(ctx), 'api');
	return { status: 201, body: { ticket: serializeTicket(ticket, ctx.baseUrl) }, headers: { Location: `${ctx.baseUrl}/api/v2/tickets/${ticket.id}.json` } };
}

/** `?include=users` sideloads the users a ticket references (requester, submitter, assignee), as Zendesk does. */
export function withSideloads(ctx: ZendeskContext, tickets: SimTicket[], body: Record<string, unknown>): Record<string, unknown> {
	const include = (ctx.query.include ?? '').split(',').map((part) => part.trim());
	if (!include.includes('users')) return body;
	const ids = new Set(tickets.flatMap((t) => [t.requester_id, t.submitter_id, t.assignee_id]));
	const users = [...ids].flatMap((id) => {
		const user = id === null ? undefined : ctx.store.user(id);
		return user ? [serializeUser(ctx.store, user, ctx.baseUrl)] : [];
	});
	return { ...body, users };
}

export function findTicket(ctx: ZendeskContext): SimTicket {
	const ticket = ctx.store.tickets.get(numericId(ctx.params.id) ?? -1);
	if (!ticket) throw new ZendeskApiError(notFound());
	return ticket;
}

export function registerTicketRoutes(router: Router<ZendeskContext>, settings: TicketSettings): void {
	router
		.on('POST', '/api/v2/tickets', createTicketRoute(settings))
		.on('GET', '/api/v2/tickets', (ctx) =>
			pageOf(ctx, [...ctx.store.tickets.values()], {
				key: 'tickets',
				path: '/api/v2/tickets',
				idOf: (ticket) => ticket.id,
				serialize: (ticket) => serializeTicket(ticket, ctx.baseUrl),
				extra: (page) => withSideloads(ctx, page, {}),
			}),
		)
		.on('GET', '/api/v2/tickets/:id', (ctx) => {
			const ticket = findTicket(ctx);
			return { status: 200, body: withSideloads(ctx, [ticket], { ticket: serializeTicket(ticket, ctx.baseUrl) }) };
		})
		.on('PUT', '/api/v2/tickets/:id', (ctx) => {
			const ticket = findTicket(ctx);
			const audit = updateTicket(ctx.store, ticket, ticketInput(ctx.body), agentOf(ctx), 'api', settings);
			return { status: 200, body: { ticket: serializeTicket(ticket, ctx.baseUrl), audit } };
		})
		.on('GET', '/api/v2/tickets/:id/comments', (ctx) => {
			const ticket = findTicket(ctx);
			const comments = ctx.query.sort_order === 'desc' ? [...ticket.comments].reverse() : ticket.comments;
			return pageOf(ctx, comments, {
				key: 'comments',
				path: `/api/v2/tickets/${ticket.id}/comments`,
				idOf: (comment) => comment.id,
				serialize: serializeComment,
			});
		});
}
