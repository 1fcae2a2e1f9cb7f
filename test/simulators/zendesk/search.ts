// A user's requested tickets and the search endpoint, for the query family the product sends:
// `type:ticket requester_id:{id} status<solved` (plus status:, status>, tags:, order_by:, sort:).
// Requested tickets read the database and are current; search reads an index that lags `searchLagMs` behind.
import type { Router, SimResponse } from '../shared/http';
import { numericId, type ZendeskContext } from './context';
import { notFound } from './errors';
import { pageOf } from './pagination';
import { serializeTicket, withSideloads } from './tickets';
import { TICKET_STATUSES, type SimTicket, type TicketStatus } from './types';

type SortKey = 'created_at' | 'updated_at' | 'id' | 'status';

function sortTickets(tickets: SimTicket[], by: string | undefined, order: string | undefined): SimTicket[] {
	const key: SortKey = by === 'updated_at' || by === 'id' || by === 'status' ? by : 'created_at';
	const rank = (t: SimTicket) => (key === 'status' ? TICKET_STATUSES.indexOf(t.status) : key === 'id' ? t.id : Date.parse(t[key]));
	// Ties (same second) fall back to the id, as creation order.
	const sorted = [...tickets].sort((a, b) => rank(a) - rank(b) || a.id - b.id);
	return order === 'desc' ? sorted.reverse() : sorted;
}

function requested(ctx: ZendeskContext): SimResponse {
	const userId = numericId(ctx.params.id);
	if (userId === undefined || !ctx.store.user(userId)) return notFound();
	const mine = [...ctx.store.tickets.values()].filter((t) => t.requester_id === userId);
	return pageOf(ctx, sortTickets(mine, ctx.query.sort_by, ctx.query.sort_order), {
		key: 'tickets',
		path: `/api/v2/users/${userId}/tickets/requested`,
		idOf: (ticket) => ticket.id,
		serialize: (ticket) => serializeTicket(ticket, ctx.baseUrl),
		extra: (page) => withSideloads(ctx, page, {}),
	});
}

/** The tickets search can see now: all of them, or as they were `searchLagMs` ago. */
function indexedTickets(ctx: ZendeskContext): SimTicket[] {
	const { store } = ctx;
	const lag = store.settings.searchLagMs;
	return lag > 0 ? store.searchIndex.asOf(store.clock() - lag) : [...store.tickets.values()];
}

interface ParsedQuery {
	predicates: Array<(ticket: SimTicket) => boolean>;
	orderBy?: string;
	sort?: string;
	type?: string;
}

const STATUS_OPS: Record<string, (rank: number, wanted: number) => boolean> = {
	':': (a, b) => a === b,
	'<': (a, b) => a < b,
	'>': (a, b) => a > b,
	'<=': (a, b) => a <= b,
	'>=': (a, b) => a >= b,
};

/** Parses Zendesk search terms; a term the simulator does not know is an error, so a test never silently matches all. */
export function parseTicketQuery(query: string): ParsedQuery | string {
	const parsed: ParsedQuery = { predicates: [] };
	for (const term of query.trim().split(/\s+/).filter(Boolean)) {
		const found = /^(-?)(\w+)(<=|>=|:|<|>)(.+)$/.exec(term);
		if (!found) return `unsupported search term: ${term}`;
		const [, negate, field, op, raw] = found;
		const value = raw.replace(/^"|"$/g, '').toLowerCase();
		let predicate: ((t: SimTicket) => boolean) | undefined;
		if (field === 'type') parsed.type = value;
		else if (field === 'order_by') parsed.orderBy = value;
		else if (field === 'sort') parsed.sort = value;
		else if ((field === 'requester_id' || field === 'requester') && op === ':') predicate = (t) => String(t.requester_id) === value;
		else if (field === 'tags' && op === ':') predicate = (t) => t.tags.includes(value);
		else if (field === 'status' && STATUS_OPS[op] && TICKET_STATUSES.includes(value as TicketStatus)) {
			const wanted = TICKET_STATUSES.indexOf(value as TicketStatus);
			predicate = (t) => STATUS_OPS[op](TICKET_STATUSES.indexOf(t.status), wanted);
		} else return `unsupported search term: ${term}`;
		if (predicate) parsed.predicates.push(negate ? (t) => !predicate(t) : predicate);
	}
	return parsed;
}

function search(ctx: ZendeskContext): SimResponse {
	const query = ctx.query.query ?? '';
	const parsed = parseTicketQuery(query);
	if (typeof parsed === 'string') {
		return { status: 400, body: { error: 'unavailable', description: parsed } };
	}
	if (parsed.type !== undefined && parsed.type !== 'ticket') {
		return { status: 200, body: { results: [], facets: null, next_page: null, previous_page: null, count: 0 } };
	}
	const matching = indexedTickets(ctx).filter((t) => parsed.predicates.every((p) => p(t)));
	const sortBy = ctx.query.sort_by ?? parsed.orderBy;
	const sortOrder = ctx.query.sort_order ?? parsed.sort ?? (sortBy ? 'desc' : 'asc');
	return pageOf(ctx, sortTickets(matching, sortBy, sortOrder), {
		key: 'results',
		path: '/api/v2/search',
		idOf: (ticket) => ticket.id,
		serialize: (ticket) => ({ ...serializeTicket(ticket, ctx.baseUrl), result_type: 'ticket' }),
		extra: () => ({ facets: null }),
	});
}

export function registerSearchRoutes(router: Router<ZendeskContext>): void {
	router.on('GET', '/api/v2/users/:id/tickets/requested', requested).on('GET', '/api/v2/search', search);
}
