// The relay itself: puts one inbound message into the customer's one conversation ticket. It talks to Zendesk only
// through the `ZendeskRelayPort` it is given (zendeskApi.ts in the node, anything in a test). Pure: no n8n import.
import { deliveryKeys, type DeliveryKeys, type InboundMessage } from './inboundMessage';
import { isReservedKeyword } from './keywords';
import { DEFAULT_MEDIA_SETTINGS, LINKS_ONLY, messageText, type MediaAttacher, type MediaFile, type MediaSettings } from './media/mediaPolicy';
import { markerWith, newMarker, relayedBefore, type RelayedAction } from './relayMarker';
import { relayDecision, writesToTicket, type RelayDecision } from './relayDecision';

export interface ZendeskTicket {
	id: number;
	status: string;
	requester_id: number;
	external_id?: string | null;
	created_at?: string;
	/** What `safe_update` compares: an update sent with a stale stamp is refused with 409. */
	updated_at?: string;
}

export interface ZendeskUser {
	id: number;
	external_id?: string | null;
	name?: string | null;
	phone?: string | null;
	user_fields?: Record<string, unknown> | null;
}

/** The customer as Braze knows them: an external id, a braze_id, or both. */
export interface EndUserProfile {
	externalId: string;
	brazeId: string;
	name: string;
	phone: string;
}

/** The customer's words as a public comment by them, with the upload tokens of the files attached to it. */
export interface CustomerComment {
	body: string;
	public: true;
	author_id: number;
	uploads?: string[];
}

export interface TicketUpdate {
	comment: CustomerComment;
	status?: 'open';
	external_id?: string;
}

export interface NewTicket {
	requester_id: number;
	subject: string;
	comment: CustomerComment;
	tags: string[];
	external_id: string;
	via_followup_source_id?: number;
}

/** How a comment update ended: applied; refused because the ticket is closed; refused because the ticket changed since
 * it was read (safe_update); or unanswered (timeout, reset), in which case Zendesk may or may not have applied it and
 * `unconfirmed` is what the transport reported. */
export type UpdateOutcome = { ticket: ZendeskTicket } | { closed: true } | { conflict: true } | { unconfirmed: unknown };

/** A ticket creation: the ticket, or `taken` when another writer already used the idempotency key for other messages. */
export type CreateOutcome = { ticket: ZendeskTicket } | { taken: true };

/** The Zendesk calls the relay makes; each method is one request (retries aside). */
export interface ZendeskRelayPort {
	/** The ticket and its requester (sideloaded), or undefined when there is no such ticket. */
	ticketWithRequester(ticketId: number): Promise<{ ticket: ZendeskTicket; requester?: ZendeskUser } | undefined>;
	/** The end-user with this exact Zendesk external id, if any. */
	findEndUser(zendeskExternalId: string): Promise<ZendeskUser | undefined>;
	/** Finds the end-user by their Zendesk external id (see zendeskExternalId) or creates them, and writes the profile. */
	upsertEndUser(profile: EndUserProfile): Promise<ZendeskUser>;
	/** Gives a known end-user (met while Braze knew them by phone only) their Braze external id, and the profile. */
	identifyEndUser(userId: number, profile: EndUserProfile): Promise<ZendeskUser>;
	/** The requester's tickets, most recently updated first, read from Zendesk's database (not its lagging search). */
	requestedTickets(requesterId: number): Promise<ZendeskTicket[]>;
	/** Sent with safe_update and `updatedStamp`; never sent twice on its own after an unanswered try (see writeToTicket). */
	updateTicket(ticketId: number, update: TicketUpdate, updatedStamp: string | undefined): Promise<UpdateOutcome>;
	/** Safe to repeat: the idempotency key makes Zendesk answer a repeat with the first ticket. */
	createTicket(ticket: NewTicket, idempotencyKey: string): Promise<CreateOutcome>;
}

export interface RelayOptions {
	subject: string;
	tags: string[];
	reopenSolved: boolean;
	/** What is done with the message's media links (docs/media.md); without it, the defaults. */
	media?: MediaSettings;
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

/** The user fields the Zendesk trigger reads to address the SMS (see the trigger's triggerDefinitions.ts). */
export const BRAZE_EXTERNAL_ID_FIELD = 'braze_external_id';
export const BRAZE_ID_FIELD = 'braze_id';

/**
 * The end-user's Zendesk external id: the Braze external id, or for a customer Braze knows by phone only a name made
 * from their braze_id (replaced by the external id once Braze has one, keeping the same Zendesk user and tickets).
 */
export function zendeskExternalId(profile: Pick<EndUserProfile, 'externalId' | 'brazeId'>): string {
	return profile.externalId || anonymousExternalId(profile.brazeId);
}

export function anonymousExternalId(brazeId: string): string {
	return `braze_id:${brazeId}`;
}

/**
 * How many times a write is retried after the ticket is read again: the write got no answer and did not land, or
 * another writer changed the ticket first (safe_update).
 */
const REWRITES = 4;

/** A keyword Braze handles itself: nothing done in Zendesk. */
export const IGNORED: RelayResult = { ticketId: null, action: 'ignored', requesterId: null, ticketStatus: null };

const UNSOLVED: ReadonlySet<string> = new Set(['new', 'open', 'pending', 'hold']);

/** One inbound message, with the keys that recognise its delivery when Braze sends it again. */
interface Delivery {
	inbound: InboundRelay;
	keys: DeliveryKeys;
}

/** One message into the customer's one conversation ticket (see relayConversation). */
export async function relayInbound(
	zendesk: ZendeskRelayPort,
	inbound: InboundRelay,
	now = Date.now(),
	media: MediaAttacher = LINKS_ONLY,
): Promise<RelayResult> {
	const [relayed] = await relayConversation(zendesk, [inbound], now, media);
	return relayed;
}

/**
 * Messages of one customer, in the order they came, into their one conversation ticket, all in one ticket write: a
 * burst costs one of the ticket's few updates (Zendesk allows 30 per 10 minutes), not one per message. Keywords aside,
 * they go to the first ticket that can take them: the hinted ticket if it is the customer's, else their newest unsolved
 * ticket. Messages a ticket already holds end there with what was done then. Without a ticket that takes them, a new
 * ticket is opened, as a follow-up when the conversation's ticket is closed. One result per message, in order; a
 * repeat of a delivery in the same batch gets the result of its first copy. A batch holds at most
 * MAX_DELIVERIES_PER_WRITE messages (relayMarker.ts), so the ticket remembers every one of them. A message's media
 * links go through `media` (attached files, or links with the reason) only when the message is about to be written.
 */
export async function relayConversation(
	zendesk: ZendeskRelayPort,
	batch: InboundRelay[],
	now = Date.now(),
	media: MediaAttacher = LINKS_ONLY,
): Promise<RelayResult[]> {
	const deliveries = batch.map((inbound) => (isReservedKeyword(inbound.message) ? undefined : { inbound, keys: deliveryKeys(inbound, now) }));
	const relayable = [...new Map(deliveries.flatMap((delivery) => (delivery ? [[delivery.keys.key, delivery] as const] : []))).values()];
	const results = new Map<string, RelayResult>();
	if (relayable.length > 0) await relayDeliveries(zendesk, media, relayable, results);
	return deliveries.map((delivery) => (delivery ? results.get(delivery.keys.key)! : IGNORED));
}

interface Relay {
	zendesk: ZendeskRelayPort;
	options: RelayOptions;
	requesterId: number;
	/** Records what happened to each delivery. */
	settle(done: Delivery[], relayed: RelayResult): void;
	/** Each delivery's media files, by delivery key (see mediaOf). */
	media: (delivery: Delivery) => Promise<MediaFile[]>;
}

async function relayDeliveries(
	zendesk: ZendeskRelayPort,
	media: MediaAttacher,
	deliveries: Delivery[],
	results: Map<string, RelayResult>,
): Promise<void> {
	// The newest message carries the freshest profile and ticket hint.
	const newest = deliveries[deliveries.length - 1].inbound;
	const { requester, hinted } = await customerAndHintedTicket(zendesk, newest);
	const relay: Relay = {
		zendesk,
		options: newest.options,
		requesterId: requester.id,
		settle: (done, relayed) => done.forEach((delivery) => results.set(delivery.keys.key, relayed)),
		media: mediaOf(media),
	};
	let todo = await relayToKnownTicket(relay, hinted, deliveries);
	if (todo.length === 0) return;
	// Another writer (another n8n process) may open the conversation's ticket at the same moment: then Zendesk refuses
	// our creation under the same idempotency key, and the messages go to the ticket it opened.
	for (let attempt = 0; ; attempt++) {
		const requested = await zendesk.requestedTickets(requester.id);
		todo = await relayToKnownTicket(relay, newestUnsolved(requested), todo);
		if (todo.length === 0 || (await createTicket(relay, todo, requested, hinted))) return;
		if (attempt >= 1) throw new Error(`Another writer opened a ticket for Zendesk user ${requester.id} that could not be found`);
	}
}

/**
 * Writes the deliveries a ticket does not hold yet into it, if it can take them; returns those it could not take (the
 * ticket is closed, or solved with reopening off, or there is no ticket).
 */
async function relayToKnownTicket(relay: Relay, ticket: ZendeskTicket | undefined, deliveries: Delivery[]): Promise<Delivery[]> {
	let current = ticket;
	let todo = deliveries;
	for (let rewrite = 0; current; rewrite++) {
		todo = notYetOn(relay, current, todo);
		const decision = relayDecision(current.status, relay.options);
		if (todo.length === 0 || !writesToTicket(decision)) return todo;
		const written = await writeToTicket(relay, current, todo, decision);
		if ('result' in written) {
			relay.settle(todo, written.result);
			return [];
		}
		if (written.closed) return todo;
		if (rewrite >= REWRITES) throw new Error(`Zendesk ticket ${current.id} could not be written: it kept changing or did not answer`);
		current = written.reread;
	}
	return todo;
}

/** Deliveries the ticket already holds end there, with what was done then; the others are returned. */
function notYetOn(relay: Relay, ticket: ZendeskTicket, deliveries: Delivery[]): Delivery[] {
	return deliveries.filter((delivery) => {
		const before = relayedBefore(ticket.external_id, delivery.keys.sameDelivery);
		if (before) relay.settle([delivery], result(relay, ticket, before));
		return !before;
	});
}

function newestUnsolved(tickets: ZendeskTicket[]): ZendeskTicket | undefined {
	return tickets.filter((ticket) => UNSOLVED.has(ticket.status)).sort(newestFirst)[0];
}

function newestFirst(a: ZendeskTicket, b: ZendeskTicket): number {
	return (b.created_at ?? '').localeCompare(a.created_at ?? '') || b.id - a.id;
}

function result(relay: Relay, ticket: ZendeskTicket, action: RelayedAction): RelayResult {
	return { ticketId: ticket.id, action, requesterId: relay.requesterId, ticketStatus: ticket.status };
}

/**
 * The customer as a Zendesk end-user, and the hinted ticket when it is theirs. The hinted ticket comes with its
 * requester sideloaded: when that requester is this customer, a known conversation costs no user call, and the profile
 * is written only when it differs. Otherwise (no hint, another customer's ticket) the user calls decide: the hint is
 * used only if its requester is the user found for the customer.
 */
async function customerAndHintedTicket(
	zendesk: ZendeskRelayPort,
	inbound: InboundRelay,
): Promise<{ requester: ZendeskUser; hinted?: ZendeskTicket }> {
	const found = inbound.ticketIdHint === undefined ? undefined : await zendesk.ticketWithRequester(inbound.ticketIdHint);
	const profile = endUserProfile(inbound);
	const sideloaded = found?.requester;
	if (found && sideloaded && isCustomer(sideloaded, profile)) {
		return { requester: await withProfile(zendesk, sideloaded, profile), hinted: found.ticket };
	}
	const requester = await findOrCreateCustomer(zendesk, profile);
	return { requester, hinted: found?.ticket.requester_id === requester.id ? found.ticket : undefined };
}

/** Compared as Zendesk compares external ids: ignoring case. */
function sameExternalId(known: unknown, wanted: string): boolean {
	return wanted !== '' && typeof known === 'string' && known.trim().toLowerCase() === wanted.trim().toLowerCase();
}

/** A message Braze rendered before it identified the customer may arrive after (a retry): the braze_id field still tells. */
function isCustomer(user: ZendeskUser, profile: EndUserProfile): boolean {
	if (sameExternalId(user.external_id, profile.externalId)) return true;
	if (profile.brazeId === '') return false;
	return (
		sameExternalId(user.external_id, anonymousExternalId(profile.brazeId)) ||
		sameExternalId(user.user_fields?.[BRAZE_ID_FIELD], profile.brazeId)
	);
}

/**
 * A customer Braze knew by phone only and now knows by external id keeps their Zendesk user (and so their tickets):
 * the user found by braze_id is given the external id. Everyone else is found or created by their external id.
 */
async function findOrCreateCustomer(zendesk: ZendeskRelayPort, profile: EndUserProfile): Promise<ZendeskUser> {
	if (profile.externalId && profile.brazeId) {
		const metByPhoneOnly = await zendesk.findEndUser(anonymousExternalId(profile.brazeId));
		if (metByPhoneOnly) return await zendesk.identifyEndUser(metByPhoneOnly.id, profile);
	}
	return await zendesk.upsertEndUser(profile);
}

/** The user as found, written only when the message brings something Zendesk does not have yet. */
async function withProfile(zendesk: ZendeskRelayPort, user: ZendeskUser, profile: EndUserProfile): Promise<ZendeskUser> {
	if (profile.externalId && !sameExternalId(user.external_id, profile.externalId)) {
		return await zendesk.identifyEndUser(user.id, profile);
	}
	// A message from before Braze identified the customer: the user already has their external id; never write it back.
	if (!profile.externalId && !sameExternalId(user.external_id, anonymousExternalId(profile.brazeId))) return user;
	return profileDiffers(user, profile) ? await zendesk.upsertEndUser(profile) : user;
}

function endUserProfile(inbound: InboundRelay): EndUserProfile {
	return {
		externalId: inbound.brazeExternalId.trim(),
		brazeId: inbound.brazeId.trim(),
		name: inbound.name.trim(),
		phone: inbound.phone.trim(),
	};
}

/** Only what the message brings counts: an empty name, phone or id never overwrites Zendesk's. */
function profileDiffers(user: ZendeskUser, profile: EndUserProfile): boolean {
	if (profile.name && user.name !== profile.name) return true;
	if (profile.phone && user.phone !== profile.phone) return true;
	const fields = user.user_fields ?? {};
	// A field the account does not define (no such key) cannot be written; do not call for it every time.
	const differs = (key: string, value: string) => value !== '' && key in fields && fields[key] !== value;
	return differs(BRAZE_EXTERNAL_ID_FIELD, profile.externalId) || differs(BRAZE_ID_FIELD, profile.brazeId);
}

type WriteOutcome = { result: RelayResult } | { closed: true } | { closed?: false; reread: ZendeskTicket };

/**
 * Adds the messages as one comment (reopening a solved ticket) and records their deliveries on the ticket in the same
 * request, sent with safe_update: if the ticket changed since it was read (another process relaying to it, an agent),
 * Zendesk applies nothing and the ticket is read again, so no writer erases another's delivery record. An update that
 * got no answer is not blindly repeated: the ticket is read again likewise.
 */
async function writeToTicket(
	relay: Relay,
	ticket: ZendeskTicket,
	todo: Delivery[],
	decision: Extract<RelayDecision, 'comment' | 'reopen'>,
): Promise<WriteOutcome> {
	const action: RelayedAction = decision === 'reopen' ? 'reopened' : 'commented';
	const marker = markerWith(ticket.external_id, todo.map((delivery) => delivery.keys.key), action);
	const outcome = await relay.zendesk.updateTicket(
		ticket.id,
		{
			comment: await customerComment(relay, todo),
			// A customer's answer to a pending ticket ("waiting for the customer") hands it back to the agents.
			...(decision === 'reopen' || ticket.status === 'pending' ? { status: 'open' as const } : {}),
			...(marker ? { external_id: marker } : {}),
		},
		ticket.updated_at,
	);
	if ('ticket' in outcome) return { result: result(relay, outcome.ticket, action) };
	if ('closed' in outcome) return { closed: true };
	// Without our marker on the ticket a re-read cannot tell whether an unanswered comment landed: report, never guess.
	if ('unconfirmed' in outcome && !marker) throw outcome.unconfirmed;
	const reread = (await relay.zendesk.ticketWithRequester(ticket.id))?.ticket;
	if (!reread) throw new Error(`Zendesk ticket ${ticket.id} disappeared while the message was being added`);
	// The re-read ticket tells which deliveries landed (relayToKnownTicket); the others are written again.
	return { reread };
}

/**
 * A delivery's media are fetched and uploaded once, when it is first about to be written, never for a delivery the
 * ticket already holds. A write that is tried again (after a conflict, or an unanswered update that did not land)
 * reuses the upload tokens, which Zendesk keeps 60 minutes; tokens of a write that landed unanswered just expire.
 */
function mediaOf(media: MediaAttacher): (delivery: Delivery) => Promise<MediaFile[]> {
	const files = new Map<string, Promise<MediaFile[]>>();
	return async (delivery) => {
		let attached = files.get(delivery.keys.key);
		if (!attached) {
			const { mediaUrls, options } = delivery.inbound;
			attached = mediaUrls.length === 0 ? Promise.resolve([]) : media.attach(mediaUrls, options.media ?? DEFAULT_MEDIA_SETTINGS);
			files.set(delivery.keys.key, attached);
		}
		return await attached;
	};
}

/** The messages as the customer's public comment, a blank line between two messages, with their attached files. */
async function customerComment(relay: Relay, todo: Delivery[]): Promise<CustomerComment> {
	const files = await Promise.all(todo.map(relay.media));
	const body = todo.map((delivery, index) => messageText(delivery.inbound.message, files[index])).join('\n\n');
	const uploads = files.flat().flatMap((file) => (file.token ? [file.token] : []));
	return { body, public: true, author_id: relay.requesterId, ...(uploads.length > 0 ? { uploads } : {}) };
}

/**
 * A new ticket holding the messages, or a follow-up of the closed one. The idempotency key names the conversation's
 * next ticket (the customer, and the newest ticket they had), not the messages: a retried creation gets the same ticket
 * back, and a second writer opening the same conversation at the same moment is refused (false) rather than opening a
 * second ticket. Zendesk remembers a key two hours; a ticket of the customer is known by then, so the key changes.
 */
async function createTicket(
	relay: Relay,
	todo: Delivery[],
	requested: ZendeskTicket[],
	hinted: ZendeskTicket | undefined,
): Promise<boolean> {
	// The requested tickets are fresher than the hinted ticket as first read (it may have closed since).
	const known = hinted && !requested.some((ticket) => ticket.id === hinted.id) ? [hinted, ...requested] : requested;
	const newest = [...known].sort(newestFirst)[0];
	const closed = newest?.status === 'closed' ? newest : undefined;
	const action: RelayedAction = closed ? 'followUp' : 'created';
	const created = await relay.zendesk.createTicket(
		{
			requester_id: relay.requesterId,
			subject: relay.options.subject || defaultSubject(todo[0].inbound),
			comment: await customerComment(relay, todo),
			tags: relay.options.tags,
			external_id: newMarker(todo.map((delivery) => delivery.keys.key), action),
			...(closed ? { via_followup_source_id: closed.id } : {}),
		},
		`braze-sms-${relay.requesterId}-after-${newest?.id ?? 'none'}`,
	);
	if ('taken' in created) return false;
	relay.settle(todo, result(relay, created.ticket, action));
	return true;
}

function defaultSubject(inbound: InboundRelay): string {
	return `SMS from ${inbound.name.trim() || inbound.phone.trim() || inbound.brazeExternalId.trim() || 'a customer'}`;
}
