// The whole Zendesk → node path in-process: the node sets up the simulator, the simulator's trigger engine fires its
// signed webhooks at a loopback endpoint, and that endpoint hands each call to the node's webhook() as n8n would.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { callWebhook, runWebhookMethod, type WebhookAnswer, type WorkflowJson } from '../../harness/inProcess';
import { triggerWorkflow } from './triggerWorkflow';
import { startZendeskSimulator, type ZendeskSimulator } from '../../simulators/zendesk';
import { zendeskClient } from '../../simulators/zendesk/testClient';

const NODE = 'Zendesk Relay Trigger';
const WORKFLOW: WorkflowJson = triggerWorkflow({}, {
	id: 'wf-conv',
	name: 'Conversation',
	webhookId: 'aa0c2d1e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
});

let sim: ZendeskSimulator;
let server: Server;
let baseUrl: string;
const staticData: IDataObject = {};
/** Every answer the node gave, in order of arrival. */
const answers: WebhookAnswer[] = [];

beforeAll(async () => {
	sim = await startZendeskSimulator({ webhookDelivery: { retryDelayMs: 10, retryAfterScale: 0.001 } });
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
			void callWebhook(WORKFLOW, NODE, { rawBody: Buffer.concat(chunks), headers }, { staticData }).then((answer) => {
				answers.push(answer);
				res.writeHead(answer.statusCode ?? 200, { 'content-type': 'application/json' });
				res.end(JSON.stringify(answer.body ?? answer.result.webhookResponse ?? {}));
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const created = await runWebhookMethod(WORKFLOW, NODE, 'create', {
		credentials: { zendeskRelayApi: sim.credentials },
		staticData,
		instanceBaseUrl: baseUrl,
	});
	expect(created).toBe(true);
});

afterAll(async () => {
	await sim.close();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	answers.length = 0;
});

const items = () => answers.flatMap((answer) => answer.result.workflowData?.[0] ?? []).map((item) => item.json);

let customers = 0;

function customerTicket() {
	customers += 1;
	const customer = sim.createEndUser({
		name: 'Ana Lima',
		email: `ana${customers}@example.test`,
		phone: '+33612345678',
		external_id: `ext-ana-${customers}`,
		user_fields: { braze_external_id: `braze-ana-${customers}` },
	});
	const ticket = sim.createTicket(
		{ subject: 'SMS from +33612345678', comment: { body: 'Where is my parcel?' }, requester_id: customer.id },
		{ actorId: customer.id, via: 'api' },
	);
	return { customer, ticket };
}

it('relays an agent public reply as one item carrying the requester and the clean comment text', async () => {
	const { customer, ticket } = customerTicket();
	const agent = sim.createAgent('Sam Agent');
	sim.agentComment(ticket.id, { authorId: agent.id, body: 'It left today, "Ana".\nTrack it here.' });
	await sim.idle();
	expect(items()).toEqual([
		{
			event: 'agentReply',
			ticketId: ticket.id,
			ticketStatus: 'open',
			requester: {
				id: customer.id,
				externalId: customer.external_id,
				brazeExternalId: customer.user_fields.braze_external_id,
				name: 'Ana Lima',
				phone: '+33612345678',
			},
			comment: { text: 'It left today, "Ana".\nTrack it here.', author: 'Sam Agent' },
			invocationId: sim.deliveries.at(-1)?.invocationId,
		},
	]);
});

it("relays nothing for a private note, a comment made through the API, or the customer's own reply", async () => {
	const { customer, ticket } = customerTicket();
	sim.agentComment(ticket.id, { body: 'internal: check the carrier', public: false });
	const client = zendeskClient(sim);
	await client.put(`/api/v2/tickets/${ticket.id}`, { ticket: { comment: { body: 'SMS: thanks!', author_id: customer.id } } });
	sim.agentComment(ticket.id, { authorId: customer.id, body: 'email reply from the customer' });
	await sim.idle();
	expect(answers).toEqual([]); // Zendesk's triggers did not even call
	expect(items()).toEqual([]);
});

it('relays a solved ticket once, and a retried delivery starts nothing more', async () => {
	const { ticket } = customerTicket();
	sim.setStatus(ticket.id, 'solved');
	await sim.idle();
	expect(items()).toMatchObject([{ event: 'ticketSolved', ticketId: ticket.id, ticketStatus: 'solved' }]);
	const { invocationId } = sim.deliveries.at(-1) ?? { invocationId: '' };
	await sim.dispatcher.redeliver(invocationId);
	await sim.idle();
	expect(items()).toHaveLength(1);
	expect(answers.at(-1)?.body).toEqual({ received: true, duplicate: true });
});
