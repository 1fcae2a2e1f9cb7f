// A ticket's tags endpoint (`/api/v2/tickets/{id}/tags`): GET lists, POST sets, PUT adds, DELETE removes. Each change is
// a ticket update through the API (triggers run, updated_at moves) and takes `safe_update` with `updated_stamp`.
import { isObject, type Router, type SimResponse } from '../shared/http';
import { agentOf, type ZendeskContext } from './context';
import { fail } from './errors';
import { findTicket, updateTicket, type TicketInput, type TicketSettings } from './tickets';

const TAG_FIELDS = { POST: 'tags', PUT: 'additional_tags', DELETE: 'remove_tags' } as const;

function changeTags(ctx: ZendeskContext, settings: TicketSettings): SimResponse {
	const ticket = findTicket(ctx);
	const body = isObject(ctx.body) ? ctx.body : {};
	if (!Array.isArray(body.tags)) fail('tags', 'Tags: must be an array', 'BlankValue');
	const input: TicketInput = {
		[TAG_FIELDS[ctx.method as keyof typeof TAG_FIELDS]]: body.tags,
		safe_update: body.safe_update as boolean | undefined,
		updated_stamp: body.updated_stamp as string | undefined,
	};
	updateTicket(ctx.store, ticket, input, agentOf(ctx), 'api', settings);
	return { status: 200, body: { tags: ticket.tags } };
}

export function registerTicketTagRoutes(router: Router<ZendeskContext>, settings: TicketSettings): void {
	const change = (ctx: ZendeskContext) => changeTags(ctx, settings);
	router
		.on('GET', '/api/v2/tickets/:id/tags', (ctx) => ({ status: 200, body: { tags: findTicket(ctx).tags } }))
		.on('POST', '/api/v2/tickets/:id/tags', change)
		.on('PUT', '/api/v2/tickets/:id/tags', change)
		.on('DELETE', '/api/v2/tickets/:id/tags', change);
}
