// What a Zendesk route handler gets: the request, the authenticated user and the account.
import type { RequestContext } from '../shared/http';
import type { ZendeskStore } from './store';
import type { SimUser } from './types';

export interface ZendeskContext extends RequestContext {
	/** The authenticated agent; null for an anonymous request (only GET /users/me allows it). */
	actor: SimUser | null;
	store: ZendeskStore;
	/** The simulator's base URL, for `url` fields and the Location header. */
	baseUrl: string;
}

/** The authenticated agent of a route that requires one (the server rejects anonymous calls before). */
export function agentOf(ctx: ZendeskContext): SimUser {
	if (!ctx.actor) throw new Error('route requires an authenticated user');
	return ctx.actor;
}

/** Path parameter as a positive integer id, or undefined. */
export function numericId(value: string | undefined): number | undefined {
	if (!value || !/^\d+$/.test(value)) return undefined;
	return Number(value);
}
