// The shipped outbound workflow (workflows/zendesk-to-braze-sms.json) in a real n8n: publishing it sets Zendesk up (one
// form-encoded webhook, three triggers on SMS-tagged tickets, the two Braze user fields), agents' public replies and
// solved tickets reach the customer by SMS through Braze, and nothing else gets in.
import { triggerTitle } from '../../nodes/ZendeskRelayTrigger/triggerDefinitions';
import { fillPlaceholders, loadWorkflow, WORKFLOW_FILES, ZENDESK_TRIGGER_NODE } from '../../scripts/sandbox/workflows';
import type { CredentialRef, Execution, ImportedWorkflow } from '../../scripts/n8n';
import { relayTriggerKeys, zendeskSetUp } from '../chaos/relayWorkflows';
import { eventually } from '../harness/eventually';
import { connectN8n, type N8nApi } from '../harness/realN8n';
import { SANDBOX_CAMPAIGNS, startSandbox, type Sandbox } from '../simulators/sandbox';
import { sendZendeskWebhook, signZendeskWebhook, zendeskTimestamp } from '../simulators/zendesk';
import { zendeskClient } from '../simulators/zendesk/testClient';
import type { SimTicket, SimUser } from '../simulators/zendesk';

const CUSTOMER = 'braze-user-42';
const SMS_TAG = 'sms';
const AGENT_REPLY = 'Hello Ada,\n\nyour parcel left our warehouse today — it arrives “tomorrow”.\n\nJane';

describe('Zendesk → Braze SMS workflow in a real n8n', () => {
	let n8n: N8nApi;
	let sandbox: Sandbox;
	let workflow: ImportedWorkflow;
	let credentials: Record<string, CredentialRef>;
	let agent: SimUser;
	let ticket: SimTicket;

	const zendesk = () => sandbox.zendesk;
	const braze = () => sandbox.braze;
	const executions = async () => await n8n.listExecutions({ workflowId: workflow.id });
	/** Executions started at or after `since` (an earlier test's execution may still be being saved). */
	const startedSince = async (since: number) =>
		(await executions()).filter((execution) => Date.parse(execution.startedAt) >= since);
	const smsTo = (externalId: string) => braze().sms.filter((sms) => sms.externalUserId === externalId);
	const triggerItem = (execution: Execution) => execution.data?.resultData.runData[ZENDESK_TRIGGER_NODE][0].data?.main?.[0]?.[0].json;

	/** Lets every webhook delivery the simulator started (with its retries) and the executions they started finish. */
	async function settle(expectedExecutions: number): Promise<void> {
		await zendesk().waitForWebhooks();
		if (expectedExecutions > 0) await n8n.waitForExecutions(workflow.id, expectedExecutions);
	}

	beforeAll(async () => {
		n8n = await connectN8n();
		sandbox = await startSandbox({ fast: true });
		credentials = {
			zendeskRelayApi: await n8n.createCredential('zendeskRelayApi', zendesk().credentials),
			brazeRelayApi: await n8n.createCredential('brazeRelayApi', braze().credentials),
			httpHeaderAuth: await n8n.createCredential('httpHeaderAuth', { name: 'X-Unused', value: 'unused-here' }),
		};
		const json = fillPlaceholders(loadWorkflow(WORKFLOW_FILES.outbound), {
			credentials: credentials as never,
			campaigns: SANDBOX_CAMPAIGNS,
		});
		workflow = await n8n.importWorkflow(json, { credentials });
		// n8n answers the publish before the trigger's setup hook has finished talking to Zendesk.
		await zendeskSetUp(zendesk(), workflow.json);
		agent = zendesk().createAgent('Jane Agent');
		const profile = braze().createUser(CUSTOMER, { phone: '+15550100' });
		// The customer and ticket as the Zendesk Ticket Relay makes them for an SMS conversation.
		const customer = zendesk().createEndUser({
			name: 'Ada Lovelace',
			phone: '+15550100',
			external_id: CUSTOMER,
			user_fields: { braze_external_id: CUSTOMER, braze_id: profile.braze_id },
		});
		ticket = zendesk().createTicket({
			subject: 'Parcel',
			requester_id: customer.id,
			comment: { body: 'Where is my parcel?' },
			tags: [SMS_TAG],
		});
	}, 15 * 60_000);

	afterAll(async () => {
		await sandbox?.close();
	});

	it('publishing creates one form-encoded webhook at the production URL, the triggers of its events on SMS-tagged tickets and both user fields', () => {
		const webhooks = zendesk().webhooks();
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0]).toMatchObject({
			endpoint: workflow.webhookUrl(ZENDESK_TRIGGER_NODE),
			http_method: 'POST',
			request_format: 'form_encoded',
			status: 'active',
			subscriptions: ['conditional_ticket_events'],
		});
		const agentPublicComment = [
			{ field: 'comment_is_public', operator: 'is', value: 'true' },
			{ field: 'role', operator: 'is_not', value: 'end_user' },
			{ field: 'current_via_id', operator: 'is_not', value: '5' },
		];
		const smsTagged = { field: 'current_tags', operator: 'includes', value: SMS_TAG };
		const owner = { workflowId: workflow.id, workflowName: workflow.name };
		expect(zendesk().triggers().map((trigger) => trigger.title).sort()).toEqual(
			relayTriggerKeys(workflow.json).map((key) => triggerTitle(key, owner)).sort(),
		);
		// The triggers behind the two events, by their title's end: their conditions, and the event and ticket_open they send.
		const byKind = Object.fromEntries(zendesk().triggers().map((trigger) => [trigger.title.split(' – ').pop(), trigger]));
		const expected = {
			'agent reply': { all: [...agentPublicComment, { field: 'status', operator: 'less_than', value: 'solved' }, smsTagged], sends: ['agentReply', 'true'] },
			'agent reply, solving': { all: [...agentPublicComment, { field: 'status', operator: 'is', value: 'solved' }, smsTagged], sends: ['agentReply', 'false'] },
			'ticket solved': { all: [{ field: 'status', operator: 'value', value: 'solved' }, smsTagged], sends: ['ticketSolved', 'false'] },
		};
		for (const [kind, { all, sends }] of Object.entries(expected)) {
			const trigger = byKind[kind];
			expect(trigger.title).toContain(workflow.id);
			expect(trigger.conditions).toEqual({ all, any: [] });
			expect(trigger.actions[0]).toEqual({ field: 'notification_webhook', value: [webhooks[0].id, expect.any(Array)] });
			const pairs = new Map(trigger.actions[0].value[1] as Array<[string, string]>);
			expect([pairs.get('event'), pairs.get('ticket_open')]).toEqual(sends);
		}
		expect(zendesk().userFields().map((field) => field.key)).toEqual(expect.arrayContaining(['braze_external_id', 'braze_id']));
	});

	it('publishing again creates nothing more', async () => {
		await n8n.publishWorkflow(workflow.id);
		await zendesk().idle();
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		expect(zendesk().webhooks()).toHaveLength(1);
		expect(zendesk().triggers()).toHaveLength(relayTriggerKeys(workflow.json).length);
	});

	it("sends an agent's public reply as a clean SMS and marks the ticket open on the profile", async () => {
		zendesk().agentComment(ticket.id, { authorId: agent.id, body: AGENT_REPLY });
		await settle(1);
		const [sms] = smsTo(CUSTOMER);
		expect(sms.campaignId).toBe(SANDBOX_CAMPAIGNS.reply);
		// The seed recipe's wording around the agent's own words: no "----" separator, no "Name, Date" header, smart
		// punctuation turned into GSM-7 so the SMS is not billed as UCS-2.
		expect(sms.text).toBe(
			'New message from Zendesk:\nHello Ada,\n\nyour parcel left our warehouse today - it arrives "tomorrow".\n\nJane\n\n' +
				'Feel free to respond directly to this number!',
		);
		expect(braze().user(CUSTOMER)?.attributes).toMatchObject({ zendesk_ticket: ticket.id, zendesk_ticket_open: true });
		const [execution] = await executions();
		expect(execution.status).toBe('success');
		expect(triggerItem(execution)).toMatchObject({
			event: 'agentReply',
			ticketId: ticket.id,
			ticketOpen: true,
			requester: { externalId: CUSTOMER, brazeExternalId: CUSTOMER },
		});
		const parsed = execution.data?.resultData.runData['Parse Zendesk Comment'][0].data?.main?.[0]?.[0].json;
		expect(parsed).toMatchObject({ author: 'Jane Agent', sms: { encoding: 'GSM-7', segments: 1, truncated: false } });
		expect(braze().sends.at(-1)?.recipients.map((recipient) => recipient.external_user_id)).toEqual([CUSTOMER]);
	}, 60_000);

	it('sends nothing for an internal note or a comment made through the API (our own relayed SMS)', async () => {
		const since = Date.now();
		const smsBefore = braze().sms.length;
		zendesk().agentComment(ticket.id, { authorId: agent.id, body: 'Internal: customer is VIP', public: false });
		// As the relay does: a public comment authored by the customer, through the API.
		const api = await zendeskClient(zendesk()).put(`/api/v2/tickets/${ticket.id}.json`, {
			ticket: { comment: { body: 'Relayed from SMS', public: true, author_id: ticket.requester_id } },
		});
		expect(api.status).toBe(200);
		await settle(0);
		expect(zendesk().deliveries).toHaveLength(1);
		expect(braze().sms).toHaveLength(smsBefore);
		expect(await startedSince(since)).toHaveLength(0);
	}, 60_000);

	it('sends the closing SMS once when the ticket is solved, and marks the ticket closed on the profile', async () => {
		zendesk().setStatus(ticket.id, 'solved', { actorId: agent.id });
		await settle(2);
		const closing = smsTo(CUSTOMER).filter((sms) => sms.campaignId === SANDBOX_CAMPAIGNS.closing);
		expect(closing).toHaveLength(1);
		expect(closing[0].text).toMatch(/solved/i);
		expect(braze().user(CUSTOMER)?.attributes).toMatchObject({ zendesk_ticket: ticket.id, zendesk_ticket_open: false });
		const [execution] = await executions();
		expect(triggerItem(execution)).toMatchObject({ event: 'ticketSolved', ticketId: ticket.id, ticketOpen: false });
	}, 60_000);

	describe('calls that are not genuine start no execution', () => {
		const secret = () => zendesk().store.webhooks.get(zendesk().webhooks()[0].id)!.signing_secret;
		/** Where a call from the webhook the trigger set up goes, and the webhook id Zendesk names in it. */
		const target = () => ({ url: workflow.webhookUrl(ZENDESK_TRIGGER_NODE), webhookId: zendesk().webhooks()[0].id });
		const body = () => zendesk().deliveries[0].body;
		/** As Zendesk sends a form-encoded webhook's call. */
		const form = () => ({ 'Content-Type': zendesk().deliveries[0].contentType });
		const minutes = (n: number) => zendeskTimestamp(new Date(Date.now() + n * 60_000));
		const tampered = () => {
			const timestamp = zendeskTimestamp();
			const signature = signZendeskWebhook(secret(), timestamp, body());
			return { timestamp, signature, body: body().replace(`ticket_id=${ticket.id}`, 'ticket_id=999999') };
		};

		it.each([
			['unsigned', 401, () => ({ headers: { ...form(), 'x-zendesk-webhook-signature': '' } })],
			['signed with a wrong secret', 401, () => ({ secret: 'd3Jvbmctc2VjcmV0' })],
			['with a body changed after signing', 401, () => tampered()],
			['stale (10 minutes old)', 401, () => ({ timestamp: minutes(-10) })],
			['future-dated (10 minutes ahead)', 401, () => ({ timestamp: minutes(10) })],
			// Zendesk is asked to call again: the saved set-up may not hold that webhook's secret yet (docs/trigger-state.md).
			['from a webhook the saved set-up does not name', 503, () => ({ webhookId: '01NOTTHISWORKFLOWSWEBHOOK' })],
		])('%s → %d, no execution', async (_name, status, variant) => {
			const since = Date.now();
			const result = await sendZendeskWebhook({ ...target(), body: body(), secret: secret(), headers: form(), ...variant() });
			expect(result.status).toBe(status);
			await new Promise((resolve) => setTimeout(resolve, 500));
			expect(await startedSince(since)).toHaveLength(0);
		});

		// Zendesk retries a delivery with the same invocation id (and a fresh signature) when an answer is slow or 409/429/503.
		it('a replay of a genuine delivery (same invocation id) starts no execution', async () => {
			const since = Date.now();
			const result = await sendZendeskWebhook({ ...target(), body: body(), secret: secret(), headers: form(), invocationId: zendesk().deliveries[0].invocationId });
			expect(result.status).toBe(200);
			await new Promise((resolve) => setTimeout(resolve, 1_500));
			expect(await startedSince(since)).toHaveLength(0);
		});

		// A webhook set up by a version before 0.2 still sends JSON: the answer tells the admin what to do.
		it('a signed JSON body → 400 saying to re-publish, no execution', async () => {
			const since = Date.now();
			const json = JSON.stringify(Object.fromEntries(new URLSearchParams(body())));
			const result = await sendZendeskWebhook({ ...target(), body: json, secret: secret(), headers: { 'Content-Type': 'application/json' } });
			expect(result.status).toBe(400);
			expect(result.responseBody).toMatch(/re-publish/);
			await new Promise((resolve) => setTimeout(resolve, 500));
			expect(await startedSince(since)).toHaveLength(0);
		});

		it('a signed form without a usable ticket id → 400, no execution', async () => {
			const since = Date.now();
			const broken = body().replace(`ticket_id=${ticket.id}`, 'ticket_id=');
			const result = await sendZendeskWebhook({ ...target(), body: broken, secret: secret(), headers: form() });
			expect(result.status).toBe(400);
			expect(result.responseBody).toMatch(/ticket id/);
			await new Promise((resolve) => setTimeout(resolve, 500));
			expect(await startedSince(since)).toHaveLength(0);
		});
	});

	it('unpublishing removes exactly the webhook and triggers it created, and keeps the user field', async () => {
		const foreign = await zendeskClient(zendesk()).post('/api/v2/webhooks', {
			webhook: { name: 'Another integration', endpoint: 'https://example.invalid/hook' },
		});
		expect(foreign.status).toBe(201);
		await n8n.unpublishWorkflow(workflow.id);
		await eventually('the removal', () => zendesk().triggers().length, (count) => count === 0);
		await eventually('the webhook removal', () => zendesk().webhooks().length, (count) => count === 1);
		expect(zendesk().webhooks().map((webhook) => webhook.name)).toEqual(['Another integration']);
		expect(zendesk().triggers()).toHaveLength(0);
		expect(zendesk().userFields().map((field) => field.key)).toEqual(expect.arrayContaining(['braze_external_id', 'braze_id']));
		await n8n.deleteWorkflow(workflow.id);
		for (const ref of Object.values(credentials)) await n8n.deleteCredential(ref.id);
	}, 60_000);
});
