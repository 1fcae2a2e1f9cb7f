// Two agent- and customer-visible features through the shipped workflows published in a real n8n:
// - the resend macro (outbound workflow): an agent adds `sms_resend` in the agent workspace and the customer gets the
//   newest reply again, once per use of the macro; Zendesk re-delivering the same call sends nothing more;
// - MMS media (inbound workflow): Braze's inbound webhook with media links becomes one customer comment carrying the
//   files, byte for byte, as Zendesk serves them; files the relay must not attach stay links with the reason, and links
//   to http or internal addresses are refused without any connection; a retried delivery adds nothing.
import { randomBytes } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { RESEND_TAG } from '../../nodes/ZendeskRelayTrigger/triggerDefinitions';
import type { CredentialRef, Execution, ImportedWorkflow, N8nApi } from '../../scripts/n8n';
import { INBOUND_WEBHOOK_NODE, ZENDESK_TRIGGER_NODE } from '../../scripts/sandbox/workflows';
import { relayWorkflow, zendeskSetUp } from '../chaos/relayWorkflows';
import { connectN8n } from '../harness/realN8n';
import type { InboundAttempt, InboundSms } from '../simulators/braze';
import { fileBytes, startMediaServer, type MediaServer } from '../simulators/media';
import { startSandbox, type Sandbox } from '../simulators/sandbox';
import type { SimTicket, SimUser } from '../simulators/zendesk';

const HEADER = { name: 'X-Relay-Secret', value: `resend-media-${randomBytes(12).toString('hex')}` };
const SMS_TAG = 'sms';
const RELAY_NODE = 'Zendesk Ticket Relay';
const UPLOADS_PATH = '/api/v2/uploads.json';
const MB = 1024 * 1024;
/** Real file signatures in front of the test bytes, so the served files are what a phone's MMS carries. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);

let n8n: N8nApi;
let sandbox: Sandbox;
let media: MediaServer;
let credentials: Record<'zendeskRelayApi' | 'brazeRelayApi' | 'httpHeaderAuth', CredentialRef>;
const workflows: ImportedWorkflow[] = [];

const zendesk = () => sandbox.zendesk;
const braze = () => sandbox.braze;

/** Imports and publishes a shipped workflow; `mediaOptions` set on the inbound relay node's "Media" options. */
async function publish(direction: 'inbound' | 'outbound', label: string, mediaOptions?: IDataObject): Promise<ImportedWorkflow> {
	const json = relayWorkflow(direction, credentials);
	const relay = json.nodes.find((node) => node.name === RELAY_NODE);
	if (mediaOptions && relay) relay.parameters = { ...relay.parameters, media: mediaOptions };
	const workflow = await n8n.importWorkflow(json, { name: `resend and media: ${label}`, credentials });
	workflows.push(workflow);
	return workflow;
}

beforeAll(async () => {
	n8n = await connectN8n();
	[sandbox, media] = await Promise.all([startSandbox({ fast: true }), startMediaServer()]);
	credentials = {
		zendeskRelayApi: await n8n.createCredential('zendeskRelayApi', zendesk().credentials),
		brazeRelayApi: await n8n.createCredential('brazeRelayApi', braze().credentials),
		httpHeaderAuth: await n8n.createCredential('httpHeaderAuth', HEADER),
	};
}, 15 * 60_000);

afterAll(async () => {
	for (const workflow of workflows) await n8n.deleteWorkflow(workflow.id).catch(() => undefined);
	for (const ref of Object.values(credentials ?? {})) await n8n.deleteCredential(ref.id).catch(() => undefined);
	await Promise.all([sandbox?.close(), media?.close()]);
}, 60_000);

describe('the resend macro, through the shipped outbound workflow', () => {
	const customerId = `ada-${randomBytes(3).toString('hex')}`;
	let outbound: ImportedWorkflow;
	let agent: SimUser;
	let ticket: SimTicket;

	const smsToCustomer = () => braze().sms.filter((sms) => sms.externalUserId === customerId);
	const executions = async () => await n8n.listExecutions({ workflowId: outbound.id, includeData: true });
	const triggerItem = (execution: Execution) => execution.data?.resultData.runData[ZENDESK_TRIGGER_NODE][0].data?.main?.[0]?.[0].json;
	/** Lets Zendesk's calls (with their retries) and the `total` executions they started finish; the newest first. */
	const settle = async (total: number) => {
		await zendesk().waitForWebhooks();
		return await n8n.waitForExecutions(outbound.id, total, 60_000);
	};

	beforeAll(async () => {
		outbound = await publish('outbound', 'outbound');
		// n8n answers the publish before the trigger's set-up has made the webhook and triggers in Zendesk.
		await zendeskSetUp(zendesk(), outbound.json);
		agent = zendesk().createAgent('Jane Agent');
		const { braze_id: brazeId } = braze().createUser(customerId, { phone: '+15550110' });
		const customer = zendesk().createEndUser({
			name: 'Ada Lovelace',
			phone: '+15550110',
			external_id: customerId,
			user_fields: { braze_external_id: customerId, braze_id: brazeId },
		});
		ticket = zendesk().createTicket(
			{ subject: 'SMS from Ada', requester_id: customer.id, comment: { body: 'Where is my parcel?' }, tags: [SMS_TAG] },
			{ via: 'api' },
		);
	}, 5 * 60_000);

	it("texts the agent's public reply once", async () => {
		zendesk().agentComment(ticket.id, { authorId: agent.id, body: 'Your parcel ships today.' });
		await settle(1);
		expect(smsToCustomer()).toHaveLength(1);
		expect(smsToCustomer()[0].text).toContain('Your parcel ships today.');
	}, 60_000);

	it.each([1, 2])('use %d of the macro texts the same reply once more to the same customer and clears the tag', async (use) => {
		const [reply] = smsToCustomer();
		// Two uses of the macro send the same form body; Zendesk signs it with a timestamp in whole seconds, and the trigger
		// takes a second call with the same signature for a replay. An agent cannot submit twice within one second: neither
		// does this test.
		await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000)));
		zendesk().tagTicket(ticket.id, { additional_tags: [RESEND_TAG], authorId: agent.id });
		const [execution] = await settle(1 + use);
		expect(await executions()).toHaveLength(1 + use);
		expect(triggerItem(execution)).toMatchObject({ event: 'agentReply', resend: true, ticketId: ticket.id });
		const sent = smsToCustomer();
		expect(sent).toHaveLength(1 + use);
		expect(sent.at(-1)).toMatchObject({ text: reply.text, phone: reply.phone, campaignId: reply.campaignId });
		expect(zendesk().ticket(ticket.id)?.tags).not.toContain(RESEND_TAG);
		expect(zendesk().ticket(ticket.id)?.tags).toContain(SMS_TAG);
	}, 60_000);

	// Zendesk sends a call again, same invocation id, when its answer was slow or lost.
	it("Zendesk re-delivering the macro's call sends no SMS and starts no execution", async () => {
		const before = { sms: smsToCustomer().length, executions: (await executions()).length };
		const resend = zendesk().deliveries.filter((delivery) => delivery.ticketId === ticket.id).at(-1)!;
		await zendesk().redeliver(resend.invocationId);
		// Answered as a success, so Zendesk would not try again.
		expect(resend.attempts.at(-1)?.status).toBe(200);
		expect(resend.attempts).toHaveLength(2);
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(await executions()).toHaveLength(before.executions);
		expect(smsToCustomer()).toHaveLength(before.sms);
	}, 60_000);
});

describe('MMS media, through the shipped inbound workflow', () => {
	const customerId = `bo-${randomBytes(3).toString('hex')}`;
	/** Fetches http links on 127.0.0.1, which production keeps off (both options' defaults): only the tests' media server needs them. */
	let loopback: ImportedWorkflow;
	/** The Media options as shipped: https only, no internal addresses. */
	let shipped: ImportedWorkflow;
	let brazeId: string;
	let ticketId: number;

	const front = { path: '/mms/front.png', bytes: Buffer.concat([PNG_SIGNATURE, fileBytes(4_000, 'front')]), contentType: 'image/png' };
	const label = { path: '/mms/label.jpg', bytes: Buffer.concat([JPEG_START, fileBytes(6_000, 'label')]), contentType: 'image/jpeg' };

	const uploads = () => zendesk().log.filter((request) => request.method === 'POST' && request.path === UPLOADS_PATH).length;
	const customerComments = () => {
		const ticket = zendesk().ticket(ticketId)!;
		return ticket.comments.filter((comment) => comment.author_id === ticket.requester_id);
	};
	/** Braze's inbound webhook campaign calling the workflow, once (a test plays Braze's retries itself). */
	const text = async (workflow: ImportedWorkflow, sms: Omit<InboundSms, 'externalId' | 'phone'>) =>
		await braze().sendInboundSms(
			{ url: workflow.webhookUrl(INBOUND_WEBHOOK_NODE), headerName: HEADER.name, headerValue: HEADER.value },
			{ externalId: customerId, brazeId, phone: '+15550120', firstName: 'Bo', lastName: 'Diaz', ...sms },
			{ maxAttempts: 1 },
		);
	const answerOf = (attempts: InboundAttempt[]) => {
		expect(attempts.map((attempt) => attempt.status)).toEqual([200]);
		return JSON.parse(attempts[0].responseBody ?? '') as { ticketId: number; action: string };
	};
	/** The bytes Zendesk serves at each attachment's content_url, fetched as an agent's browser does (authenticated). */
	const servedBytes = async (attachments: Array<{ content_url: string; content_type: string }>) => {
		const authorization = `Basic ${Buffer.from(`${zendesk().email}/token:${zendesk().apiToken}`).toString('base64')}`;
		return await Promise.all(
			attachments.map(async (file) => {
				const answer = await fetch(file.content_url, { headers: { Authorization: authorization } });
				expect(answer.headers.get('content-type')).toBe(file.content_type);
				return Buffer.from(await answer.arrayBuffer());
			}),
		);
	};
	const firstMms = () => ({
		body: 'Broken on arrival',
		mediaUrls: [front, label].map((file) => media.serve(file.path, { bytes: file.bytes, contentType: file.contentType })),
		dispatchId: `mms-${customerId}-1`,
	});

	beforeAll(async () => {
		brazeId = braze().createUser(customerId, { phone: '+15550120' }).braze_id;
		if (!zendesk().userFields().some((field) => field.key === 'braze_id')) {
			// The user fields the outbound workflow's trigger creates when published (when this block runs alone).
			for (const key of ['braze_external_id', 'braze_id']) zendesk().createUserField({ key, type: 'text', title: key });
		}
		// The media server is plain http on 127.0.0.1: this copy allows both, which production keeps off (the defaults).
		loopback = await publish('inbound', 'inbound, loopback media', { allowHttp: true, allowPrivateAddresses: true, maxFileSizeMb: 1 });
		shipped = await publish('inbound', 'inbound, default media');
	}, 5 * 60_000);

	it("attaches both pictures of an MMS to one customer comment, with the very bytes served", async () => {
		const answer = answerOf(await text(loopback, firstMms()));
		expect(answer.action).toBe('created');
		ticketId = answer.ticketId;
		const comments = customerComments();
		expect(comments).toHaveLength(1);
		expect(comments[0].body).toBe('Broken on arrival');
		expect(comments[0].attachments.map((file) => [file.file_name, file.content_type, file.size])).toEqual([
			['front.png', 'image/png', front.bytes.length],
			['label.jpg', 'image/jpeg', label.bytes.length],
		]);
		expect(await servedBytes(comments[0].attachments)).toEqual([front.bytes, label.bytes]);
		expect([media.requests(front.path), media.requests(label.path)]).toEqual([1, 1]);
		expect(uploads()).toBe(2);
	}, 60_000);

	it('a retried delivery (same dispatch id) adds no second comment, fetches nothing and uploads nothing', async () => {
		const answer = answerOf(await text(loopback, firstMms()));
		expect(answer.ticketId).toBe(ticketId);
		expect(customerComments()).toHaveLength(1);
		expect(zendesk().tickets().filter((ticket) => ticket.requester_id === zendesk().ticket(ticketId)?.requester_id)).toHaveLength(1);
		expect([media.requests(front.path), media.requests(label.path)]).toEqual([1, 1]);
		expect(uploads()).toBe(2);
	}, 60_000);

	it('keeps an oversized file and a forbidden type as links, with the reasons', async () => {
		const uploadsBefore = uploads();
		const big = media.serve('/mms/big.jpg', { bytes: fileBytes(2 * MB, 'big'), contentType: 'image/jpeg' });
		const page = media.serve('/mms/page', { bytes: Buffer.from('<html>sign in</html>'), contentType: 'text/html; charset=utf-8' });
		const answer = answerOf(
			await text(loopback, { body: 'More photos', mediaUrls: [big, page], zendeskTicket: ticketId, zendeskTicketOpen: true, dispatchId: `mms-${customerId}-2` }),
		);
		expect(answer).toEqual({ ticketId, action: 'commented' });
		const latest = customerComments().at(-1)!;
		expect(latest.body).toBe(`More photos\n${big} (not attached: larger than 1 MB)\n${page} (not attached: type text/html is not allowed)`);
		expect(latest.attachments).toEqual([]);
		expect(uploads()).toBe(uploadsBefore);
	}, 60_000);

	it('with the default options, connects to no http, private or loopback link and says why each stays a link', async () => {
		const before = { requests: media.totalRequests, connections: media.connections, uploads: uploads() };
		const plain = media.serve('/x.png', { bytes: front.bytes, contentType: 'image/png' });
		const privateUrl = 'https://10.0.0.1/x.png';
		const loopbackHttps = `https://127.0.0.1:${new URL(media.url).port}/x.png`;
		const answer = answerOf(
			await text(shipped, {
				body: 'Look',
				mediaUrls: [plain, privateUrl, loopbackHttps],
				zendeskTicket: ticketId,
				zendeskTicketOpen: true,
				dispatchId: `mms-${customerId}-3`,
			}),
		);
		expect(answer).toEqual({ ticketId, action: 'commented' });
		// "private address", not "download failed: …": each was refused on its address, before any connection (with
		// Allow Private Addresses on, the same links end in download failures: a TLS error from whatever answers there).
		expect(customerComments().at(-1)).toMatchObject({
			body: [
				'Look',
				`${plain} (not attached: http links are not fetched)`,
				`${privateUrl} (not attached: private address)`,
				`${loopbackHttps} (not attached: private address)`,
			].join('\n'),
			attachments: [],
		});
		// Nothing reached the loopback server: no request, and not even a connection (an https link to it would connect).
		expect({ requests: media.totalRequests, connections: media.connections, uploads: uploads() }).toEqual(before);
	}, 60_000);
});
