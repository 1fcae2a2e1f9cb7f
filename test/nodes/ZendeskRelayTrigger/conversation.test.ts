// The whole Zendesk → node path in-process: the node sets up the simulator, people act in Zendesk (agents reply, solve,
// tag; customers e-mail), the simulator's trigger engine fires its signed form-encoded calls at a loopback endpoint, and
// that endpoint hands each call to the node's webhook() as n8n would. What a user notices is which calls start the
// workflow, and with what item.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { callWebhook, runWebhookMethod, type WebhookAnswer, type WorkflowJson } from '../../harness/inProcess';
import { triggerWorkflow } from './triggerWorkflow';
import { TRIGGER_NODE } from './zendeskCall';
import { startZendeskSimulator, type ZendeskSimulator } from '../../simulators/zendesk';
import { sleep } from '../../simulators/shared/clock';
import { controlClient, zendeskClient } from '../../simulators/zendesk/testClient';

const WORKFLOW: WorkflowJson = triggerWorkflow({}, {
	id: 'wf-conv',
	name: 'Conversation',
	webhookId: 'aa0c2d1e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
});

let sim: ZendeskSimulator;
let server: Server;
const staticData: IDataObject = {};
/** Every answer the node gave, in order of arrival. */
const answers: WebhookAnswer[] = [];

/** Hands one HTTP call to the node, as n8n's webhook route does: raw body, headers, and the URL's query parameters. */
function relayToNode(rawBody: Buffer, url: string, headers: Record<string, string>) {
	const query = Object.fromEntries(new URL(url, 'http://127.0.0.1').searchParams);
	return callWebhook(WORKFLOW, TRIGGER_NODE, { rawBody, headers, query, url }, { staticData });
}

beforeAll(async () => {
	sim = await startZendeskSimulator({ webhookDelivery: { retryDelayMs: 10, retryAfterScale: 0.001 } });
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
			void relayToNode(Buffer.concat(chunks), req.url ?? '/', headers).then(
				(answer) => {
					answers.push(answer);
					res.writeHead(answer.statusCode ?? 200, { 'content-type': 'application/json' });
					res.end(JSON.stringify(answer.body ?? {}));
				},
				(error: Error) => {
					res.writeHead(500, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ message: error.message }));
				},
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const created = await runWebhookMethod(WORKFLOW, TRIGGER_NODE, 'create', {
		credentials: { zendeskRelayApi: sim.credentials },
		staticData,
		instanceBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
	});
	expect(created).toBe(true);
});

afterAll(async () => {
	await sim.close();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	answers.length = 0;
	sim.configure({ deliveryOrder: 'fired', locale: 'en', formEncodedPlacement: 'body' });
});

const items = () => answers.flatMap((answer) => answer.result.workflowData?.[0] ?? []).map((item) => item.json);
const callsFor = (ticketId: number) => sim.deliveries.filter((delivery) => delivery.ticketId === ticketId);

let customers = 0;

/** A customer who texted in: a ticket the relay opened through the API, tagged sms, with the Braze ids on the profile. */
function smsConversation() {
	customers += 1;
	const customer = sim.createEndUser({
		name: 'Ana Lima',
		phone: '+33612345678',
		external_id: `braze-ext-${customers}`,
		user_fields: { braze_external_id: `braze-ext-${customers}`, braze_id: `65a1b2c3d4e5f6071829${String(customers).padStart(4, '0')}` },
	});
	const ticket = sim.createTicket(
		{ subject: 'SMS from +33612345678', comment: { body: 'Where is my parcel?' }, requester_id: customer.id, tags: ['sms'] },
		{ actorId: customer.id, via: 'api' },
	);
	return { customer, ticket };
}

const REPLY = 'It left today, "Ana" 📦\nTrack it: https://track.example/?a=1&b=2 — 100% sure, 1+1';

/** The item Sam Agent's REPLY on an open `smsConversation()` gives, with the latest call's invocation id. */
function replyItem({ customer, ticket }: ReturnType<typeof smsConversation>, { resend }: { resend: boolean }) {
	return {
		event: 'agentReply',
		ticketId: ticket.id,
		ticketOpen: true,
		resend,
		ticketStatus: 'Open',
		requester: {
			id: customer.id,
			externalId: customer.external_id,
			brazeExternalId: customer.user_fields.braze_external_id,
			brazeId: customer.user_fields.braze_id,
			name: 'Ana Lima',
			phone: '+33612345678',
		},
		comment: { text: REPLY, author: 'Sam Agent' },
		invocationId: callsFor(ticket.id).at(-1)?.invocationId,
	};
}

describe('an SMS conversation', () => {
	it("relays an agent's public reply as one item with the requester's Braze ids and the reply as typed", async () => {
		const { customer, ticket } = smsConversation();
		const agent = sim.createAgent('Sam Agent');
		sim.agentComment(ticket.id, { authorId: agent.id, body: REPLY });
		await sim.idle();
		expect(items()).toEqual([replyItem({ customer, ticket }, { resend: false })]);
	});

	it("relays nothing for a private note, a comment made through the API, or the customer's own reply", async () => {
		const { customer, ticket } = smsConversation();
		sim.agentComment(ticket.id, { body: 'internal: check the carrier', public: false });
		await zendeskClient(sim).put(`/api/v2/tickets/${ticket.id}`, { ticket: { comment: { body: 'SMS: thanks!', author_id: customer.id } } });
		sim.agentComment(ticket.id, { authorId: customer.id, body: 'email reply from the customer' });
		await sim.idle();
		expect(callsFor(ticket.id)).toEqual([]); // Zendesk's triggers did not even call
		expect(items()).toEqual([]);
	});

	it('relays a solved ticket once, and a retried delivery starts nothing more', async () => {
		const { ticket } = smsConversation();
		sim.setStatus(ticket.id, 'solved');
		await sim.idle();
		expect(items()).toMatchObject([{ event: 'ticketSolved', ticketId: ticket.id, ticketOpen: false, resend: false, ticketStatus: 'Solved' }]);
		await sim.redeliver(callsFor(ticket.id)[0].invocationId);
		await sim.idle();
		expect(items()).toHaveLength(1);
		expect(answers.at(-1)?.body).toEqual({ received: true, duplicate: true });
	});

	it('gives the status label in the account language, and still routes by event', async () => {
		sim.configure({ locale: 'fr' });
		const { ticket } = smsConversation();
		sim.agentComment(ticket.id, { body: 'Bonjour !' });
		sim.setStatus(ticket.id, 'solved');
		await sim.idle();
		expect(items()).toMatchObject([
			{ event: 'agentReply', ticketOpen: true, ticketStatus: 'Ouvert' },
			{ event: 'ticketSolved', ticketOpen: false, ticketStatus: 'Résolu' },
		]);
	});
});

/** The agent's macro "SMS: resend last reply" (it adds sms_resend), submitted from the agent workspace, as another process would. */
async function applyResendMacro(ticketId: number, authorId?: number) {
	const answer = await controlClient(sim).post(`/tickets/${ticketId}/tags`, { additional_tags: ['sms_resend'], authorId });
	expect(answer.status).toBe(200);
}

/** The ticket's tags as the API shows them after the update. */
async function tagsOf(ticketId: number): Promise<string[]> {
	return (await zendeskClient(sim).get(`/api/v2/tickets/${ticketId}`)).data.ticket.tags;
}

/**
 * Waits for the next whole second. Zendesk signs each call with a whole-second timestamp, and two calls with the same
 * body signed in the same second carry the same signature, which the node takes for a replay: an agent's second use
 * of the macro comes seconds later, and so must the test's.
 */
async function nextSecond() {
	await sleep(1001 - (Date.now() % 1000));
}

/** The customer texts again: the Zendesk Ticket Relay adds their SMS through the API, reopening a solved ticket. */
async function customerTexts(ticketId: number, customerId: number, body: string) {
	const answer = await zendeskClient(sim).put(`/api/v2/tickets/${ticketId}`, {
		ticket: { comment: { body, author_id: customerId, public: true }, status: 'open' },
	});
	expect(answer.status).toBe(200);
}

describe("resend requested by an agent's macro", () => {
	it('texts the newest public reply again, once, and the ticket no longer carries sms_resend', async () => {
		const { customer, ticket } = smsConversation();
		const agent = sim.createAgent('Sam Agent');
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'An older reply' });
		sim.agentComment(ticket.id, { authorId: agent.id, body: REPLY });
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'internal: customer says the SMS never came', public: false });
		await sim.idle();
		answers.length = 0;
		const before = callsFor(ticket.id).length;

		await applyResendMacro(ticket.id, agent.id);
		await sim.idle();
		expect(callsFor(ticket.id)).toHaveLength(before + 1);
		expect(items()).toEqual([replyItem({ customer, ticket }, { resend: true })]);
		expect(await tagsOf(ticket.id)).toEqual(['sms']);
	});

	it('texts it again at each use of the macro: a second use is a deliberate second SMS', async () => {
		const { ticket } = smsConversation();
		sim.agentComment(ticket.id, { body: REPLY });
		await sim.idle();
		answers.length = 0;

		await applyResendMacro(ticket.id);
		await sim.idle();
		await nextSecond();
		await applyResendMacro(ticket.id);
		await sim.idle();
		expect(items()).toMatchObject([
			{ event: 'agentReply', ticketId: ticket.id, resend: true, comment: { text: REPLY } },
			{ event: 'agentReply', ticketId: ticket.id, resend: true, comment: { text: REPLY } },
		]);
		expect(new Set(items().map((item) => item.invocationId)).size).toBe(2);
		expect(await tagsOf(ticket.id)).toEqual(['sms']);
	});

	it("starts nothing more when Zendesk delivers the same call again (a retry is not a second use)", async () => {
		const { ticket } = smsConversation();
		sim.agentComment(ticket.id, { body: REPLY });
		await sim.idle();
		answers.length = 0;

		await applyResendMacro(ticket.id);
		await sim.idle();
		const [resent] = items();
		expect(resent).toMatchObject({ resend: true, comment: { text: REPLY } });
		await sim.redeliver(String(resent.invocationId));
		await sim.idle();
		expect(items()).toHaveLength(1);
		expect(answers.at(-1)?.body).toEqual({ received: true, duplicate: true });
	});

	it('texts nothing for a solved ticket, nor for a ticket without the SMS tag', async () => {
		const { ticket: solved } = smsConversation();
		sim.agentComment(solved.id, { body: REPLY, status: 'solved' });
		const { ticket: email } = sim.emailTicket({ from: { email: 'jo@example.test', name: 'Jo' }, body: 'Hello' });
		sim.agentComment(email.id, { body: 'Hi Jo' });
		await sim.idle();
		answers.length = 0;
		const before = { solved: callsFor(solved.id).length, email: callsFor(email.id).length };

		await applyResendMacro(solved.id);
		await applyResendMacro(email.id);
		await sim.idle();
		expect(callsFor(solved.id)).toHaveLength(before.solved); // Zendesk's triggers did not even call
		expect(callsFor(email.id)).toHaveLength(before.email);
		expect(items()).toEqual([]);
	});

	// The resend is asked for because the customer did not get the reply, and they often say so by SMS ("I never got your
	// message"): that text is the ticket's newest public comment, and a resend must not send it back to them.
	it("texts the agent's reply, not the customer's own SMS that came after it", async () => {
		const { customer, ticket } = smsConversation();
		const agent = sim.createAgent('Sam Agent');
		sim.agentComment(ticket.id, { authorId: sim.createAgent('Kim Lead').id, body: 'An older reply' });
		sim.agentComment(ticket.id, { authorId: agent.id, body: REPLY });
		await customerTexts(ticket.id, customer.id, 'I never got your message');
		await customerTexts(ticket.id, customer.id, 'Hello??');
		await sim.idle();
		answers.length = 0;

		await applyResendMacro(ticket.id, agent.id);
		await sim.idle();
		expect(items()).toMatchObject([{ event: 'agentReply', ticketOpen: true, resend: true, comment: { text: REPLY, author: 'Sam Agent' } }]);
		expect(items()[0].comment).toEqual({ text: REPLY, author: 'Sam Agent' });
		expect(await tagsOf(ticket.id)).toEqual(['sms']);
	});

	it("texts none of the customer's own words when no agent has replied publicly yet: the item's comment is empty", async () => {
		const { customer, ticket } = smsConversation();
		await customerTexts(ticket.id, customer.id, 'Anyone there?');
		await sim.idle();
		answers.length = 0;

		await applyResendMacro(ticket.id);
		await sim.idle();
		expect(items()).toMatchObject([{ event: 'agentReply', resend: true }]);
		expect(items()[0].comment).toEqual({ text: '', author: null });
	});

	// The reply trigger runs before the resend trigger and removes sms_resend in the same update, so the resend trigger no
	// longer matches: the new reply is texted once, by the reply trigger.
	it('texts a reply submitted together with the macro once, as a reply, and clears the request', async () => {
		const { ticket } = smsConversation();
		sim.agentComment(ticket.id, { body: REPLY, additional_tags: ['sms_resend'] });
		await sim.idle();
		expect(callsFor(ticket.id)).toHaveLength(1);
		expect(items()).toMatchObject([{ event: 'agentReply', ticketOpen: true, resend: false, comment: { text: REPLY } }]);
		expect(await tagsOf(ticket.id)).toEqual(['sms']);
	});

	it('texts a reply submitted together with the macro as Solved once, with the closing call, and no resend', async () => {
		const { ticket } = smsConversation();
		sim.agentComment(ticket.id, { body: REPLY, additional_tags: ['sms_resend'], status: 'solved' });
		await sim.idle();
		expect(items()).toMatchObject([
			{ event: 'agentReply', ticketOpen: false, resend: false, comment: { text: REPLY } },
			{ event: 'ticketSolved', ticketOpen: false, resend: false },
		]);
		expect(await tagsOf(ticket.id)).toEqual(['sms']);
	});

	// The solved trigger removes sms_resend in the update that solves the ticket. Were it left on the ticket, the resend
	// trigger would fire at the first agent update after the customer's next text reopens it (a note, a new assignee),
	// texting an old reply out of the blue.
	it('sends no resend for the macro applied with Submit as Solved, and the request does not linger to fire after a reopen', async () => {
		const { customer, ticket } = smsConversation();
		const agent = sim.createAgent('Sam Agent');
		sim.agentComment(ticket.id, { authorId: agent.id, body: REPLY });
		await sim.idle();
		answers.length = 0;

		const solved = await controlClient(sim).post(`/tickets/${ticket.id}/tags`, { additional_tags: ['sms_resend'], status: 'solved', authorId: agent.id });
		expect(solved.status).toBe(200);
		await sim.idle();
		expect(items()).toMatchObject([{ event: 'ticketSolved', ticketOpen: false, resend: false }]);
		expect(await tagsOf(ticket.id)).toEqual(['sms']);

		answers.length = 0;
		await customerTexts(ticket.id, customer.id, 'Hello? Still there?');
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'internal: customer is back', public: false });
		await sim.idle();
		expect(items()).toEqual([]);
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'Yes, sorry! Here it is again.' });
		await sim.idle();
		expect(items()).toMatchObject([{ resend: false, comment: { text: 'Yes, sorry! Here it is again.' } }]);
	});

	// Only an agent's own update in Zendesk asks for a resend: never the relay's API writes (the customer's texts), nor the
	// customer's own e-mail reply, even when the ticket carries sms_resend.
	it('fires for no update made through the API or by the customer, even on a ticket carrying sms_resend', async () => {
		const { customer, ticket } = smsConversation();
		sim.agentComment(ticket.id, { body: REPLY });
		await sim.idle();
		answers.length = 0;
		const before = callsFor(ticket.id).length;

		const tagged = await zendeskClient(sim).put(`/api/v2/tickets/${ticket.id}`, { ticket: { additional_tags: ['sms_resend'] } });
		expect(tagged.data.ticket.tags).toEqual(['sms', 'sms_resend']);
		await customerTexts(ticket.id, customer.id, 'I never got your message');
		sim.agentComment(ticket.id, { authorId: customer.id, body: 'Replying by e-mail: nothing came' });
		await sim.idle();
		expect(callsFor(ticket.id)).toHaveLength(before); // Zendesk's triggers did not even call
		expect(items()).toEqual([]);
		expect(await tagsOf(ticket.id)).toEqual(['sms', 'sms_resend']);
	});

	it('a request made on a solved ticket echoes none of the customer\'s texts, and the next reply is texted once', async () => {
		const { customer, ticket } = smsConversation();
		sim.agentComment(ticket.id, { body: REPLY, status: 'solved' });
		await sim.idle();
		await applyResendMacro(ticket.id);
		await sim.idle();
		answers.length = 0;

		await customerTexts(ticket.id, customer.id, 'Hello? Still there?');
		await sim.idle();
		expect(items()).toEqual([]);
		sim.agentComment(ticket.id, { body: 'Yes, sorry! Here it is again.' });
		await sim.idle();
		expect(items()).toMatchObject([{ resend: false, comment: { text: 'Yes, sorry! Here it is again.' } }]);
		expect(await tagsOf(ticket.id)).toEqual(['sms']);
	});
});

describe('a reply submitted as solved', () => {
	it('gives two items, both with the ticket closed, whichever call arrives first', async () => {
		const arrivals: string[][] = [];
		for (const deliveryOrder of ['fired', 'reverse'] as const) {
			answers.length = 0;
			sim.configure({ deliveryOrder });
			const { ticket } = smsConversation();
			sim.agentComment(ticket.id, { body: 'Sorted, closing this. Bye!', status: 'solved' });
			await sim.idle();
			expect(items()).toHaveLength(2);
			expect(items().map((item) => ({ ticketId: item.ticketId, ticketOpen: item.ticketOpen }))).toEqual([
				{ ticketId: ticket.id, ticketOpen: false },
				{ ticketId: ticket.id, ticketOpen: false },
			]);
			expect(items().find((item) => item.event === 'agentReply')?.comment).toEqual({ text: 'Sorted, closing this. Bye!', author: 'Sim Admin' });
			arrivals.push(items().map((item) => String(item.event)));
		}
		// Both orders really happened: the reply first once, the solved call first the other time.
		expect(arrivals[0]).toEqual([...arrivals[1]].reverse());
		expect(new Set(arrivals.flat())).toEqual(new Set(['agentReply', 'ticketSolved']));
	});
});

describe('tickets that are not SMS conversations', () => {
	it('relays nothing from an e-mail ticket whose requester has a CRM external id: no call, no item', async () => {
		const { ticket, requester } = sim.emailTicket({
			from: { email: 'lee@example.test', name: 'Lee Doe', external_id: 'crm-000123' },
			body: 'Hello, my invoice is wrong.',
		});
		expect(requester.external_id).toBe('crm-000123');
		sim.agentComment(ticket.id, { body: 'We are on it.' });
		sim.agentComment(ticket.id, { body: 'Fixed, closing.', status: 'solved' });
		await sim.idle();
		expect(callsFor(ticket.id)).toEqual([]);
		expect(items()).toEqual([]);
	});

	it('relays the next reply once an agent adds the SMS tag to the ticket', async () => {
		const { ticket } = sim.emailTicket({ from: { email: 'kim@example.test', name: 'Kim' }, body: 'Please text me instead.' });
		sim.tagTicket(ticket.id, { additional_tags: ['sms'] });
		sim.agentComment(ticket.id, { body: 'Texting you now.' });
		await sim.idle();
		expect(items()).toMatchObject([{ event: 'agentReply', ticketId: ticket.id, comment: { text: 'Texting you now.' } }]);
	});
});

// Zendesk's help centre says a webhook in another format than JSON or XML sends no request payload: its key-value pairs
// become URL parameters ("Creating webhooks to interact with third-party systems"). The simulator models that with
// formEncodedPlacement 'query'. The signature then covers the timestamp (whole seconds) and an empty body only, so every
// such call of the same second carries the same signature: see the failing test in webhook.test.ts.
describe('form parameters sent in the URL, as Zendesk documents for form-encoded webhooks', () => {
	it('relays an agent reply', async () => {
		sim.configure({ formEncodedPlacement: 'query' });
		const { ticket } = smsConversation();
		sim.agentComment(ticket.id, { body: REPLY });
		await sim.idle();
		expect(callsFor(ticket.id)[0].body).toBe('');
		expect(items()).toMatchObject([{ event: 'agentReply', ticketId: ticket.id, ticketOpen: true, comment: { text: REPLY } }]);
	});
});
