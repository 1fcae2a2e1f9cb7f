// The Zendesk Ticket Relay node run in-process (n8n-core's WorkflowExecute) against the Zendesk simulator: each test
// asserts what Zendesk holds afterwards and which calls reached it. Races that need an exact interleaving are in
// relay.test.ts, against a scripted Zendesk.
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../harness/inProcess';
import { startZendeskSimulator, type SimTicket, type SimUser, type ZendeskSimulator } from '../../simulators/zendesk';
import { zendeskClient } from '../../simulators/zendesk/testClient';
import {
	createMarie,
	inbound,
	MARIE,
	RELAY_USER_FIELDS,
	relayWorkflow,
	runRelay,
	seedConversation,
	type RelayOptions,
	type RelayRun,
	resetZendesk,
} from './relayRun';

let sim: ZendeskSimulator;
let agent: SimUser;

beforeAll(async () => {
	sim = await startZendeskSimulator({ userFields: RELAY_USER_FIELDS });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	resetZendesk(sim);
	agent = sim.createAgent('Alex Agent');
});

function relay(items: IDataObject[], options: RelayOptions = {}): Promise<RelayRun> {
	return runRelay(sim, items, options);
}

function existingMarie(): SimUser {
	return createMarie(sim);
}

function conversation(requester: SimUser, status: SimTicket['status']): SimTicket {
	return seedConversation(sim, requester, agent, status);
}

function comments(ticketId: number) {
	return (sim.ticket(ticketId)?.comments ?? []).map((comment) => ({
		author_id: comment.author_id,
		body: comment.body,
		public: comment.public,
	}));
}

/** Another customer, with her own ids. */
const PAUL = { external_id: 'braze-paul', braze_id: '75b2c3d4e5f60718293a4b5c', name: 'Paul' };

const GET_TICKET = /^GET \/api\/v2\/tickets\/\d+\.json$/;
const PUT_TICKET = /^PUT \/api\/v2\/tickets\/\d+\.json$/;
/** Whether Zendesk met the customer by braze_id (`external_id=braze_id:<id>`). */
const FIND_USER = 'GET /api/v2/users/search.json';
const UPSERT_USER = 'POST /api/v2/users/create_or_update.json';
const PUT_USER = /^PUT \/api\/v2\/users\/\d+\.json$/;
const REQUESTED = /^GET \/api\/v2\/users\/\d+\/tickets\/requested\.json$/;
const CREATE_TICKET = 'POST /api/v2/tickets.json';

/** Each call of a run, matched against a string or a pattern. */
function callsLike(...expected: Array<string | RegExp>) {
	return expected.map((call) => (typeof call === 'string' ? call : expect.stringMatching(call)));
}

const marieInZendesk = () => sim.users().find((user) => user.external_id === MARIE.external_id) as SimUser;

describe('Zendesk Ticket Relay: a new customer', () => {
	it('creates the end-user and a ticket with the message as their first public comment (4 calls)', async () => {
		const run = await relay([inbound('Hello, my order #42 is late')]);

		expect(run.error).toBeUndefined();
		const marie = marieInZendesk();
		expect(marie).toMatchObject({ name: 'Marie Curie', phone: '+33612345678', role: 'end-user' });
		expect(marie.user_fields).toEqual({ braze_external_id: MARIE.external_id, braze_id: MARIE.braze_id });
		const [ticket] = sim.tickets();
		expect(run.json).toEqual([{ ticketId: ticket.id, action: 'created', requesterId: marie.id, ticketStatus: 'new' }]);
		expect(run.pairedItems).toEqual([{ item: 0 }]);
		expect(ticket).toMatchObject({ requester_id: marie.id, subject: 'SMS from Marie Curie', tags: ['sms'], status: 'new' });
		expect(comments(ticket.id)).toEqual([{ author_id: marie.id, body: 'Hello, my order #42 is late', public: true }]);
		// First whether Zendesk met her by braze_id while Braze knew her by phone only (no), then her tickets (none).
		expect(run.calls).toEqual(callsLike(FIND_USER, UPSERT_USER, REQUESTED, CREATE_TICKET));
		expect(sim.log[0].query).toEqual({ external_id: `braze_id:${MARIE.braze_id}` });
		const creation = sim.log.find((request) => request.method === 'POST' && request.path === '/api/v2/tickets.json');
		// The conversation's first ticket: the key names it, not the messages, so a second writer cannot open another.
		expect(creation?.headers['idempotency-key']).toBe(`braze-sms-${marie.id}-after-none`);
		const upsert = sim.log.find((request) => request.path === '/api/v2/users/create_or_update.json');
		expect(upsert?.body).toMatchObject({ user: { role: 'end-user', skip_verify_email: true } });
	});

	it('uses the subject and tags given, and the phone in the subject when there is no name', async () => {
		const run = await relay([inbound('Hi', { name: '' })], { options: { tags: 'sms, vip' } });
		const [ticket] = sim.tickets();
		expect(run.json[0].action).toBe('created');
		expect(ticket.subject).toBe('SMS from +33612345678');
		expect(ticket.tags).toEqual(['sms', 'vip']);
		// Zendesk cannot create a nameless user: the phone stands in for the name of a new one.
		expect(sim.user(ticket.requester_id)?.name).toBe('+33612345678');

		await relay([inbound('Another', { name: '' })], { options: { subject: 'Inbound SMS' } });
		expect(sim.tickets()).toHaveLength(1);
	});

	it('with Attach Files off, adds MMS picture links after the text, one per line', async () => {
		const media = ['https://cdn.braze.test/p1.jpg', 'https://cdn.braze.test/p2.jpg'];
		const linksOnly = { media: { attachFiles: false } };
		await relay([inbound('Broken on arrival', { media_urls: media.join(',') })], linksOnly);
		await relay([inbound('And the box', { media_urls: ['https://cdn.braze.test/p3.jpg'] })], linksOnly);
		const [ticket] = sim.tickets();
		expect(comments(ticket.id).map((comment) => comment.body)).toEqual([
			`Broken on arrival\n${media[0]}\n${media[1]}`,
			'And the box\nhttps://cdn.braze.test/p3.jpg',
		]);
	});
});

describe('Zendesk Ticket Relay: a known conversation (ticket id hint)', () => {
	it('adds the message to the open ticket as the customer, with a string hint, in 2 calls', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');

		const run = await relay([inbound('It arrived, thanks!', { ticket_id: String(ticket.id) })]);

		expect(run.json).toEqual([{ ticketId: ticket.id, action: 'commented', requesterId: marie.id, ticketStatus: 'open' }]);
		expect(comments(ticket.id)).toEqual([
			{ author_id: marie.id, body: 'My parcel has not arrived', public: true },
			{ author_id: agent.id, body: 'Sorry! Let me check.', public: true },
			{ author_id: marie.id, body: 'It arrived, thanks!', public: true },
		]);
		expect(run.calls).toHaveLength(2);
		expect(run.calls[0]).toMatch(GET_TICKET);
		expect(run.calls[1]).toMatch(PUT_TICKET);
	});

	it('takes a numeric hint too, and hands a pending ticket back to the agents', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'pending');
		const run = await relay([inbound('Here is my address', { ticket_id: ticket.id })]);
		expect(run.json[0]).toMatchObject({ ticketId: ticket.id, action: 'commented', ticketStatus: 'open' });
	});

	it('keeps a ticket on hold on hold', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'hold');
		const run = await relay([inbound('Any news?', { ticket_id: ticket.id })]);
		expect(run.json[0]).toMatchObject({ action: 'commented', ticketStatus: 'hold' });
		expect(sim.ticket(ticket.id)?.status).toBe('hold');
	});

	it('reopens a solved ticket with the message (2 calls)', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'solved');

		const run = await relay([inbound('Actually it is broken', { ticket_id: String(ticket.id) })]);

		expect(run.json).toEqual([{ ticketId: ticket.id, action: 'reopened', requesterId: marie.id, ticketStatus: 'open' }]);
		expect(sim.ticket(ticket.id)?.status).toBe('open');
		expect(comments(ticket.id).at(-1)).toEqual({ author_id: marie.id, body: 'Actually it is broken', public: true });
		expect(run.calls).toHaveLength(2);
	});

	it('opens a new ticket instead when reopening solved tickets is off', async () => {
		const marie = existingMarie();
		const solved = conversation(marie, 'solved');

		const run = await relay([inbound('New question', { ticket_id: solved.id })], { options: { reopenSolved: false } });

		const created = sim.tickets().find((ticket) => ticket.id !== solved.id) as SimTicket;
		expect(run.json[0]).toEqual({ ticketId: created.id, action: 'created', requesterId: marie.id, ticketStatus: 'new' });
		expect(created.via_followup_source_id).toBeNull();
		expect(sim.ticket(solved.id)?.status).toBe('solved');
		expect(comments(solved.id)).toHaveLength(2);
	});

	it('opens a follow-up of a closed ticket, linked to it, and leaves the closed one alone (3 calls)', async () => {
		const marie = existingMarie();
		const closed = conversation(marie, 'closed');

		const run = await relay([inbound('Me again', { ticket_id: String(closed.id) })]);

		const followUp = sim.tickets().find((ticket) => ticket.id !== closed.id) as SimTicket;
		expect(run.json).toEqual([{ ticketId: followUp.id, action: 'followUp', requesterId: marie.id, ticketStatus: 'new' }]);
		expect(followUp).toMatchObject({ requester_id: marie.id, via_followup_source_id: closed.id, tags: ['sms'] });
		expect(comments(followUp.id)).toEqual([{ author_id: marie.id, body: 'Me again', public: true }]);
		expect(comments(closed.id)).toHaveLength(2);
		expect(run.calls).toEqual(callsLike(GET_TICKET, REQUESTED, CREATE_TICKET));
		const creation = sim.log.find((request) => request.path === '/api/v2/tickets.json');
		expect(creation?.headers['idempotency-key']).toBe(`braze-sms-${marie.id}-after-${closed.id}`);
	});

	it('writes into the follow-up already open rather than opening a second one from the same closed ticket', async () => {
		const marie = existingMarie();
		const closed = conversation(marie, 'closed');
		const first = await relay([inbound('Me again', { ticket_id: closed.id })]);
		const second = await relay([inbound('Still there?', { ticket_id: closed.id })]);

		expect(second.json[0]).toMatchObject({ ticketId: first.json[0].ticketId, action: 'commented' });
		expect(sim.tickets()).toHaveLength(2);
	});

	it("does not use a hint pointing at another customer's ticket", async () => {
		const other = sim.createEndUser({ name: 'Pierre', external_id: 'braze-pierre', phone: '+33600000000' });
		const othersTicket = conversation(other, 'open');

		const run = await relay([inbound('Where is my refund?', { ticket_id: String(othersTicket.id) })]);

		expect(comments(othersTicket.id)).toHaveLength(2);
		const marie = marieInZendesk();
		const mine = sim.tickets().find((ticket) => ticket.requester_id === marie.id) as SimTicket;
		expect(run.json[0]).toEqual({ ticketId: mine.id, action: 'created', requesterId: marie.id, ticketStatus: 'new' });
		expect(comments(mine.id)).toEqual([{ author_id: marie.id, body: 'Where is my refund?', public: true }]);
	});

	it('falls back to the newest unsolved ticket when the hinted ticket does not exist', async () => {
		const marie = existingMarie();
		const older = conversation(marie, 'open');
		const newer = conversation(marie, 'pending');

		const run = await relay([inbound('Hello?', { ticket_id: '99999' })]);

		expect(run.json[0]).toMatchObject({ ticketId: newer.id, action: 'commented' });
		expect(comments(older.id)).toHaveLength(2);
	});

	it('updates the profile only when the message brings something new', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');

		const same = await relay([inbound('One', { ticket_id: ticket.id })]);
		expect(same.calls).not.toContain(UPSERT_USER);

		const moved = await relay([inbound('Two', { ticket_id: ticket.id, phone: '+33699999999' })]);
		expect(moved.calls).toContain(UPSERT_USER);
		expect(sim.user(marie.id)?.phone).toBe('+33699999999');
		expect(moved.json[0]).toMatchObject({ action: 'commented', requesterId: marie.id });
	});
});

describe('Zendesk Ticket Relay: no hint', () => {
	it("adds the message to the customer's newest unsolved ticket", async () => {
		const marie = existingMarie();
		const older = conversation(marie, 'open');
		const newer = conversation(marie, 'hold');
		conversation(marie, 'solved');

		const run = await relay([inbound('Any update?')]);

		expect(run.json[0]).toEqual({ ticketId: newer.id, action: 'commented', requesterId: marie.id, ticketStatus: 'hold' });
		expect(comments(older.id)).toHaveLength(2);
		expect(run.calls).toEqual(callsLike(FIND_USER, UPSERT_USER, REQUESTED, PUT_TICKET));
		// Zendesk's database, not its lagging search index, newest first.
		const requested = sim.log.find((request) => REQUESTED.test(`${request.method} ${request.path}`));
		expect(requested?.query).toMatchObject({ sort_by: 'updated_at', sort_order: 'desc' });
	});
});

/** Marie as Braze knows her before she gives an external id: her braze_id and her phone. */
const phoneOnly = (message: string, extra: IDataObject = {}) => inbound(message, { external_id: '', ...extra });

const endUsers = () => sim.users().filter((user) => user.role === 'end-user');

describe('Zendesk Ticket Relay: a customer Braze knows by phone only (braze_id)', () => {
	/** Her first message (no hint: Braze has no ticket for her yet), and the ticket and user it made. */
	async function firstContact() {
		const run = await relay([phoneOnly('Hi, my bike has a flat')]);
		const [user] = endUsers();
		const [ticket] = sim.tickets();
		return { run, user, ticket };
	}

	it('is created as a Zendesk user named by braze_id, with a ticket (3 calls)', async () => {
		const { run, user, ticket } = await firstContact();

		expect(run.error).toBeUndefined();
		expect(user).toMatchObject({ external_id: `braze_id:${MARIE.braze_id}`, name: 'Marie Curie', phone: MARIE.phone });
		expect(user.user_fields).toEqual({ braze_id: MARIE.braze_id });
		expect(run.json).toEqual([{ ticketId: ticket.id, action: 'created', requesterId: user.id, ticketStatus: 'new' }]);
		expect(comments(ticket.id)).toEqual([{ author_id: user.id, body: 'Hi, my bike has a flat', public: true }]);
		expect(run.calls).toEqual(callsLike(UPSERT_USER, REQUESTED, CREATE_TICKET));
	});

	it('her next message, with the ticket hint, is a comment on that ticket (2 calls)', async () => {
		const { user, ticket } = await firstContact();

		const run = await relay([phoneOnly('It is the front wheel', { ticket_id: ticket.id })]);

		expect(run.json).toEqual([{ ticketId: ticket.id, action: 'commented', requesterId: user.id, ticketStatus: 'new' }]);
		expect(comments(ticket.id).map((comment) => comment.body)).toEqual(['Hi, my bike has a flat', 'It is the front wheel']);
		expect(run.calls).toEqual(callsLike(GET_TICKET, PUT_TICKET));
	});

	it.each([
		['with the ticket hint', true, [GET_TICKET, PUT_USER, PUT_TICKET]],
		['without it (Braze has not stored the ticket yet)', false, [FIND_USER, PUT_USER, REQUESTED, PUT_TICKET]],
	])('once Braze knows her external id, the same Zendesk user takes it and the conversation stays on her ticket, %s', async (_case, hinted, calls) => {
		const { user, ticket } = await firstContact();

		const run = await relay([inbound('I signed up, by the way', hinted ? { ticket_id: ticket.id } : {})]);

		expect(run.error).toBeUndefined();
		expect(run.json).toEqual([{ ticketId: ticket.id, action: 'commented', requesterId: user.id, ticketStatus: 'new' }]);
		expect(endUsers()).toHaveLength(1);
		expect(sim.user(user.id)).toMatchObject({ external_id: MARIE.external_id });
		expect(sim.user(user.id)?.user_fields).toEqual({ braze_external_id: MARIE.external_id, braze_id: MARIE.braze_id });
		expect(sim.tickets()).toHaveLength(1);
		expect(comments(ticket.id).map((comment) => comment.body)).toEqual(['Hi, my bike has a flat', 'I signed up, by the way']);
		expect(run.calls).toEqual(callsLike(...calls));
		const identify = sim.log.find((request) => PUT_USER.test(`${request.method} ${request.path}`));
		expect(identify?.path).toBe(`/api/v2/users/${user.id}.json`);
	});

	it('after that, she is found by her external id, hinted or not, and still on the same ticket', async () => {
		const { user, ticket } = await firstContact();
		await relay([inbound('I signed up, by the way')]);

		const unhinted = await relay([inbound('Any news?')]);
		const hinted = await relay([inbound('Hello?', { ticket_id: ticket.id })]);

		expect([unhinted.json[0], hinted.json[0]]).toEqual(Array(2).fill({ ticketId: ticket.id, action: 'commented', requesterId: user.id, ticketStatus: 'new' }));
		expect(unhinted.calls).toEqual(callsLike(FIND_USER, UPSERT_USER, REQUESTED, PUT_TICKET));
		expect(hinted.calls).toEqual(callsLike(GET_TICKET, PUT_TICKET));
		expect(endUsers()).toHaveLength(1);
		expect(sim.tickets()).toHaveLength(1);
	});
	// Braze retries a webhook with the body it first rendered: a message sent while Braze knew her by phone only can
	// arrive after she was identified. Its delivery key is the same (the customer part is her braze_id).
	it('a retry of a message sent before she was identified, arriving after, is recognised on her ticket', async () => {
		const { user, ticket } = await firstContact();
		const early = phoneOnly('Is it covered by the warranty?', { ticket_id: ticket.id });
		await relay([early]);
		await relay([inbound('I signed up, by the way', { ticket_id: ticket.id })]);

		const retry = await relay([early]);

		expect(retry.json[0]).toEqual({ ticketId: ticket.id, action: 'commented', requesterId: user.id, ticketStatus: 'new' });
		expect(endUsers()).toHaveLength(1);
		expect(sim.tickets()).toHaveLength(1);
		expect(sim.user(user.id)?.external_id).toBe(MARIE.external_id);
		expect(comments(ticket.id).map((comment) => comment.body)).toEqual([
			'Hi, my bike has a flat',
			'Is it covered by the warranty?',
			'I signed up, by the way',
		]);
		expect(retry.calls).toEqual(callsLike(GET_TICKET));
	});
});

describe("Zendesk Ticket Relay: the customer's tickets come from Zendesk's database, not its search", () => {
	it.each([
		['a customer with an external id', {}],
		['a customer known by phone only', { external_id: '' }],
	])("%s: a second message without hint (Braze's ticket attribute not written yet) joins the first ticket while search lags", async (_case, ids) => {
		sim.configure({ searchLagMs: 10 * 60_000 });

		const first = await relay([inbound('Hello', ids)]);
		const second = await relay([inbound('Anyone there?', ids)]);

		const [ticket, ...others] = sim.tickets();
		expect(others).toEqual([]);
		expect(second.json[0]).toMatchObject({ ticketId: ticket.id, action: 'commented' });
		expect(first.json[0]).toMatchObject({ ticketId: ticket.id, action: 'created' });
		expect(comments(ticket.id).map((comment) => comment.body)).toEqual(['Hello', 'Anyone there?']);
		expect([...first.calls, ...second.calls].filter((call) => call.startsWith('GET /api/v2/search'))).toEqual([]);
	});
});

describe('Zendesk Ticket Relay: safe_update', () => {
	/** Answers the ticket read late, and does `meanwhile` once the read has reached Zendesk (before our update). */
	async function whileTheReadIsLate(ticketId: number, meanwhile: () => void, run: () => Promise<RelayRun>): Promise<RelayRun> {
		sim.faults.script([{ kind: 'slow', mode: 'late', delayMs: 300, method: 'GET', path: `/api/v2/tickets/${ticketId}.json` }]);
		const running = run();
		while (!sim.log.some((request) => request.method === 'GET')) await new Promise((resolve) => setTimeout(resolve, 5));
		meanwhile();
		return await running;
	}

	it("sends each update with safe_update and the ticket's updated_at as read", async () => {
		const ticket = conversation(existingMarie(), 'open');
		const asRead = ticket.updated_at;

		await relay([inbound('Hello', { ticket_id: ticket.id })]);

		const update = sim.log.find((request) => request.method === 'PUT');
		expect(update?.body).toMatchObject({ ticket: { safe_update: true, updated_stamp: asRead } });
		expect(sim.ticket(ticket.id)?.updated_at).not.toBe(asRead);
	});

	it("re-reads the ticket after an agent's reply beat our update (409), and adds our comment once, after it", async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');

		const run = await whileTheReadIsLate(
			ticket.id,
			() => sim.agentComment(ticket.id, { authorId: agent.id, body: 'We are on it' }),
			() => relay([inbound('Hello?', { ticket_id: ticket.id })]),
		);

		expect(run.error).toBeUndefined();
		expect(run.json[0]).toEqual({ ticketId: ticket.id, action: 'commented', requesterId: marie.id, ticketStatus: 'open' });
		expect(comments(ticket.id).slice(2)).toEqual([
			{ author_id: agent.id, body: 'We are on it', public: true },
			{ author_id: marie.id, body: 'Hello?', public: true },
		]);
		expect(run.calls).toEqual(callsLike(GET_TICKET, PUT_TICKET, GET_TICKET, PUT_TICKET));
		expect(sim.log.filter((request) => request.method === 'PUT').map((request) => request.status)).toEqual([409, 200]);
	});

	it('a ticket closed between the read and the update gets a follow-up linked to it, not an error', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'solved');

		const run = await whileTheReadIsLate(
			ticket.id,
			() => sim.setStatus(ticket.id, 'closed', { via: 'rule' }),
			() => relay([inbound('Hello again', { ticket_id: ticket.id })]),
		);

		const followUp = sim.tickets().find((candidate) => candidate.id !== ticket.id) as SimTicket;
		expect(run.error).toBeUndefined();
		expect(run.json[0]).toEqual({ ticketId: followUp.id, action: 'followUp', requesterId: marie.id, ticketStatus: 'new' });
		expect(followUp.via_followup_source_id).toBe(ticket.id);
		expect(comments(ticket.id)).toHaveLength(2);
	});
});

describe('Zendesk Ticket Relay: opening the ticket (Idempotency-Key)', () => {
	it("comments on the ticket another n8n process opened between our read and our creation (400 IdempotentRequestError)", async () => {
		const marie = existingMarie();
		const requested = `/api/v2/users/${marie.id}/tickets/requested.json`;
		sim.faults.script([{ kind: 'slow', mode: 'late', delayMs: 300, method: 'GET', path: requested }]);
		const running = relay([inbound('Hello')]);
		while (!sim.log.some((request) => request.path === requested)) await new Promise((resolve) => setTimeout(resolve, 5));
		// The other process read no ticket either, and opens the conversation's first ticket with its own message.
		const other = await zendeskClient(sim).post(
			'/api/v2/tickets.json',
			{ ticket: { requester_id: marie.id, subject: 'SMS from Marie Curie', comment: { body: 'From the other worker', author_id: marie.id } } },
			{ headers: { 'Idempotency-Key': `braze-sms-${marie.id}-after-none` } },
		);

		const run = await running;

		expect(other.status).toBe(201);
		const [ticket, ...others] = sim.tickets();
		expect(others).toEqual([]);
		expect(run.json[0]).toEqual({ ticketId: ticket.id, action: 'commented', requesterId: marie.id, ticketStatus: 'new' });
		expect(comments(ticket.id).map((comment) => comment.body)).toEqual(['From the other worker', 'Hello']);
		// The log holds the other process's creation too, between our read and our creation.
		expect(run.calls).toEqual(callsLike(FIND_USER, UPSERT_USER, REQUESTED, CREATE_TICKET, CREATE_TICKET, REQUESTED, PUT_TICKET));
		const ours = sim.log.filter((request) => request.method === 'POST' && request.path === '/api/v2/tickets.json').slice(-1);
		expect(ours.map((request) => request.status)).toEqual([400]);
	});

	it('sends the same key again when the answer to the creation was lost, and Zendesk gives back the one ticket', async () => {
		sim.faults.script([{ kind: 'reset', afterProcessing: true, method: 'POST', path: '/api/v2/tickets.json' }]);

		const run = await relay([inbound('Hello')]);

		const [ticket, ...others] = sim.tickets();
		expect(others).toEqual([]);
		expect(run.json[0]).toMatchObject({ ticketId: ticket.id, action: 'created' });
		const creations = sim.log.filter((request) => request.method === 'POST' && request.path === '/api/v2/tickets.json');
		expect(creations.map((request) => request.headers['idempotency-key'])).toEqual(Array(2).fill(`braze-sms-${ticket.requester_id}-after-none`));
		expect(comments(ticket.id)).toHaveLength(1);
	});

	it("names the conversation's next ticket: after the newest ticket the customer has", async () => {
		const marie = existingMarie();
		const older = conversation(marie, 'closed');
		const newer = conversation(marie, 'closed');

		await relay([inbound('Hello')]);

		const creation = sim.log.find((request) => request.path === '/api/v2/tickets.json');
		expect(creation?.headers['idempotency-key']).toBe(`braze-sms-${marie.id}-after-${newer.id}`);
		expect(creation?.body).toMatchObject({ ticket: { via_followup_source_id: newer.id } });
		expect(older.id).toBeLessThan(newer.id);
	});
});

describe('Zendesk Ticket Relay: keywords', () => {
	it.each(['STOP', 'stop', ' Help! ', 'unsubscribe', 'INFO.'])('ignores "%s" without calling Zendesk', async (message) => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');
		const run = await relay([inbound(message, { ticket_id: ticket.id })]);
		expect(run.json).toEqual([{ ticketId: null, action: 'ignored', requesterId: null, ticketStatus: null }]);
		expect(run.calls).toEqual([]);
		expect(comments(ticket.id)).toHaveLength(2);
	});

	it('relays a sentence that contains a keyword', async () => {
		const run = await relay([inbound('Please stop the charges')]);
		expect(run.json[0].action).toBe('created');
	});
});

describe('Zendesk Ticket Relay: retried deliveries', () => {
	it('the same delivery three times makes one ticket with one comment', async () => {
		const delivery = inbound('Hello, is anyone there?');
		const runs = [await relay([delivery]), await relay([delivery]), await relay([delivery])];

		expect(sim.tickets()).toHaveLength(1);
		const [ticket] = sim.tickets();
		expect(comments(ticket.id)).toHaveLength(1);
		expect(runs.map((run) => run.json[0])).toEqual(Array(3).fill(runs[0].json[0]));
		// A retry finds its delivery on the ticket and writes nothing.
		expect(runs[1].calls).toEqual(callsLike(FIND_USER, UPSERT_USER, REQUESTED));
	});

	it('the same delivery three times on a known ticket adds one comment', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');
		const delivery = inbound('Thanks', { ticket_id: String(ticket.id) });
		for (let i = 0; i < 3; i++) await relay([delivery]);
		expect(comments(ticket.id).map((comment) => comment.body)).toEqual([
			'My parcel has not arrived',
			'Sorry! Let me check.',
			'Thanks',
		]);
	});

	it('a retry that arrives after newer messages is still recognised', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');
		const late = inbound('First', { ticket_id: ticket.id });
		await relay([late]);
		await relay([inbound('Second', { ticket_id: ticket.id })]);
		await relay([late]);
		expect(comments(ticket.id).slice(2).map((comment) => comment.body)).toEqual(['First', 'Second']);
	});

	it('two genuine identical messages (different deliveries) are both added', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');
		await relay([inbound('ok', { ticket_id: ticket.id, delivery_id: 'dispatch-a' })]);
		await relay([inbound('ok', { ticket_id: ticket.id, delivery_id: 'dispatch-b' })]);
		expect(comments(ticket.id).slice(2)).toEqual([
			{ author_id: marie.id, body: 'ok', public: true },
			{ author_id: marie.id, body: 'ok', public: true },
		]);
	});

	it('without a delivery id, an immediate repeat of the same text counts as a retry', async () => {
		const delivery = inbound('Hello', { delivery_id: '' });
		await relay([delivery]);
		await relay([delivery]);
		expect(comments(sim.tickets()[0].id)).toHaveLength(1);
	});

	it('two copies of one delivery running at the same time still make one ticket (Idempotency-Key)', async () => {
		const delivery = inbound('Hello from two workers');
		const [a, b] = await Promise.all([relay([delivery]), relay([delivery])]);
		expect(sim.tickets()).toHaveLength(1);
		expect(a.json[0].ticketId).toBe(b.json[0].ticketId);
		expect(comments(sim.tickets()[0].id)).toHaveLength(1);
	});

	it('a comment whose answer was lost is not added again', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');
		sim.faults.script([{ kind: 'reset', afterProcessing: true, method: 'PUT', path: `/api/v2/tickets/${ticket.id}.json` }]);

		const run = await relay([inbound('Are you there?', { ticket_id: ticket.id })]);

		expect(run.error).toBeUndefined();
		expect(run.json[0]).toMatchObject({ ticketId: ticket.id, action: 'commented' });
		expect(comments(ticket.id).slice(2).map((comment) => comment.body)).toEqual(['Are you there?']);
		expect(run.calls.filter((call) => PUT_TICKET.test(call))).toHaveLength(1);
	});

	it('a comment that never reached Zendesk is sent again after checking', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');
		sim.faults.script([{ kind: 'reset', method: 'PUT', path: `/api/v2/tickets/${ticket.id}.json` }]);

		const run = await relay([inbound('Are you there?', { ticket_id: ticket.id })]);

		expect(run.json[0]).toMatchObject({ action: 'commented' });
		expect(comments(ticket.id).slice(2).map((comment) => comment.body)).toEqual(['Are you there?']);
		expect(run.calls.filter((call) => PUT_TICKET.test(call))).toHaveLength(2);
	});

	it("leaves another integration's ticket external_id alone, and reports a lost answer there instead of guessing", async () => {
		const marie = existingMarie();
		const ticket = sim.createTicket({
			requester_id: marie.id,
			comment: { body: 'From the web form', author_id: marie.id },
			external_id: 'crm-4711',
		});
		await relay([inbound('First', { ticket_id: ticket.id })]);
		expect(sim.ticket(ticket.id)?.external_id).toBe('crm-4711');

		sim.faults.script([{ kind: 'reset', afterProcessing: true, method: 'PUT' }]);
		const run = await relay([inbound('Second', { ticket_id: ticket.id })]);
		expect(run.error).toMatch(/^Item 0: Zendesk PUT \/api\/v2\/tickets\/\d+\.json failed \(no answer: connection reset\)/);
		expect(comments(ticket.id).map((comment) => comment.body)).toEqual(['From the web form', 'First', 'Second']);
	});
});

describe('Zendesk Ticket Relay: races and limits', () => {
	it("waits out Zendesk's rate limit (Retry-After) and adds the comment once", async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');
		sim.faults.script([{ kind: 'status', status: 429, headers: { 'Retry-After': '1' }, method: 'PUT' }]);

		const run = await relay([inbound('Hello', { ticket_id: ticket.id })]);

		expect(run.json[0]).toMatchObject({ action: 'commented' });
		expect(comments(ticket.id)).toHaveLength(3);
		expect(run.calls.filter((call) => PUT_TICKET.test(call))).toHaveLength(2);
	});
});

describe('Zendesk Ticket Relay: bursts (one write at a time per customer)', () => {
	const bodies = (ticketId: number) => comments(ticketId).map((comment) => comment.body);
	const puts = (run: RelayRun) => run.calls.filter((call) => PUT_TICKET.test(call)).length;

	it("writes one execution's burst from a customer as one comment, in item order, in one update", async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');

		const run = await relay(['Are you there?', 'Hello?', 'My order is #42'].map((text) => inbound(text, { ticket_id: ticket.id })));

		expect(bodies(ticket.id).slice(2)).toEqual(['Are you there?\n\nHello?\n\nMy order is #42']);
		expect(comments(ticket.id).slice(2).every((comment) => comment.author_id === marie.id && comment.public)).toBe(true);
		expect(puts(run)).toBe(1);
		expect(run.json).toEqual(Array(3).fill({ ticketId: ticket.id, action: 'commented', requesterId: marie.id, ticketStatus: 'open' }));
		expect(run.pairedItems).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it("opens one ticket for a new customer's burst, never one per message", async () => {
		const run = await relay([inbound('Hi'), inbound('I need help'), inbound('with my bike')]);

		const [ticket, ...others] = sim.tickets();
		expect(others).toEqual([]);
		expect(bodies(ticket.id)).toEqual(['Hi\n\nI need help\n\nwith my bike']);
		expect(run.json.map((json) => [json.ticketId, json.action])).toEqual(Array(3).fill([ticket.id, 'created']));
	});

	it('recognises a retried delivery that was written as part of a burst', async () => {
		const ticket = conversation(existingMarie(), 'open');
		const burst = ['one', 'two', 'three'].map((text) => inbound(text, { ticket_id: ticket.id }));
		await relay(burst);

		const retry = await relay([burst[2], burst[1]]);

		expect(bodies(ticket.id).slice(2)).toEqual(['one\n\ntwo\n\nthree']);
		expect(retry.json.map((json) => json.action)).toEqual(['commented', 'commented']);
		expect(puts(retry)).toBe(0);
	});

	it('adds only the new messages when a retry and new messages wait together', async () => {
		const ticket = conversation(existingMarie(), 'open');
		const first = inbound('first', { ticket_id: ticket.id });
		await relay([first]);

		await relay([inbound('opener', { ticket_id: ticket.id }), first, inbound('second', { ticket_id: ticket.id })]);

		expect(bodies(ticket.id).slice(2)).toEqual(['first', 'opener\n\nsecond']);
	});

	it("keeps two customers' interleaved items apart, each customer's in order", async () => {
		const run = await relay([inbound('a1'), inbound('b1', PAUL), inbound('a2')]);

		const byRequester = new Map(sim.tickets().map((ticket) => [ticket.requester_id, bodies(ticket.id)]));
		expect([...byRequester.values()].sort()).toEqual([['a1\n\na2'], ['b1']]);
		expect(run.json.map((json) => json.action)).toEqual(['created', 'created', 'created']);
	});
});

describe('Zendesk Ticket Relay: items and errors', () => {
	it('relays several items in order, each with its pairedItem', async () => {
		const run = await relay([inbound('one'), inbound('STOP'), inbound('two', PAUL)]);
		expect(run.json.map((json) => json.action)).toEqual(['created', 'ignored', 'created']);
		expect(run.pairedItems).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('names the item and both fields when the message has neither a Braze external id nor a braze_id', async () => {
		const continued = await relay([inbound('hi', { external_id: '', braze_id: '' })], { node: { onError: 'continueRegularOutput' } });
		expect(continued.json).toEqual([{ error: expect.stringMatching(/^Item 0: .*\(brazeExternalId\) and .*\(brazeId\) are both empty$/) }]);
		expect(continued.calls).toEqual([]);
		const noId = await relay([inbound('hi'), inbound('hi', { external_id: '', braze_id: ' ' })]);
		expect(noId.error).toBe('Item 1: "Braze External ID" (brazeExternalId) and "Braze ID" (brazeId) are both empty');
	});

	// A braze_id is 24 hex digits; a mapping mistake (a whole body, a list of ids) can put kilobytes there. It goes into
	// the users/search query string, so it must be refused by the node, naming the field, before Zendesk refuses the URL.
	it('names the Braze ID field when the value cannot be a braze_id, and calls Zendesk for nothing', async () => {
		const run = await relay([inbound('hi', { braze_id: 'f'.repeat(20_000) })], { node: { onError: 'continueRegularOutput' } });
		expect(run.json).toEqual([{ error: expect.stringMatching(/^Item 0: "Braze ID" \(brazeId\) /) }]);
		expect(run.calls).toEqual([]);
	});

	it('names the item and the field when the message is missing', async () => {
		const noMessage = await relay([inbound('   ')]);
		expect(noMessage.error).toMatch(/Item 0: .*message/);
	});

	it('with continue on fail, turns a bad item into an error item and relays the others', async () => {
		const run = await relay([inbound('', {}), inbound('fine')], { node: { onError: 'continueRegularOutput' } });
		expect(run.json[0]).toEqual({ error: expect.stringMatching(/Item 0: .*message/) });
		expect(run.json[1]).toMatchObject({ action: 'created' });
		expect(run.pairedItems).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('reports a refused credential as an API error naming the item, without the token', async () => {
		const run = await runWorkflow(relayWorkflow(), {
			credentials: { zendeskRelayApi: { ...sim.credentials, apiToken: 'wrong-token' } },
			items: [inbound('hi')],
		});
		expect(run.error?.message).toMatch(/^Item 0: Zendesk .* failed \(401\)/);
		expect(JSON.stringify(run.error)).not.toContain('wrong-token');
		expect(sim.tickets()).toHaveLength(0);
	});
});

describe('Zendesk Ticket Relay: many customers in one execution (Parallel Conversations)', () => {
	const bodies = (ticketId: number) => comments(ticketId).map((comment) => comment.body);
	/** Customer number `n`, with ids of her own. */
	const customer = (n: number) => ({
		external_id: `braze-customer-${n}`,
		braze_id: n.toString(16).padStart(24, '0'),
		name: `Customer ${n}`,
		phone: `+3361000${String(n).padStart(4, '0')}`,
	});
	/** Each customer's texts, interleaved as a replayed list would have them: every customer's 1st, then every 2nd... */
	const interleaved = (customers: number, texts: number) =>
		Array.from({ length: texts }, (_, text) =>
			Array.from({ length: customers }, (_, n) => inbound(`customer ${n} text ${text}`, customer(n))),
		).flat();

	/** Runs the items while watching the simulator: the most ticket creations Zendesk was answering at the same time. */
	async function relayWatchingCreations(items: IDataObject[], options: RelayOptions) {
		let mostAtOnce = 0;
		const watch = setInterval(() => {
			const answering = sim.log.filter((request) => `${request.method} ${request.path}` === CREATE_TICKET && request.status === undefined);
			mostAtOnce = Math.max(mostAtOnce, answering.length);
		}, 2);
		try {
			return { run: await relay(items, options), mostAtOnce };
		} finally {
			clearInterval(watch);
		}
	}

	it('relays at most N customers at once, each customer\'s texts landing once, in order, as one comment', async () => {
		// Every creation is answered 300 ms late, so creations under way at the same time are seen.
		sim.faults.script([{ kind: 'slow', mode: 'late', delayMs: 300, method: 'POST', path: '/api/v2/tickets.json', times: 12 }]);

		const { run, mostAtOnce } = await relayWatchingCreations(interleaved(12, 3), { options: { parallelConversations: 3 } });

		expect(run.error).toBeUndefined();
		expect(mostAtOnce).toBe(3);
		expect(sim.tickets()).toHaveLength(12);
		for (let n = 0; n < 12; n++) {
			const requester = sim.users().find((user) => user.external_id === customer(n).external_id) as SimUser;
			const [ticket, ...others] = sim.tickets().filter((candidate) => candidate.requester_id === requester.id);
			expect(others).toEqual([]);
			expect(bodies(ticket.id)).toEqual([[0, 1, 2].map((text) => `customer ${n} text ${text}`).join('\n\n')]);
		}
		expect(run.calls.filter((call) => call === CREATE_TICKET)).toHaveLength(12);
		expect(run.json.every((json) => json.action === 'created')).toBe(true);
		expect(run.pairedItems).toEqual(Array.from({ length: 36 }, (_, item) => ({ item })));
	});

	it('relays 5 customers at once by default, and keywords take no turn and cost no call', async () => {
		sim.faults.script([{ kind: 'slow', mode: 'late', delayMs: 300, method: 'POST', path: '/api/v2/tickets.json', times: 8 }]);
		const items = [...interleaved(8, 1), inbound('STOP', customer(20))];

		const { run, mostAtOnce } = await relayWatchingCreations(items, {});

		expect(mostAtOnce).toBe(5);
		expect(run.json.map((json) => json.action)).toEqual([...Array(8).fill('created'), 'ignored']);
		expect(sim.users().some((user) => user.external_id === customer(20).external_id)).toBe(false);
	});

	it('names the option when Parallel Conversations is not a whole number of at least 1, and calls Zendesk for nothing', async () => {
		const run = await relay([inbound('hello')], { options: { parallelConversations: 0 } });
		expect(run.error).toBe('"Parallel Conversations" (parallelConversations) must be a whole number of at least 1, got 0');
		expect(run.calls).toEqual([]);
	});
});

describe('Zendesk Ticket Relay: a write of several messages that fails', () => {
	const bodies = (ticketId: number) => comments(ticketId).map((comment) => comment.body);

	it('tries each message again alone after a write that landed unanswered, and each appears once', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');
		// The comment lands but its answer is lost; reading the ticket again to check then fails too (not an outage).
		sim.faults.script([
			{ kind: 'reset', afterProcessing: true, method: 'PUT', path: `/api/v2/tickets/${ticket.id}.json` },
			{ kind: 'status', status: 404, method: 'GET', path: `/api/v2/tickets/${ticket.id}.json` },
		]);

		const run = await relay(['one', 'two', 'three'].map((text) => inbound(text)));

		expect(run.error).toBeUndefined();
		expect(bodies(ticket.id).slice(2)).toEqual(['one\n\ntwo\n\nthree']);
		expect(run.calls.filter((call) => PUT_TICKET.test(call))).toHaveLength(1);
		// Each message alone found its delivery on the ticket: three more looks at her tickets, no write.
		expect(run.calls.filter((call) => REQUESTED.test(call))).toHaveLength(4);
		expect(run.json).toEqual(Array(3).fill({ ticketId: ticket.id, action: 'commented', requesterId: marie.id, ticketStatus: 'open' }));
	});

	it("fails a customer's messages together when Zendesk will not take writes for minutes, each error naming its item", async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');
		sim.faults.script([{ kind: 'status', status: 429, headers: { 'Retry-After': '120' }, method: 'PUT' }]);

		const run = await relay(
			['one', 'two'].map((text) => inbound(text, { ticket_id: ticket.id })),
			{ node: { onError: 'continueRegularOutput' } },
		);

		const refused = (item: number) => new RegExp(`^Item ${item}: Zendesk PUT /api/v2/tickets/${ticket.id}\\.json failed \\(429\\)`);
		expect(run.json).toEqual([{ error: expect.stringMatching(refused(0)) }, { error: expect.stringMatching(refused(1)) }]);
		expect(run.calls.filter((call) => PUT_TICKET.test(call))).toHaveLength(1);
		expect(comments(ticket.id)).toHaveLength(2);
	});

	it("relays every other customer's messages before failing the execution with the first failed item's error", async () => {
		const ticket = conversation(existingMarie(), 'open');
		sim.faults.script([{ kind: 'status', status: 429, headers: { 'Retry-After': '120' }, method: 'PUT' }]);

		const run = await relay([inbound('mine', { ticket_id: ticket.id }), inbound('hello', PAUL)]);

		expect(run.error).toMatch(/^Item 0: Zendesk PUT \/api\/v2\/tickets\/\d+\.json failed \(429\)/);
		const paul = sim.users().find((user) => user.external_id === PAUL.external_id) as SimUser;
		const [paulsTicket] = sim.tickets().filter((candidate) => candidate.requester_id === paul.id);
		expect(bodies(paulsTicket.id)).toEqual(['hello']);
	});
});
