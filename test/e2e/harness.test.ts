// The real-n8n harness end to end: the shared n8n 2.41.1 (started by the e2e globalSetup) has this package installed
// from its packed tarball; a workflow using one of our nodes is imported through the public API, published, and called
// over HTTP like any user's webhook.
import { parseCommentWorkflow } from '../harness/fixtures/parseCommentWorkflow';
import { runWebhookWorkflow, type WorkflowJson } from '../harness/inProcess';
import { connectN8n, type N8nApi } from '../harness/realN8n';

const COMMENT = [
	'----------------------------------------------',
	'',
	'Jane Agent, Nov 25, 2026, 10:00',
	'',
	'Your parcel left our warehouse today.',
	'It’s on its way!',
].join('\n');

const TOKEN = { name: 'X-Relay-Token', value: 'e2e-relay-token' };

describe('real n8n harness', () => {
	let n8n: N8nApi;

	beforeAll(async () => {
		n8n = await connectN8n();
	}, 15 * 60_000);

	it('creates the package\'s credentials through the public API, which checks them against their types', async () => {
		const refs = await n8n.createCredentials({
			zendeskRelayApi: { hostType: 'url', baseUrl: 'http://127.0.0.1:9', email: 'agent@example.com', apiToken: 'token' },
			brazeRelayApi: { instance: 'custom', customUrl: 'http://127.0.0.1:9', apiKey: 'key' },
		});
		expect(Object.keys(refs)).toEqual(['zendeskRelayApi', 'brazeRelayApi']);
		await expect(n8n.createCredential('zendeskRelayApi', { hostType: 'url', email: 'agent@example.com' })).rejects.toThrow(/400/);
		for (const ref of Object.values(refs)) await n8n.deleteCredential(ref.id);
	}, 60_000);

	it('runs Webhook → Parse Zendesk Comment (our package, from its tarball) → Respond to Webhook over HTTP', async () => {
		const credential = await n8n.createCredential('httpHeaderAuth', TOKEN, 'e2e relay token');
		const workflow = await n8n.importWorkflow(parseCommentWorkflow('e2e-parse-comment'), {
			credentials: { httpHeaderAuth: credential },
		});
		const path = workflow.webhookPath('Webhook');
		expect(workflow.json.nodes[1].type).toBe('n8n-nodes-zendesk-braze.parseZendeskComment');

		const refused = await n8n.callWebhook(path, { body: { comment: { text: COMMENT } }, headers: { 'x-relay-token': 'wrong' } });
		expect(refused.status).toBe(403);

		const body = { ticketId: 4217, comment: { text: COMMENT } };
		const answer = await n8n.callWebhook(path, { body, headers: { 'x-relay-token': TOKEN.value } });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			message: 'Your parcel left our warehouse today.\nIt’s on its way!',
			author: 'Jane Agent',
			sms: {
				text: "Re #4217: Your parcel left our warehouse today.\nIt's on its way!",
				encoding: 'GSM-7',
				segments: 1,
				characters: 64,
				truncated: false,
			},
		});

		// Exactly one execution: the refused call started none. Its data is readable through the public API.
		const executions = await n8n.waitForExecutions(workflow.id, 1);
		expect(executions).toHaveLength(1);
		const [execution] = executions;
		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('webhook');
		const parsed = execution.data?.resultData.runData['Parse Zendesk Comment'][0].data?.main?.[0]?.[0].json;
		expect(parsed).toMatchObject({ author: 'Jane Agent', body });

		// The in-process harness answers exactly as the real n8n did.
		const inProcess = await runWebhookWorkflow(
			workflow.json as unknown as WorkflowJson,
			'Webhook',
			{ body, headers: { 'x-relay-token': TOKEN.value } },
			{ credentials: { httpHeaderAuth: TOKEN } },
		);
		expect(inProcess.response.statusCode).toBe(answer.status);
		expect(inProcess.response.body).toEqual(answer.body);

		await n8n.deleteWorkflow(workflow.id);
		await n8n.deleteCredential(credential.id);
	}, 120_000);
});
