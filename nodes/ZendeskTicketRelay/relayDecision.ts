// What to do with an inbound message, given the status of the ticket it was matched to. Pure: no n8n import.

export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';

/** comment: add the message; reopen: add it and set the ticket open; create: a new ticket; followUp: a new ticket
 * linked to the closed one with `via_followup_source_id`. */
export type RelayDecision = 'comment' | 'reopen' | 'create' | 'followUp';

export interface RelayDecisionOptions {
	/** A solved ticket takes the message and reopens (default); off: a new ticket is opened instead. */
	reopenSolved: boolean;
}

const ACTIVE: ReadonlySet<string> = new Set(['new', 'open', 'pending', 'hold']);

/** `status` undefined means no ticket was found. An unknown status is treated like `closed`: never written to. */
export function relayDecision(status: string | undefined, options: RelayDecisionOptions): RelayDecision {
	if (status === undefined) return 'create';
	if (ACTIVE.has(status)) return 'comment';
	if (status === 'solved') return options.reopenSolved ? 'reopen' : 'create';
	return 'followUp';
}

/** Whether the decision writes to the ticket it was made for (rather than opening another one). */
export function writesToTicket(decision: RelayDecision): decision is 'comment' | 'reopen' {
	return decision === 'comment' || decision === 'reopen';
}
