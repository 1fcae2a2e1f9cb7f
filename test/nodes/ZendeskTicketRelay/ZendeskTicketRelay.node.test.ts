// The Zendesk Ticket Relay node run in-process (n8n-core's WorkflowExecute) against the Zendesk simulator: each test
// asserts what Zendesk holds afterwards and which calls reached it.
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../harness/inProcess';
import { startZendeskSimulator, type SimTicket, type SimUser, type ZendeskSimulator } from '../../simulators/zendesk';
import {
	createMarie,
	inbound,
	MARIE,
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
	sim = await startZendeskSimulator({ userFields: ['braze_external_id'] });
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

const GET_TICKET = /^GET \/api\/v2\/tickets\/\d+\.json$/;
const PUT_TICKET = /^PUT \/api\/v2\/tickets\/\d+\.json$/;
const UPSERT_USER = 'POST /api/v2/users/create_or_update.json';
const SEARCH = 'GET /api/v2/search.json';
const CREATE_TICKET = 'POST /api/v2/tickets.json';

describe('Zendesk Ticket Relay: a new customer', () => {
	it('creates the end-user and a ticket with the message as their first public comment (3 calls)', async () => {
		const run = await relay([inbound('Hello, my order #42 is late')]);

		expect(run.error).toBeUndefined();
		const marie = sim.users().find((user) => user.external_id === MARIE.external_id) as SimUser;
		expect(marie).toMatchObject({ name: 'Marie Curie', phone: '+33612345678', role: 'end-user' });
		expect(marie.user_fields).toEqual({ braze_external_id: MARIE.external_id });
		const [ticket] = sim.tickets();
		expect(run.json).toEqual([{ ticketId: ticket.id, action: 'created', requesterId: marie.id, ticketStatus: 'new' }]);
		expect(run.pairedItems).toEqual([{ item: 0 }]);
		expect(ticket).toMatchObject({ requester_id: marie.id, subject: 'SMS from Marie Curie', tags: ['sms'], status: 'new' });
		expect(comments(ticket.id)).toEqual([{ author_id: marie.id, body: 'Hello, my order #42 is late', public: true }]);
		expect(run.calls).toEqual([UPSERT_USER, SEARCH, CREATE_TICKET]);
		const creation = sim.log.find((request) => request.method === 'POST' && request.path === '/api/v2/tickets.json');
		expect(creation?.headers['idempotency-key']).toMatch(/^braze-sms-[0-9a-f]{16}$/);
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

	it('adds MMS picture links after the text, one per line', async () => {
		const media = ['https://cdn.braze.test/p1.jpg', 'https://cdn.braze.test/p2.jpg'];
		await relay([inbound('Broken on arrival', { media_urls: media.join(',') })]);
		await relay([inbound('And the box', { media_urls: ['https://cdn.braze.test/p3.jpg'] })]);
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
		expect(run.calls).toHaveLength(3);
		expect(run.calls.at(-1)).toBe(CREATE_TICKET);
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
		const marie = sim.users().find((user) => user.external_id === MARIE.external_id) as SimUser;
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
		expect(run.calls).toEqual([UPSERT_USER, SEARCH, expect.stringMatching(PUT_TICKET)]);
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
		expect(runs[1].calls).toEqual([UPSERT_USER, SEARCH]);
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
		expect(run.error).toMatch(/^Item 0: Zendesk PUT \/api\/v2\/tickets\/\d+\.json failed \(ECONNRESET\)/);
		expect(comments(ticket.id).map((comment) => comment.body)).toEqual(['From the web form', 'First', 'Second']);
	});
});

describe('Zendesk Ticket Relay: races and limits', () => {
	it('a ticket closed between the read and the update gets a follow-up, not an error', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'solved');
		// The read is answered late, after an automation has closed the ticket meanwhile.
		sim.faults.script([{ kind: 'slow', mode: 'late', delayMs: 300, method: 'GET', path: `/api/v2/tickets/${ticket.id}.json` }]);
		const running = relay([inbound('Hello again', { ticket_id: ticket.id })]);
		while (!sim.log.some((request) => request.method === 'GET')) await new Promise((resolve) => setTimeout(resolve, 5));
		sim.setStatus(ticket.id, 'closed', { via: 'rule' });

		const run = await running;

		const followUp = sim.tickets().find((candidate) => candidate.id !== ticket.id) as SimTicket;
		expect(run.error).toBeUndefined();
		expect(run.json[0]).toEqual({ ticketId: followUp.id, action: 'followUp', requesterId: marie.id, ticketStatus: 'new' });
		expect(followUp.via_followup_source_id).toBe(ticket.id);
		expect(comments(ticket.id)).toHaveLength(2);
	});

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

	it('writes the first message of a burst at once and the ones that waited as one comment, in order', async () => {
		const marie = existingMarie();
		const ticket = conversation(marie, 'open');

		const run = await relay(['Are you there?', 'Hello?', 'My order is #42'].map((text) => inbound(text, { ticket_id: ticket.id })));

		expect(bodies(ticket.id).slice(2)).toEqual(['Are you there?', 'Hello?\n\nMy order is #42']);
		expect(comments(ticket.id).slice(2).every((comment) => comment.author_id === marie.id && comment.public)).toBe(true);
		expect(puts(run)).toBe(2);
		expect(run.json).toEqual(Array(3).fill({ ticketId: ticket.id, action: 'commented', requesterId: marie.id, ticketStatus: 'open' }));
		expect(run.pairedItems).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it("opens one ticket for a new customer's burst, never one per message", async () => {
		const run = await relay([inbound('Hi'), inbound('I need help'), inbound('with my bike')]);

		const [ticket, ...others] = sim.tickets();
		expect(others).toEqual([]);
		expect(bodies(ticket.id)).toEqual(['Hi', 'I need help\n\nwith my bike']);
		expect(run.json.map((json) => [json.ticketId, json.action])).toEqual([
			[ticket.id, 'created'],
			[ticket.id, 'commented'],
			[ticket.id, 'commented'],
		]);
	});

	it('recognises a retried delivery that was written as part of a burst', async () => {
		const ticket = conversation(existingMarie(), 'open');
		const burst = ['one', 'two', 'three'].map((text) => inbound(text, { ticket_id: ticket.id }));
		await relay(burst);

		const retry = await relay([burst[2], burst[1]]);

		expect(bodies(ticket.id).slice(2)).toEqual(['one', 'two\n\nthree']);
		expect(retry.json.map((json) => json.action)).toEqual(['commented', 'commented']);
		expect(puts(retry)).toBe(0);
	});

	it('adds only the new messages when a retry and new messages wait together', async () => {
		const ticket = conversation(existingMarie(), 'open');
		const first = inbound('first', { ticket_id: ticket.id });
		await relay([first]);

		await relay([inbound('opener', { ticket_id: ticket.id }), first, inbound('second', { ticket_id: ticket.id })]);

		expect(bodies(ticket.id).slice(2)).toEqual(['first', 'opener', 'second']);
	});

	it("keeps two customers' interleaved items apart, each customer's in order", async () => {
		const run = await relay([inbound('a1'), inbound('b1', { external_id: 'braze-paul', name: 'Paul' }), inbound('a2')]);

		const byRequester = new Map(sim.tickets().map((ticket) => [ticket.requester_id, bodies(ticket.id)]));
		expect([...byRequester.values()].sort()).toEqual([['a1', 'a2'], ['b1']]);
		expect(run.json.map((json) => json.action)).toEqual(['created', 'created', 'commented']);
	});
});

describe('Zendesk Ticket Relay: items and errors', () => {
	it('relays several items in order, each with its pairedItem', async () => {
		const run = await relay([inbound('one'), inbound('STOP'), inbound('two', { external_id: 'braze-other', name: 'Other' })]);
		expect(run.json.map((json) => json.action)).toEqual(['created', 'ignored', 'created']);
		expect(run.pairedItems).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('names the item and the field when the Braze external id or the message is missing', async () => {
		const noId = await relay([inbound('hi'), inbound('hi', { external_id: '' })]);
		expect(noId.error).toMatch(/Item 1: .*brazeExternalId/);
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
