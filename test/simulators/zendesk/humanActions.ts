// What people do in Zendesk outside the API: agents reply, change the status and tag tickets in the agent workspace
// (via web), customers write e-mails (via email). Triggers see these updates like any other.
import type { ZendeskStore } from './store';
import { createTicket, updateTicket, type TicketSettings } from './tickets';
import type { SimTicket, SimUser, TicketStatus } from './types';
import { createUser, findByEmail } from './users';

export interface TagChange {
	/** Tags the agent adds. */
	additional_tags?: string[];
	/** Tags the agent removes. */
	remove_tags?: string[];
	/** "Submit as": the status saved in the same update as the tags (a macro then Submit as Solved); default unchanged. */
	status?: TicketStatus;
}

export interface AgentCommentInput extends TagChange {
	/** An agent's id; default the admin. */
	authorId?: number;
	body?: string;
	html_body?: string;
	/** Default true (a public reply). */
	public?: boolean;
	/** "Submit as": the status the agent picks, saved in the same update as the comment; default unchanged (a new ticket becomes open). */
	status?: TicketStatus;
}

export interface EmailTicketInput {
	/** The sender: an end-user found by e-mail, or created with this name and (SSO/CRM) external id. */
	from: { email: string; name?: string; external_id?: string | null };
	subject?: string;
	body: string;
	/** Tags an account rule might add (none by default: an e-mail ticket has no `sms` tag). */
	tags?: string[];
}

/** An agent's reply (and status, tags) in the agent workspace: one update, via web. */
export function agentComment(store: ZendeskStore, ticket: SimTicket, actor: SimUser, input: AgentCommentInput, settings: TicketSettings): void {
	const status = input.status ?? (ticket.status === 'new' ? 'open' : undefined);
	const comment = { body: input.body, html_body: input.html_body, public: input.public ?? true, author_id: actor.id };
	const tags = { additional_tags: input.additional_tags, remove_tags: input.remove_tags };
	updateTicket(store, ticket, { comment, status, ...tags }, actor, 'web', settings);
}

/** An agent adds or removes tags (and may pick a status) in the agent workspace: an update without a comment, via web. */
export function tagTicket(store: ZendeskStore, ticket: SimTicket, actor: SimUser, change: TagChange, settings: TicketSettings): void {
	const { additional_tags, remove_tags, status } = change;
	updateTicket(store, ticket, { additional_tags, remove_tags, status }, actor, 'web', settings);
}

/** A customer's e-mail to the support address: the sender becomes (or is) the requester, the ticket comes via email. */
export function emailTicket(store: ZendeskStore, input: EmailTicketInput): { ticket: SimTicket; requester: SimUser } {
	if (!input?.from?.email) throw new Error('an e-mail ticket needs from.email');
	const { email, name, external_id: externalId } = input.from;
	const requester = findByEmail(store, email) ?? createUser(store, { name: name ?? email.split('@')[0], email, external_id: externalId ?? null });
	const ticket = createTicket(
		store,
		{ subject: input.subject ?? '', comment: { body: input.body }, requester_id: requester.id, tags: input.tags },
		requester,
		'email',
	);
	return { ticket, requester };
}
