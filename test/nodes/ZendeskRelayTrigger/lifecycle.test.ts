// Activation and deactivation against the Zendesk simulator: the node's real webhookMethods run through n8n-core's
// HookContext (in-process harness), and requests reach the simulator through httpRequestWithAuthentication.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWebhookMethod, type WorkflowJson } from '../../harness/inProcess';
import { triggerWorkflow } from './triggerWorkflow';
import { startZendeskSimulator, type ZendeskSimulator } from '../../simulators/zendesk';
import { zendeskClient } from '../../simulators/zendesk/testClient';
import { triggerBody } from '../../../nodes/ZendeskRelayTrigger/triggerDefinitions';

const NODE = 'Zendesk Relay Trigger';
const WEBHOOK_ID = '0f4c1a2b-3d5e-4f60-8a9b-0c1d2e3f4a5b';
const PRODUCTION_URL = `http://127.0.0.1:5678/webhook/${WEBHOOK_ID}/zendesk-relay`;

let sim: ZendeskSimulator;

beforeAll(async () => {
	sim = await startZendeskSimulator();
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => sim.reset());

function workflow(parameters: INodeParameters = {}, id = 'wf-41'): WorkflowJson {
	return triggerWorkflow(parameters, { id, name: 'Zendesk to Braze SMS', webhookId: WEBHOOK_ID });
}

const webhooks = () => [...sim.store.webhooks.values()];
const triggers = () => [...sim.store.triggers.values()];
const nodeData = (staticData: IDataObject) => staticData[`node:${NODE}`] as IDataObject & { setup?: IDataObject };

async function hook(method: 'checkExists' | 'create' | 'delete', staticData: IDataObject, json = workflow()) {
	return await runWebhookMethod(json, NODE, method, { credentials: { zendeskRelayApi: sim.credentials }, staticData });
}

/** What n8n does on publishing: create only when checkExists says it is missing. */
async function publish(staticData: IDataObject, json = workflow()) {
	if (!(await hook('checkExists', staticData, json))) await hook('create', staticData, json);
}

describe('publishing with automatic setup', () => {
	it('creates one webhook at the production URL, with its signing secret stored', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		expect(webhooks()).toHaveLength(1);
		const [webhook] = webhooks();
		expect(webhook).toMatchObject({
			name: 'n8n relay wf-41 (Zendesk to Braze SMS)',
			endpoint: PRODUCTION_URL,
			http_method: 'POST',
			request_format: 'json',
			status: 'active',
			subscriptions: ['conditional_ticket_events'],
		});
		expect(nodeData(staticData).setup).toMatchObject({
			workflowId: 'wf-41',
			endpoint: PRODUCTION_URL,
			webhookId: webhook.id,
			signingSecret: webhook.signing_secret,
		});
	});

	it('creates the agent reply trigger with the right conditions, field by field', async () => {
		await publish({});
		const trigger = triggers().find((t) => t.title === 'n8n relay wf-41 (Zendesk to Braze SMS) – agent reply');
		expect(trigger).toBeDefined();
		expect(trigger?.active).toBe(true);
		expect(trigger?.conditions.any).toEqual([]);
		const [isPublic, role, via] = trigger?.conditions.all ?? [];
		expect(trigger?.conditions.all).toHaveLength(3);
		expect(isPublic).toEqual({ field: 'comment_is_public', operator: 'is', value: 'true' });
		expect(role).toEqual({ field: 'role', operator: 'is_not', value: 'end_user' });
		expect(via).toEqual({ field: 'current_via_id', operator: 'is_not', value: '5' });
		expect(trigger?.actions).toEqual([
			{ field: 'notification_webhook', value: [webhooks()[0].id, triggerBody('agentReply')] },
		]);
	});

	it('creates the ticket solved trigger: status changed to solved', async () => {
		await publish({});
		const trigger = triggers().find((t) => t.title.endsWith('– ticket solved'));
		expect(trigger?.conditions).toEqual({ all: [{ field: 'status', operator: 'value', value: 'solved' }], any: [] });
		expect(trigger?.actions).toEqual([
			{ field: 'notification_webhook', value: [webhooks()[0].id, triggerBody('ticketSolved')] },
		]);
	});

	it('creates the braze_external_id user field when the account lacks it', async () => {
		await publish({});
		expect(sim.userFields().map((field) => ({ key: field.key, type: field.type }))).toEqual([
			{ key: 'braze_external_id', type: 'text' },
		]);
	});

	it('reuses an existing braze_external_id user field', async () => {
		sim.createUserField({ key: 'braze_external_id', title: 'Braze id', type: 'text' });
		await publish({});
		expect(sim.userFields()).toHaveLength(1);
		expect(sim.log.filter((r) => r.method === 'POST' && r.path.startsWith('/api/v2/user_fields'))).toEqual([]);
	});

	it('creates only the trigger of the one selected event', async () => {
		await publish({}, workflow({ events: ['ticketSolved'] }));
		expect(triggers().map((t) => t.title)).toEqual(['n8n relay wf-41 (Zendesk to Braze SMS) – ticket solved']);
	});

	it('creates nothing at all with automatic setup off', async () => {
		await publish({}, workflow({ autoSetup: false, signingSecret: 's' }));
		expect(webhooks()).toEqual([]);
		expect(triggers()).toEqual([]);
		expect(sim.log).toEqual([]);
	});
});

describe('publishing twice', () => {
	it('finds the setup in place and creates nothing more', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		const before = { webhooks: webhooks(), triggers: triggers() };
		expect(await hook('checkExists', staticData)).toBe(true);
		await publish(staticData);
		expect(webhooks()).toEqual(before.webhooks);
		expect(triggers()).toEqual(before.triggers);
	});

	it('never duplicates, even when create runs again', async () => {
		const staticData: IDataObject = {};
		await hook('create', staticData);
		await hook('create', staticData);
		expect(webhooks()).toHaveLength(1);
		expect(triggers()).toHaveLength(2);
		expect(nodeData(staticData).setup?.webhookId).toBe(webhooks()[0].id);
	});

	it('checkExists only reads: it deletes nothing and creates nothing', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		sim.log.length = 0;
		await hook('checkExists', staticData);
		expect(sim.log.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
	});
});

describe('checkExists', () => {
	it('is false before the first publication', async () => {
		expect(await hook('checkExists', {})).toBe(false);
	});

	it('is false when a trigger was deleted in Zendesk, and publishing then rebuilds the whole setup once', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		const client = zendeskClient(sim);
		await client.delete(`/api/v2/triggers/${triggers()[0].id}`);
		expect(await hook('checkExists', staticData)).toBe(false);
		await hook('create', staticData);
		expect(webhooks()).toHaveLength(1);
		expect(triggers()).toHaveLength(2);
	});

	it('is false when the webhook was deleted in Zendesk', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		await zendeskClient(sim).delete(`/api/v2/triggers/${triggers()[0].id}`);
		await zendeskClient(sim).delete(`/api/v2/triggers/${triggers()[0].id}`);
		await zendeskClient(sim).delete(`/api/v2/webhooks/${webhooks()[0].id}`);
		expect(await hook('checkExists', staticData)).toBe(false);
	});

	it('is false when the selected events changed, so the triggers get rebuilt', async () => {
		const staticData: IDataObject = {};
		await publish(staticData, workflow({ events: ['ticketSolved'] }));
		expect(await hook('checkExists', staticData, workflow({ events: ['agentReply', 'ticketSolved'] }))).toBe(false);
		await hook('create', staticData, workflow({ events: ['agentReply', 'ticketSolved'] }));
		expect(triggers()).toHaveLength(2);
		expect(webhooks()).toHaveLength(1);
	});
});

describe('unpublishing', () => {
	it('deletes exactly the webhook and triggers it created, keeps everything else, and forgets them', async () => {
		const client = zendeskClient(sim);
		const other = await client.post('/api/v2/webhooks', {
			webhook: { name: 'someone else', endpoint: 'https://example.test/hook', http_method: 'POST', request_format: 'json', status: 'active', subscriptions: ['conditional_ticket_events'] },
		});
		const otherTrigger = await client.post('/api/v2/triggers', {
			trigger: {
				title: 'someone else – notify',
				conditions: { all: [{ field: 'status', operator: 'value', value: 'solved' }], any: [] },
				actions: [{ field: 'notification_webhook', value: [other.data.webhook.id, '{}'] }],
			},
		});
		const staticData: IDataObject = {};
		await publish(staticData);
		expect(webhooks()).toHaveLength(2);
		expect(triggers()).toHaveLength(3);

		expect(await hook('delete', staticData)).toBe(true);
		expect(webhooks().map((w) => w.id)).toEqual([other.data.webhook.id]);
		expect(triggers().map((t) => t.id)).toEqual([otherTrigger.data.trigger.id]);
		expect(sim.userFields().map((f) => f.key)).toEqual(['braze_external_id']); // customer data: kept
		expect(nodeData(staticData).setup).toBeUndefined();
		expect(await hook('checkExists', staticData)).toBe(false);
	});

	it('succeeds when Zendesk no longer has them', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		for (const trigger of triggers()) await zendeskClient(sim).delete(`/api/v2/triggers/${trigger.id}`);
		await zendeskClient(sim).delete(`/api/v2/webhooks/${webhooks()[0].id}`);
		expect(await hook('delete', staticData)).toBe(true);
		expect(nodeData(staticData).setup).toBeUndefined();
	});

	it('keeps the ids it could not delete, so a later unpublish can finish the job', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		sim.faults.script([{ kind: 'status', status: 403, method: 'DELETE', path: /^\/api\/v2\/webhooks\//, body: { error: 'Forbidden' } }]);
		expect(await hook('delete', staticData)).toBe(false);
		expect(triggers()).toEqual([]);
		expect(nodeData(staticData).setup).toMatchObject({ webhookId: webhooks()[0].id, triggerIds: {} });
		expect(await hook('delete', staticData)).toBe(true);
		expect(webhooks()).toEqual([]);
	});

	it('of a duplicated workflow never touches the original workflow setup', async () => {
		const original: IDataObject = {};
		await publish(original);
		const copy = JSON.parse(JSON.stringify(original)) as IDataObject; // n8n copies static data with the workflow
		const duplicate = workflow({}, 'wf-42');
		expect(await hook('checkExists', copy, duplicate)).toBe(false);
		expect(await hook('delete', copy, duplicate)).toBe(true);
		expect(webhooks()).toHaveLength(1);
		expect(triggers()).toHaveLength(2);
		expect(await hook('checkExists', original)).toBe(true);
	});
});

describe('a failure while publishing', () => {
	it("removes what it had made, records nothing and reports Zendesk's error in words", async () => {
		sim.faults.script([
			{ kind: 'status', status: 422, method: 'POST', path: /^\/api\/v2\/triggers/, body: { error: 'RecordInvalid', description: 'Record validation errors' } },
		]);
		const staticData: IDataObject = {};
		await expect(hook('create', staticData)).rejects.toThrow(/^Could not set up Zendesk: .*422.*RecordInvalid/);
		expect(webhooks()).toEqual([]);
		expect(triggers()).toEqual([]);
		expect(nodeData(staticData).setup).toBeUndefined();
	});

	it('names the credential when Zendesk refuses it', async () => {
		const json = workflow();
		await expect(
			runWebhookMethod(json, NODE, 'create', {
				credentials: { zendeskRelayApi: { ...sim.credentials, apiToken: 'wrong' } },
				staticData: {},
			}),
		).rejects.toMatchObject({ description: expect.stringContaining('Zendesk Relay API') });
	});
});
