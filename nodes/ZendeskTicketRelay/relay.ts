// The relay itself: puts one inbound message into the customer's one conversation ticket. It talks to Zendesk only
// through the `ZendeskRelayPort` it is given (zendeskApi.ts in the node, anything in a test). Pure: no n8n import.
import { commentBody, deliveryKeys, type DeliveryKeys, type InboundMessage } from './inboundMessage';
import { isReservedKeyword } from './keywords';
import { markerWith, newMarker, relayedBefore, type RelayedAction } from './relayMarker';
import { relayDecision, writesToTicket, type RelayDecision } from './relayDecision';

export interface ZendeskTicket {
	id: number;
	status: string;
	requester_id: number;
	external_id?: string | null;
	created_at?: string;
}

export interface ZendeskUser {
	id: number;
	external_id?: string | null;
	name?: string | null;
	phone?: string | null;
	user_fields?: Record<string, unknown> | null;
}

export interface EndUserProfile {
	externalId: string;
	name: string;
	phone: string;
}

export interface TicketUpdate {
	comment: { body: string; public: true; author_id: number };
	status?: 'open';
	external_id?: string;
}

export interface NewTicket {
	requester_id: number;
	subject: string;
	comment: { body: string; public: true; author_id: number };
	tags: string[];
	external_id: string;
	via_followup_source_id?: number;
}

/** How a comment update ended: applied, refused because the ticket is closed, or unanswered (timeout, reset), in
 * which case Zendesk may or may not have applied it and `unconfirmed` is what the transport reported. */
export type UpdateOutcome = { ticket: ZendeskTicket } | { closed: true } | { unconfirmed: unknown };

/** The Zendesk calls the relay makes; each method is one request (retries aside). */
export interface ZendeskRelayPort {
	/** The ticket and its requester (sideloaded), or undefined when there is no such ticket. */
	ticketWithRequester(ticketId: number): Promise<{ ticket: ZendeskTicket; requester?: ZendeskUser } | undefined>;
	/** Finds the end-user by external id or creates them, and writes the profile. */
	upsertEndUser(profile: EndUserProfile): Promise<ZendeskUser>;
	newestUnsolvedTicket(requesterId: number): Promise<ZendeskTicket | undefined>;
	/** Never sent twice on its own after an unanswered try: the relay decides (see writeToTicket). */
	updateTicket(ticketId: number, update: TicketUpdate): Promise<UpdateOutcome>;
	/** Safe to repeat: the idempotency key makes Zendesk answer a repeat with the first ticket. */
	createTicket(ticket: NewTicket, idempotencyKey: string): Promise<ZendeskTicket>;
}

export interface RelayOptions {
	subject: string;
	tags: string[];
	reopenSolved: boolean;
}

export interface InboundRelay extends InboundMessage {
	name: string;
	phone: string;
	/** Braze's `zendesk_ticket` attribute, when it has one. */
	ticketIdHint?: number;
	options: RelayOptions;
}

export interface RelayResult {
	ticketId: number | null;
	action: RelayedAction | 'ignored';
	requesterId: number | null;
	ticketStatus: string | null;
}

/** `braze_external_id`: the user field the Zendesk trigger templates read (see DESIGN.md). */
export const BRAZE_EXTERNAL_ID_FIELD = 'braze_external_id';

/** How many times an update that got no answer is checked and, if it did not land, sent again. */
const UNCONFIRMED_RECHECKS = 2;

const IGNORED: RelayResult = { ticketId: null, action: 'ignored', requesterId: null, ticketStatus: null };

/** One inbound message, with the keys that recognise its delivery when Braze sends it again. */
interface Delivery {
	inbound: InboundRelay;
	keys: DeliveryKeys;
}

/** One message into the customer's one conversation ticket (see relayConversation). */
export async function relayInbound(zendesk: ZendeskRelayPort, inbound: InboundRelay, now = Date.now()): Promise<RelayResult> {
	const [relayed] = await relayConversation(zendesk, [inbound], now);
	return relayed;
}

/**
 * Messages of one customer, in the order they came, into their one conversation ticket, all in one ticket write: a
 * burst costs one of the ticket's few updates (Zendesk allows 30 per 10 minutes), not one per message. Keywords aside,
 * they go to the first ticket that can take them: the hinted ticket if it is the customer's, else their newest unsolved
 * ticket (searched only when needed). Messages a ticket already holds end there with what was done then. Without a
 * ticket that takes them, a new ticket is opened, as a follow-up when the conversation's ticket is closed. One result
 * per message, in order; a repeat of a delivery in the same batch gets the result of its first copy. A batch holds at
 * most MAX_DELIVERIES_PER_WRITE messages (relayMarker.ts), so the ticket remembers every one of them.
 */
export async function relayConversation(zendesk: ZendeskRelayPort, batch: InboundRelay[], now = Date.now()): Promise<RelayResult[]> {
	const deliveries = batch.map((inbound) => (isReservedKeyword(inbound.message) ? undefined : { inbound, keys: deliveryKeys(inbound, now) }));
	const relayable = [...new Map(deliveries.flatMap((delivery) => (delivery ? [[delivery.keys.key, delivery] as const] : []))).values()];
	const results = relayable.length > 0 ? await relayDeliveries(zendesk, relayable) : new Map<string, RelayResult>();
	return deliveries.map((delivery) => (delivery ? results.get(delivery.keys.key)! : IGNORED));
}

async function relayDeliveries(zendesk: ZendeskRelayPort, deliveries: Delivery[]): Promise<Map<string, RelayResult>> {
	// The newest message carries the freshest profile and ticket hint.
	const newest = deliveries[deliveries.length - 1].inbound;
	const { requester, hinted } = await customerAndHintedTicket(zendesk, newest);
	const relay: Relay = { zendesk, options: newest.options, requesterId: requester.id };
	const results = new Map<string, RelayResult>();
	const settle = (done: Delivery[], relayed: RelayResult) => {
		for (const delivery of done) results.set(delivery.keys.key, relayed);
		return results;
	};

	let todo = deliveries;
	let closed: ZendeskTicket | undefined;
	const candidates = [hinted, () => zendesk.newestUnsolvedTicket(requester.id)];
	for (const candidate of candidates) {
		const ticket = typeof candidate === 'function' ? await candidate() : candidate;
		// Search can lag behind: a ticket that just refused our update as closed may still be listed as open.
		if (!ticket || ticket.id === closed?.id) continue;
		todo = todo.filter((delivery) => {
			const before = relayedBefore(ticket.external_id, delivery.keys.sameDelivery);
			if (before) settle([delivery], result(relay, ticket, before));
			return !before;
		});
		if (todo.length === 0) return results;
		const decision = relayDecision(ticket.status, relay.options);
		if (writesToTicket(decision)) {
			const written = await writeToTicket(relay, ticket, todo, decision);
			// Closed between our read and our update: handled like a ticket found closed.
			if (written !== 'closed') return settle(todo, written);
			closed = { ...ticket, status: 'closed' };
		} else if (decision === 'followUp') {
			closed = ticket;
		}
	}
	return settle(todo, await createTicket(relay, todo, closed));
}

interface Relay {
	zendesk: ZendeskRelayPort;
	options: RelayOptions;
	requesterId: number;
}

function result(relay: Relay, ticket: ZendeskTicket, action: RelayedAction): RelayResult {
	return { ticketId: ticket.id, action, requesterId: relay.requesterId, ticketStatus: ticket.status };
}

/**
 * The customer as a Zendesk end-user, and the hinted ticket when it is theirs. The hinted ticket comes with its
 * requester sideloaded: when that requester carries the customer's external id (compared as Zendesk does, ignoring
 * case), a known conversation costs no user call, and the profile is written only when it differs. Otherwise (no
 * hint, another customer's ticket, a requester without external id) the user call decides: the hint is used only if
 * its requester is the user Zendesk finds by the external id.
 */
async function customerAndHintedTicket(
	zendesk: ZendeskRelayPort,
	inbound: InboundRelay,
): Promise<{ requester: ZendeskUser; hinted?: ZendeskTicket }> {
	const found = inbound.ticketIdHint === undefined ? undefined : await zendesk.ticketWithRequester(inbound.ticketIdHint);
	const profile = endUserProfile(inbound);
	const sideloaded = found?.requester;
	if (found && sideloaded && sameExternalId(sideloaded.external_id, inbound.brazeExternalId)) {
		const requester = profileDiffers(sideloaded, profile) ? await zendesk.upsertEndUser(profile) : sideloaded;
		return { requester, hinted: found.ticket };
	}
	const requester = await zendesk.upsertEndUser(profile);
	return { requester, hinted: found?.ticket.requester_id === requester.id ? found.ticket : undefined };
}

function sameExternalId(known: unknown, wanted: string): boolean {
	return typeof known === 'string' && known.trim().toLowerCase() === wanted.trim().toLowerCase();
}

function endUserProfile(inbound: InboundRelay): EndUserProfile {
	return { externalId: inbound.brazeExternalId.trim(), name: inbound.name.trim(), phone: inbound.phone.trim() };
}

/** Only what the message brings counts: an empty name or phone never overwrites Zendesk's. */
function profileDiffers(user: ZendeskUser, profile: EndUserProfile): boolean {
	if (profile.name && user.name !== profile.name) return true;
	if (profile.phone && user.phone !== profile.phone) return true;
	const fields = user.user_fields ?? {};
	// A field the account does not define (no such key) cannot be written; do not call for it every time.
	return BRAZE_EXTERNAL_ID_FIELD in fields && fields[BRAZE_EXTERNAL_ID_FIELD] !== profile.externalId;
}

/**
 * Adds the messages as one comment (reopening a solved ticket) and records their deliveries on the ticket in the
 * same request. An update that got no answer is not blindly repeated: the ticket is read again, and only if the
 * deliveries are not on it is the update sent again. 'closed' when Zendesk refused because the ticket is closed.
 */
async function writeToTicket(
	relay: Relay,
	ticket: ZendeskTicket,
	todo: Delivery[],
	decision: Extract<RelayDecision, 'comment' | 'reopen'>,
): Promise<RelayResult | 'closed'> {
	const action: RelayedAction = decision === 'reopen' ? 'reopened' : 'commented';
	const keys = todo.map((delivery) => delivery.keys.key);
	let current = ticket;
	for (let recheck = 0; ; recheck++) {
		const marker = markerWith(current.external_id, keys, action);
		const outcome = await relay.zendesk.updateTicket(current.id, {
			comment: customerComment(relay, todo),
			// A customer's answer to a pending ticket ("waiting for the customer") hands it back to the agents.
			...(decision === 'reopen' || current.status === 'pending' ? { status: 'open' as const } : {}),
			...(marker ? { external_id: marker } : {}),
		});
		if ('ticket' in outcome) return result(relay, outcome.ticket, action);
		if ('closed' in outcome) return 'closed';
		// Without our marker on the ticket a recheck cannot tell whether the comment landed: report, never guess.
		if (!marker || recheck >= UNCONFIRMED_RECHECKS) throw outcome.unconfirmed;
		const fresh = (await relay.zendesk.ticketWithRequester(current.id))?.ticket;
		if (!fresh) throw outcome.unconfirmed;
		// One request wrote all the keys: the first one tells whether it landed.
		const before = relayedBefore(fresh.external_id, todo[0].keys.sameDelivery);
		if (before) return result(relay, fresh, before);
		current = fresh;
	}
}

/** The messages as the customer's public comment, a blank line between two messages. */
function customerComment(relay: Relay, todo: Delivery[]): TicketUpdate['comment'] {
	const body = todo.map((delivery) => commentBody(delivery.inbound)).join('\n\n');
	return { body, public: true, author_id: relay.requesterId };
}

/**
 * A new ticket holding the messages, or a follow-up of the closed one. The idempotency key (the first message's)
 * makes a retried delivery get the same ticket.
 */
async function createTicket(relay: Relay, todo: Delivery[], closed: ZendeskTicket | undefined): Promise<RelayResult> {
	const action: RelayedAction = closed ? 'followUp' : 'created';
	const first = todo[0];
	const ticket = await relay.zendesk.createTicket(
		{
			requester_id: relay.requesterId,
			subject: relay.options.subject || defaultSubject(first.inbound),
			comment: customerComment(relay, todo),
			tags: relay.options.tags,
			external_id: newMarker(todo.map((delivery) => delivery.keys.key), action),
			...(closed ? { via_followup_source_id: closed.id } : {}),
		},
		`braze-sms-${first.keys.key}`,
	);
	return result(relay, ticket, action);
}

function defaultSubject(inbound: InboundRelay): string {
	return `SMS from ${inbound.name.trim() || inbound.phone.trim() || inbound.brazeExternalId.trim()}`;
}
