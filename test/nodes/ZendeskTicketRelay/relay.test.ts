// The relay against a scripted Zendesk (the port), for what needs an exact interleaving the simulator cannot promise:
// another writer acting between our read and our write, an answer lost after (or before) Zendesk applied it, a second
// process opening the conversation's ticket at the same moment. The fake keeps a small Zendesk: users, tickets with
// their comments, `updated_at` stamps that safe_update compares, and idempotency keys.
import { deliveryKeys } from '../../../nodes/ZendeskTicketRelay/inboundMessage';
import {
	relayConversation,
	relayInbound,
	type CreateOutcome,
	type EndUserProfile,
	type InboundRelay,
	type NewTicket,
	type TicketUpdate,
	type UpdateOutcome,
	type ZendeskRelayPort,
	type ZendeskTicket,
	type ZendeskUser,
} from '../../../nodes/ZendeskTicketRelay/relay';
import { markerWith, relayedBefore } from '../../../nodes/ZendeskTicketRelay/relayMarker';

const BRAZE_ID = '65a1b2c3d4e5f60718293a4b';
const NOW = Date.UTC(2026, 10, 26, 10, 0, 0);

function message(text: string, extra: Partial<InboundRelay> = {}): InboundRelay {
	return {
		brazeExternalId: 'braze-marie',
		brazeId: BRAZE_ID,
		message: text,
		mediaUrls: [],
		deliveryId: `dispatch-${text}`,
		name: '',
		phone: '',
		options: { subject: '', tags: ['sms'], reopenSolved: true },
		...extra,
	};
}

const keyOf = (inbound: InboundRelay) => deliveryKeys(inbound, NOW).key;

interface FakeTicket extends ZendeskTicket {
	comments: string[];
	via_followup_source_id?: number;
}

/** What happens around one call: another writer's move first, and/or the answer lost (after applying it or not). */
interface Step {
	before?: () => void;
	lost?: 'applied' | 'not applied';
}

type Method = keyof ZendeskRelayPort;

const LOST = new Error('Zendesk PUT failed (ETIMEDOUT)');

/** A small Zendesk behind the port: what each request would do on a real account, plus scripted interleavings. */
class ScriptedZendesk implements ZendeskRelayPort {
	/** `method argument` of every call, in order. */
	readonly calls: string[] = [];
	readonly updates: Array<{ ticketId: number; update: TicketUpdate; stamp: string | undefined }> = [];
	readonly creations: Array<{ ticket: NewTicket; key: string }> = [];
	readonly users = new Map<number, ZendeskUser>();
	readonly tickets = new Map<number, FakeTicket>();
	/** Whether the ticket read sideloads its requester (Zendesk does with include=users). */
	sideload = true;
	private readonly steps = new Map<Method, Step[]>();
	private readonly idempotency = new Map<string, { body: string; ticketId: number }>();
	private nextId = 100;
	private stamps = 0;

	/** Steps for the next calls of `method`, one per call, in order. */
	script(method: Method, ...steps: Step[]): this {
		this.steps.set(method, [...(this.steps.get(method) ?? []), ...steps]);
		return this;
	}

	addUser(user: Omit<ZendeskUser, 'id'>): ZendeskUser {
		const created = { id: this.nextId++, ...user };
		this.users.set(created.id, created);
		return created;
	}

	addTicket(requester: ZendeskUser, status: string, extra: Partial<FakeTicket> = {}): FakeTicket {
		const stamp = this.stamp();
		const ticket: FakeTicket = {
			id: this.nextId++,
			status,
			requester_id: requester.id,
			external_id: null,
			created_at: stamp,
			updated_at: stamp,
			comments: ['My parcel has not arrived'],
			...extra,
		};
		this.tickets.set(ticket.id, ticket);
		return ticket;
	}

	/** Another writer (another n8n process, an agent) changes the ticket: a comment, maybe recording delivery keys. */
	write(ticketId: number, body: string, keys: string[] = []): void {
		const ticket = this.ticket(ticketId);
		ticket.comments.push(body);
		if (keys.length > 0) ticket.external_id = markerWith(ticket.external_id, keys, 'commented');
		ticket.updated_at = this.stamp();
	}

	ticket(id: number): FakeTicket {
		const ticket = this.tickets.get(id);
		if (!ticket) throw new Error(`no ticket ${id}`);
		return ticket;
	}

	async ticketWithRequester(ticketId: number) {
		this.enter('ticketWithRequester', ticketId);
		const ticket = this.tickets.get(ticketId);
		if (!ticket) return undefined;
		return { ticket: read(ticket), requester: this.sideload ? read(this.users.get(ticket.requester_id)) : undefined };
	}

	async findEndUser(zendeskExternalId: string) {
		this.enter('findEndUser', zendeskExternalId);
		return read([...this.users.values()].find((user) => user.external_id === zendeskExternalId));
	}

	async upsertEndUser(profile: EndUserProfile) {
		this.enter('upsertEndUser', profile.externalId || `braze_id:${profile.brazeId}`);
		const externalId = profile.externalId || `braze_id:${profile.brazeId}`;
		const found = [...this.users.values()].find((user) => user.external_id?.toLowerCase() === externalId.toLowerCase());
		const user = found ?? this.addUser({ external_id: externalId, name: profile.name || profile.phone || externalId });
		return read(this.writeProfile(user, profile));
	}

	async identifyEndUser(userId: number, profile: EndUserProfile) {
		this.enter('identifyEndUser', userId);
		const user = this.users.get(userId);
		if (!user) throw new Error(`no user ${userId}`);
		user.external_id = profile.externalId;
		return read(this.writeProfile(user, profile));
	}

	async requestedTickets(requesterId: number) {
		this.enter('requestedTickets', requesterId);
		const mine = [...this.tickets.values()].filter((ticket) => ticket.requester_id === requesterId);
		return mine.sort((a, b) => (b.updated_at ?? '').localeCompare(a.updated_at ?? '')).map(read);
	}

	async updateTicket(ticketId: number, update: TicketUpdate, stamp: string | undefined): Promise<UpdateOutcome> {
		const step = this.enter('updateTicket', ticketId);
		this.updates.push({ ticketId, update, stamp });
		const ticket = this.ticket(ticketId);
		if (ticket.status === 'closed') return { closed: true };
		if (stamp !== undefined && stamp !== ticket.updated_at) return { conflict: true };
		if (step?.lost !== 'not applied') {
			ticket.comments.push(update.comment.body);
			if (update.status) ticket.status = update.status;
			if (update.external_id !== undefined) ticket.external_id = update.external_id;
			ticket.updated_at = this.stamp();
		}
		return step?.lost ? { unconfirmed: LOST } : { ticket: read(ticket) };
	}

	async createTicket(input: NewTicket, key: string): Promise<CreateOutcome> {
		const step = this.enter('createTicket', key);
		this.creations.push({ ticket: input, key });
		const body = JSON.stringify(input);
		const remembered = this.idempotency.get(key);
		if (remembered) return remembered.body === body ? { ticket: read(this.ticket(remembered.ticketId)) } : { taken: true };
		if (step?.lost === 'not applied') throw LOST;
		const ticket = this.openTicket(input, key);
		if (step?.lost) throw LOST;
		return { ticket: read(ticket) };
	}

	/** A ticket opened through the API under an idempotency key (ours, or another writer's with other messages). */
	openTicket(input: NewTicket, key: string): FakeTicket {
		const requester = this.users.get(input.requester_id) as ZendeskUser;
		const { comment, external_id, via_followup_source_id } = input;
		const ticket = this.addTicket(requester, 'new', { comments: [comment.body], external_id, via_followup_source_id });
		this.idempotency.set(key, { body: JSON.stringify(input), ticketId: ticket.id });
		return ticket;
	}

	private writeProfile(user: ZendeskUser, profile: EndUserProfile): ZendeskUser {
		user.user_fields = {
			...user.user_fields,
			...(profile.externalId ? { braze_external_id: profile.externalId } : {}),
			...(profile.brazeId ? { braze_id: profile.brazeId } : {}),
		};
		return user;
	}

	private enter(method: Method, argument: unknown): Step | undefined {
		this.calls.push(`${method} ${String(argument)}`);
		const step = this.steps.get(method)?.shift();
		step?.before?.();
		return step;
	}

	private stamp(): string {
		return new Date(NOW + 1000 * this.stamps++).toISOString().replace('.000', '');
	}
}

/** What a read answers: a copy, as of now (a later change does not show in it). */
function read<T>(value: T): T {
	return value === undefined ? value : structuredClone(value);
}

const methods = (zendesk: ScriptedZendesk) => zendesk.calls.map((call) => call.split(' ')[0]);
const bodies = (ticket: FakeTicket) => ticket.comments.slice(1);

/** Marie, known to Zendesk by her external id (in another case than Braze's), with her open ticket. */
function marieWithTicket(status = 'open') {
	const zendesk = new ScriptedZendesk();
	const marie = zendesk.addUser({
		external_id: 'Braze-Marie',
		name: 'Marie',
		user_fields: { braze_external_id: 'braze-marie', braze_id: BRAZE_ID },
	});
	const ticket = zendesk.addTicket(marie, status);
	return { zendesk, marie, ticket };
}

describe('relay: finding the customer', () => {
	it('needs no user call when the sideloaded requester is the customer (external id compared without case)', async () => {
		const { zendesk, marie, ticket } = marieWithTicket();
		const result = await relayInbound(zendesk, message('Hello', { ticketIdHint: ticket.id }), NOW);
		expect(result).toEqual({ ticketId: ticket.id, action: 'commented', requesterId: marie.id, ticketStatus: 'open' });
		expect(methods(zendesk)).toEqual(['ticketWithRequester', 'updateTicket']);
	});

	it('asks Zendesk for the user when the ticket comes without its requester, and still uses the hint if it is theirs', async () => {
		const { zendesk, ticket } = marieWithTicket();
		zendesk.sideload = false;
		const result = await relayInbound(zendesk, message('Hello', { ticketIdHint: ticket.id }), NOW);
		expect(result).toMatchObject({ ticketId: ticket.id, action: 'commented' });
		// First whether Zendesk met her by braze_id (it did not), then by her external id.
		expect(zendesk.calls).toEqual([
			`ticketWithRequester ${ticket.id}`,
			`findEndUser braze_id:${BRAZE_ID}`,
			'upsertEndUser braze-marie',
			`updateTicket ${ticket.id}`,
		]);
	});

	it('gives the user met by braze_id the external id, and keeps their ticket, without a hint', async () => {
		const zendesk = new ScriptedZendesk();
		const phoneOnly = zendesk.addUser({ external_id: `braze_id:${BRAZE_ID}`, name: '+33612345678', user_fields: { braze_id: BRAZE_ID } });
		const ticket = zendesk.addTicket(phoneOnly, 'open');

		const result = await relayInbound(zendesk, message('It is Marie, by the way'), NOW);

		expect(result).toEqual({ ticketId: ticket.id, action: 'commented', requesterId: phoneOnly.id, ticketStatus: 'open' });
		expect(zendesk.calls).toEqual([
			`findEndUser braze_id:${BRAZE_ID}`,
			`identifyEndUser ${phoneOnly.id}`,
			`requestedTickets ${phoneOnly.id}`,
			`updateTicket ${ticket.id}`,
		]);
		expect(zendesk.users.get(phoneOnly.id)).toMatchObject({
			external_id: 'braze-marie',
			user_fields: { braze_external_id: 'braze-marie', braze_id: BRAZE_ID },
		});
		expect(zendesk.users.size).toBe(1);
	});

	// A Braze retry carries the body as first rendered: a message sent while Braze knew Marie by phone only may arrive
	// after she was identified. Its delivery key is the same (customerKey is her braze_id), so it must reach her ticket.
	it('recognises a message without external id (sent before Braze identified her) on her identified ticket', async () => {
		const { zendesk, marie, ticket } = marieWithTicket();
		const early = message('Sent before I was identified', { brazeExternalId: '', phone: '+33612345678', ticketIdHint: ticket.id });
		zendesk.write(ticket.id, 'Sent before I was identified', [keyOf(early)]);

		const result = await relayInbound(zendesk, early, NOW);

		expect(result).toEqual({ ticketId: ticket.id, action: 'commented', requesterId: marie.id, ticketStatus: 'open' });
		expect(zendesk.users.size).toBe(1);
		expect(zendesk.tickets.size).toBe(1);
		expect(bodies(ticket)).toEqual(['Sent before I was identified']);
		expect(zendesk.users.get(marie.id)?.external_id).toBe('Braze-Marie');
	});
});

describe('relay: safe_update (another writer on the same ticket)', () => {
	it("sends the ticket's updated_at as read with each update", async () => {
		const { zendesk, ticket } = marieWithTicket();
		const asRead = ticket.updated_at;
		await relayInbound(zendesk, message('Hello', { ticketIdHint: ticket.id }), NOW);
		expect(zendesk.updates.map((update) => update.stamp)).toEqual([asRead]);
		expect(ticket.updated_at).not.toBe(asRead);
	});

	it("writes our comment once after a 409, keeping the other writer's delivery keys beside ours", async () => {
		const { zendesk, ticket } = marieWithTicket();
		const theirs = message('Sent through the other n8n worker');
		const ours = message('Hello', { ticketIdHint: ticket.id });
		const asRead = ticket.updated_at;
		zendesk.script('updateTicket', { before: () => zendesk.write(ticket.id, 'Sent through the other n8n worker', [keyOf(theirs)]) });

		const result = await relayInbound(zendesk, ours, NOW);

		expect(result).toMatchObject({ ticketId: ticket.id, action: 'commented' });
		expect(methods(zendesk)).toEqual(['ticketWithRequester', 'updateTicket', 'ticketWithRequester', 'updateTicket']);
		expect(bodies(zendesk.ticket(ticket.id))).toEqual(['Sent through the other n8n worker', 'Hello']);
		const [refused, written] = zendesk.updates;
		expect(refused.stamp).toBe(asRead);
		expect(written.stamp).not.toBe(asRead);
		const marker = zendesk.ticket(ticket.id).external_id;
		expect(relayedBefore(marker, [keyOf(theirs)])).toBe('commented');
		expect(relayedBefore(marker, [keyOf(ours)])).toBe('commented');
	});

	it('after a 409, writes only the messages of the batch the re-read ticket does not hold yet', async () => {
		const { zendesk, ticket } = marieWithTicket();
		const [first, second] = [message('first', { ticketIdHint: ticket.id }), message('second', { ticketIdHint: ticket.id })];
		// Another process relayed `first` (a Braze retry that reached it) just before our write.
		zendesk.script('updateTicket', { before: () => zendesk.write(ticket.id, 'first', [keyOf(first)]) });

		const results = await relayConversation(zendesk, [first, second], NOW);

		expect(bodies(zendesk.ticket(ticket.id))).toEqual(['first', 'second']);
		expect(zendesk.updates.map((update) => update.update.comment.body)).toEqual(['first\n\nsecond', 'second']);
		expect(results.map((result) => [result.ticketId, result.action])).toEqual([
			[ticket.id, 'commented'],
			[ticket.id, 'commented'],
		]);
	});

	it('writes nothing twice when a retry races its original: the re-read ticket already holds the delivery', async () => {
		const { zendesk, ticket } = marieWithTicket();
		const delivery = message('Are you there?', { ticketIdHint: ticket.id });
		zendesk.script('updateTicket', { before: () => zendesk.write(ticket.id, 'Are you there?', [keyOf(delivery)]) });

		const result = await relayInbound(zendesk, delivery, NOW);

		expect(result).toMatchObject({ ticketId: ticket.id, action: 'commented' });
		expect(zendesk.updates).toHaveLength(1);
		expect(bodies(zendesk.ticket(ticket.id))).toEqual(['Are you there?']);
	});

	it('does not send again an update whose answer was lost after Zendesk applied it', async () => {
		const { zendesk, ticket } = marieWithTicket();
		zendesk.script('updateTicket', { lost: 'applied' });

		const result = await relayInbound(zendesk, message('Hello', { ticketIdHint: ticket.id }), NOW);

		expect(result).toMatchObject({ ticketId: ticket.id, action: 'commented' });
		expect(methods(zendesk)).toEqual(['ticketWithRequester', 'updateTicket', 'ticketWithRequester']);
		expect(bodies(zendesk.ticket(ticket.id))).toEqual(['Hello']);
	});

	it('sends again, with the new stamp, an update that never reached Zendesk', async () => {
		const { zendesk, ticket } = marieWithTicket();
		zendesk.script('updateTicket', { lost: 'not applied' });

		await relayInbound(zendesk, message('Hello', { ticketIdHint: ticket.id }), NOW);

		expect(zendesk.updates).toHaveLength(2);
		expect(bodies(zendesk.ticket(ticket.id))).toEqual(['Hello']);
	});

	it('adds the comment once when the unanswered original lands after the check, before the second try', async () => {
		const { zendesk, ticket } = marieWithTicket();
		const delivery = message('Hello', { ticketIdHint: ticket.id });
		// The first update is still on its way when the ticket is re-read; it lands just before our second try.
		zendesk.script('updateTicket', { lost: 'not applied' }, { before: () => zendesk.write(ticket.id, 'Hello', [keyOf(delivery)]) });

		const result = await relayInbound(zendesk, delivery, NOW);

		expect(result).toMatchObject({ ticketId: ticket.id, action: 'commented' });
		expect(zendesk.updates).toHaveLength(2);
		expect(bodies(zendesk.ticket(ticket.id))).toEqual(['Hello']);
	});

	it('gives up with a clear error when the ticket keeps changing under every write (5 tries), opening no ticket', async () => {
		const { zendesk, ticket } = marieWithTicket();
		const agentTyping = { before: () => zendesk.write(ticket.id, 'An agent note') };
		zendesk.script('updateTicket', ...Array<Step>(10).fill(agentTyping));

		await expect(relayInbound(zendesk, message('Hello', { ticketIdHint: ticket.id }), NOW)).rejects.toThrow(
			`Zendesk ticket ${ticket.id} could not be written: it kept changing or did not answer`,
		);
		expect(zendesk.updates).toHaveLength(5);
		expect(zendesk.creations).toHaveLength(0);
		expect(bodies(zendesk.ticket(ticket.id))).not.toContain('Hello');
	});

	it('gives up likewise when no update is ever answered and none landed', async () => {
		const { zendesk, ticket } = marieWithTicket();
		zendesk.script('updateTicket', ...Array<Step>(10).fill({ lost: 'not applied' }));

		await expect(relayInbound(zendesk, message('Hello', { ticketIdHint: ticket.id }), NOW)).rejects.toThrow(/could not be written/);
		expect(zendesk.updates).toHaveLength(5);
		expect(zendesk.creations).toHaveLength(0);
	});

	it("reports a lost answer on a ticket whose external_id belongs to another integration, instead of guessing", async () => {
		const { zendesk, ticket } = marieWithTicket();
		zendesk.ticket(ticket.id).external_id = 'crm-4711';
		zendesk.script('updateTicket', { lost: 'applied' });

		await expect(relayInbound(zendesk, message('Hello', { ticketIdHint: ticket.id }), NOW)).rejects.toBe(LOST);
		expect(zendesk.updates).toHaveLength(1);
		expect(zendesk.ticket(ticket.id).external_id).toBe('crm-4711');
	});
});

describe('relay: opening the conversation ticket', () => {
	function newCustomer() {
		const zendesk = new ScriptedZendesk();
		const marie = zendesk.addUser({ external_id: 'braze-marie', name: 'Marie', user_fields: { braze_external_id: 'braze-marie', braze_id: BRAZE_ID } });
		return { zendesk, marie };
	}

	it('names the next ticket of the conversation in the Idempotency-Key', async () => {
		const { zendesk, marie } = newCustomer();
		const result = await relayInbound(zendesk, message('Hello'), NOW);
		expect(result).toMatchObject({ action: 'created', requesterId: marie.id });
		expect(zendesk.creations.map((creation) => creation.key)).toEqual([`braze-sms-${marie.id}-after-none`]);
	});

	it('comments on the ticket another writer just opened when Zendesk refuses our key (400 IdempotentRequestError)', async () => {
		const { zendesk, marie } = newCustomer();
		const theirs = message('Sent through the other worker');
		let opened: FakeTicket | undefined;
		zendesk.script('createTicket', {
			before: () => {
				opened = zendesk.openTicket(
					{
						requester_id: marie.id,
						subject: 'SMS from Marie',
						comment: { body: 'Sent through the other worker', public: true, author_id: marie.id },
						tags: ['sms'],
						external_id: markerWith(null, [keyOf(theirs)], 'created') as string,
					},
					`braze-sms-${marie.id}-after-none`,
				);
			},
		});

		const result = await relayInbound(zendesk, message('Hello'), NOW);

		expect(result).toEqual({ ticketId: opened?.id, action: 'commented', requesterId: marie.id, ticketStatus: 'new' });
		expect(zendesk.tickets.size).toBe(1);
		expect(zendesk.ticket(opened!.id).comments).toEqual(['Sent through the other worker', 'Hello']);
		expect(methods(zendesk)).toEqual([
			'findEndUser',
			'upsertEndUser',
			'requestedTickets',
			'createTicket',
			'requestedTickets',
			'updateTicket',
		]);
		const marker = zendesk.ticket(opened!.id).external_id;
		expect(relayedBefore(marker, [keyOf(theirs)])).toBe('created');
		expect(relayedBefore(marker, [keyOf(message('Hello'))])).toBe('commented');
	});

	it("adds only the messages the other writer's ticket does not hold yet", async () => {
		const { zendesk, marie } = newCustomer();
		const [first, second] = [message('first'), message('second')];
		zendesk.script('createTicket', {
			before: () =>
				zendesk.openTicket(
					{
						requester_id: marie.id,
						subject: 'SMS from Marie',
						comment: { body: 'first', public: true, author_id: marie.id },
						tags: ['sms'],
						external_id: markerWith(null, [keyOf(first)], 'created') as string,
					},
					`braze-sms-${marie.id}-after-none`,
				),
		});

		const results = await relayConversation(zendesk, [first, second], NOW);

		const [ticket] = zendesk.tickets.values();
		expect(ticket.comments).toEqual(['first', 'second']);
		expect(results.map((result) => [result.ticketId, result.action])).toEqual([
			[ticket.id, 'created'],
			[ticket.id, 'commented'],
		]);
	});

	it('sends the same key and body again when the same batch is retried after an unanswered creation', async () => {
		const { zendesk } = newCustomer();
		const batch = [message('Hi'), message('I need help')];
		zendesk.script('createTicket', { lost: 'not applied' });

		await expect(relayConversation(zendesk, batch, NOW)).rejects.toBe(LOST);
		const results = await relayConversation(zendesk, batch, NOW);

		const [lost, retried] = zendesk.creations;
		expect(retried.key).toBe(lost.key);
		expect(retried.ticket).toEqual(lost.ticket);
		expect(zendesk.tickets.size).toBe(1);
		expect(results.map((result) => result.action)).toEqual(['created', 'created']);
	});

	it('finds the ticket an unanswered creation did open, and opens no other', async () => {
		const { zendesk } = newCustomer();
		const batch = [message('Hi')];
		zendesk.script('createTicket', { lost: 'applied' });

		await expect(relayConversation(zendesk, batch, NOW)).rejects.toBe(LOST);
		const [result] = await relayConversation(zendesk, batch, NOW);

		expect(zendesk.creations).toHaveLength(1);
		const [ticket] = zendesk.tickets.values();
		expect(result).toMatchObject({ ticketId: ticket.id, action: 'created' });
		expect(ticket.comments).toEqual(['Hi']);
	});

	it('keys a follow-up of a closed ticket after that ticket, and the next one after the follow-up', async () => {
		const { zendesk, ticket: closed, marie } = marieWithTicket('closed');

		const followUp = await relayInbound(zendesk, message('Me again', { ticketIdHint: closed.id }), NOW);
		zendesk.ticket(followUp.ticketId as number).status = 'closed';
		const next = await relayInbound(zendesk, message('And again', { ticketIdHint: followUp.ticketId as number }), NOW);

		expect(followUp).toMatchObject({ action: 'followUp', requesterId: marie.id });
		expect(next).toMatchObject({ action: 'followUp' });
		expect(zendesk.creations.map(({ key, ticket }) => [key, ticket.via_followup_source_id])).toEqual([
			[`braze-sms-${marie.id}-after-${closed.id}`, closed.id],
			[`braze-sms-${marie.id}-after-${followUp.ticketId}`, followUp.ticketId],
		]);
	});

	it('keys a new ticket after a solved one when reopening is off', async () => {
		const { zendesk, ticket: solved, marie } = marieWithTicket('solved');
		const options = { subject: '', tags: ['sms'], reopenSolved: false };
		const result = await relayInbound(zendesk, message('New question', { ticketIdHint: solved.id, options }), NOW);
		expect(result).toMatchObject({ action: 'created' });
		expect(zendesk.creations.map(({ key, ticket }) => [key, ticket.via_followup_source_id])).toEqual([
			[`braze-sms-${marie.id}-after-${solved.id}`, undefined],
		]);
	});

	it("reports an error when the key is taken but the other writer's ticket cannot be found (twice)", async () => {
		const { zendesk, marie } = newCustomer();
		const other = zendesk.addUser({ external_id: 'someone-else', name: 'Someone' });
		// The key is taken by a ticket that is not among Marie's requested tickets (moved to another requester).
		zendesk.script('createTicket', {
			before: () =>
				zendesk.openTicket(
					{
						requester_id: other.id,
						subject: 's',
						comment: { body: 'x', public: true, author_id: other.id },
						tags: [],
						external_id: 'braze-sms:00000000c',
					},
					`braze-sms-${marie.id}-after-none`,
				),
		});

		await expect(relayInbound(zendesk, message('Hello'), NOW)).rejects.toThrow(
			`Another writer opened a ticket for Zendesk user ${marie.id} that could not be found`,
		);
		expect(zendesk.creations).toHaveLength(2);
	});

	it('opens a follow-up linked to the hinted ticket that was closed between our read and our write', async () => {
		const { zendesk, ticket, marie } = marieWithTicket('solved');
		// Read as solved (so the message would reopen it); an automation closes it before our update.
		zendesk.script('updateTicket', { before: () => (zendesk.ticket(ticket.id).status = 'closed') });

		const result = await relayInbound(zendesk, message('Hello again', { ticketIdHint: ticket.id }), NOW);

		expect(result).toMatchObject({ action: 'followUp', requesterId: marie.id });
		expect(zendesk.creations.map(({ key, ticket: created }) => [key, created.via_followup_source_id])).toEqual([
			[`braze-sms-${marie.id}-after-${ticket.id}`, ticket.id],
		]);
	});
});
