// Publishing and unpublishing against the Zendesk simulator: the node's real webhookMethods run through n8n-core's
// HookContext (in-process harness), and requests reach the simulator through httpRequestWithAuthentication. What a user
// would notice is what the account holds afterwards: how many webhooks and triggers, with which conditions.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWebhookMethod, type WebhookOptions, type WorkflowJson } from '../../harness/inProcess';
import { triggerWorkflow } from './triggerWorkflow';
import { TRIGGER_NODE } from './zendeskCall';
import { startZendeskSimulator, type SimTrigger, type ZendeskSimulator } from '../../simulators/zendesk';
import { zendeskClient } from '../../simulators/zendesk/testClient';
import { triggerParameters } from '../../../nodes/ZendeskRelayTrigger/triggerDefinitions';

const WEBHOOK_ID = '0f4c1a2b-3d5e-4f60-8a9b-0c1d2e3f4a5b';
const PRODUCTION_URL = `http://127.0.0.1:5678/webhook/${WEBHOOK_ID}/zendesk-relay`;
const TEST_URL = `http://127.0.0.1:5678/webhook-test/${WEBHOOK_ID}/zendesk-relay`;
const OWNER = 'n8n relay wf-41 (Zendesk to Braze SMS)';

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

const webhooks = () => sim.webhooks();
const triggers = () => sim.triggers();
const titles = () => triggers().map((trigger) => trigger.title).sort();
const setupOf = (staticData: IDataObject) => (staticData[`node:${TRIGGER_NODE}`] as { setup?: IDataObject } | undefined)?.setup;
const userFieldPosts = () => sim.log.filter((request) => request.method === 'POST' && request.path.startsWith('/api/v2/user_fields'));

async function hook(
	method: 'checkExists' | 'create' | 'delete',
	staticData: IDataObject,
	json = workflow(),
	options: WebhookOptions = {},
) {
	return await runWebhookMethod(json, TRIGGER_NODE, method, { credentials: { zendeskRelayApi: sim.credentials }, staticData, ...options });
}

/** What n8n does on publishing: create only when checkExists says the set-up is missing. */
async function publish(staticData: IDataObject, json = workflow()) {
	if (!(await hook('checkExists', staticData, json))) await hook('create', staticData, json);
}

/** "Listen for test event": n8n sets up the test URL with a static data object of its own. */
async function listenForTestEvent(json = workflow()) {
	const staticData: IDataObject = {};
	await hook('create', staticData, json, { mode: 'manual' });
	return staticData;
}

const FOUR_TITLES = [`${OWNER} – agent reply`, `${OWNER} – agent reply, solving`, `${OWNER} – resend requested`, `${OWNER} – ticket solved`];

const webhookOf = (found: SimTrigger) => (found.actions[0].value as unknown[])[0];

/**
 * Exactly what one complete set-up of wf-41 at the production URL leaves in the account: one webhook, its four
 * triggers with the tag condition, and no trigger of this workflow calling a webhook that is gone.
 */
function expectOneSetup(tag = 'sms') {
	const production = webhooks().filter((webhook) => webhook.endpoint === PRODUCTION_URL);
	expect(production).toHaveLength(1);
	const ours = triggers().filter((found) => webhookOf(found) === production[0].id);
	expect(ours.map((found) => found.title).sort()).toEqual(FOUR_TITLES);
	for (const found of ours) {
		expect(found.conditions.all).toContainEqual({ field: 'current_tags', operator: 'includes', value: tag });
	}
	const existing = new Set(webhooks().map((webhook) => webhook.id));
	const orphans = triggers().filter((found) => found.title.startsWith(OWNER) && !existing.has(String(webhookOf(found))));
	expect(orphans.map((found) => found.title)).toEqual([]);
}

function trigger(suffix: string): SimTrigger {
	const found = triggers().find((candidate) => candidate.title === `${OWNER} – ${suffix}`);
	if (!found) throw new Error(`no trigger "${suffix}"; have ${JSON.stringify(titles())}`);
	return found;
}

/** The values of a trigger's form parameters by key. */
function parametersOf(found: SimTrigger): Record<string, string> {
	return Object.fromEntries((found.actions[0].value as [string, Array<[string, string]>])[1]);
}

describe('publishing with automatic set-up', () => {
	it('creates one form-encoded webhook at the production URL and records the set-up (version 2, tag, secret)', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		expect(webhooks()).toHaveLength(1);
		const [webhook] = webhooks();
		expect(webhook).toMatchObject({
			name: OWNER,
			endpoint: PRODUCTION_URL,
			http_method: 'POST',
			request_format: 'form_encoded',
			status: 'active',
			subscriptions: ['conditional_ticket_events'],
		});
		expect(setupOf(staticData)).toEqual({
			version: 2,
			workflowId: 'wf-41',
			endpoint: PRODUCTION_URL,
			events: ['agentReply', 'ticketSolved'],
			tag: 'sms',
			webhookId: webhook.id,
			signingSecret: webhook.signing_secret,
			triggerIds: {
				agentReply: String(trigger('agent reply').id),
				agentReplySolving: String(trigger('agent reply, solving').id),
				resendRequested: String(trigger('resend requested').id),
				ticketSolved: String(trigger('ticket solved').id),
			},
		});
	});

	it('creates four triggers on SMS-tagged tickets, each sending its form parameters to the webhook, then clearing a resend request', async () => {
		await publish({});
		expect(titles()).toEqual(FOUR_TITLES);
		const webhookId = webhooks()[0].id;
		const cases = [
			['agent reply', 'agentReply', [{ field: 'status', operator: 'less_than', value: 'solved' }], 'agentReply', 'true', 'false'],
			['agent reply, solving', 'agentReplySolving', [{ field: 'status', operator: 'is', value: 'solved' }], 'agentReply', 'false', 'false'],
			[
				'resend requested',
				'resendRequested',
				[
					{ field: 'current_tags', operator: 'includes', value: 'sms_resend' },
					{ field: 'role', operator: 'is_not', value: 'end_user' },
					{ field: 'current_via_id', operator: 'is_not', value: '5' },
				],
				'agentReply',
				'true',
				'true',
			],
			['ticket solved', 'ticketSolved', [{ field: 'status', operator: 'value', value: 'solved' }], 'ticketSolved', 'false', 'false'],
		] as const;
		for (const [suffix, key, conditions, event, open, resend] of cases) {
			const found = trigger(suffix);
			expect(found.active).toBe(true);
			expect(found.conditions.any).toEqual([]);
			expect(found.conditions.all).toEqual(expect.arrayContaining([...conditions, { field: 'current_tags', operator: 'includes', value: 'sms' }]));
			expect(found.actions).toEqual([
				{ field: 'notification_webhook', value: [webhookId, triggerParameters(key)] },
				{ field: 'remove_tags', value: 'sms_resend' },
			]);
			expect(parametersOf(found)).toMatchObject({ event, ticket_open: open, resend, ticket_id: '{{ticket.id}}' });
		}
	});

	// Zendesk runs an update's triggers in their order in the account: the reply triggers must come before the resend
	// trigger, so that a reply submitted together with the macro is texted by the reply trigger, which clears the request.
	it('places the reply triggers before the resend trigger in the account trigger order', async () => {
		await publish({});
		const listed = (await zendeskClient(sim).get('/api/v2/triggers')).data.triggers as SimTrigger[];
		expect(listed.map((found) => found.title)).toEqual([
			`${OWNER} – agent reply`,
			`${OWNER} – agent reply, solving`,
			`${OWNER} – resend requested`,
			`${OWNER} – ticket solved`,
		]);
	});

	it('uses the SMS Ticket Tag of the node, as Zendesk stores tags (lower-case)', async () => {
		await publish({}, workflow({ ticketTag: ' Texto ' }));
		for (const found of triggers()) {
			expect(found.conditions.all).toContainEqual({ field: 'current_tags', operator: 'includes', value: 'texto' });
		}
	});

	it('refuses a tag Zendesk could not hold, naming the parameter, and creates nothing', async () => {
		const staticData: IDataObject = {};
		await expect(hook('create', staticData, workflow({ ticketTag: 'sms line' }))).rejects.toThrow(/SMS Ticket Tag/);
		expect(webhooks()).toEqual([]);
		expect(triggers()).toEqual([]);
		expect(setupOf(staticData)).toBeUndefined();
	});

	it('creates both user fields, braze_external_id and braze_id, when the account lacks them', async () => {
		await publish({});
		expect(sim.userFields().map((field) => ({ key: field.key, type: field.type })).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
			{ key: 'braze_external_id', type: 'text' },
			{ key: 'braze_id', type: 'text' },
		]);
	});

	it('finds both user fields past the first page (150 fields of other apps before them) and creates none', async () => {
		sim.configure({ extraUserFields: 150 });
		sim.createUserField({ key: 'braze_external_id', title: 'Braze external ID', type: 'text' });
		sim.createUserField({ key: 'braze_id', title: 'Braze ID', type: 'text' });
		// They really are past page 1: Zendesk's first page of 100 does not show them.
		const firstPage = await zendeskClient(sim).get('/api/v2/user_fields', { params: { 'page[size]': 100 } });
		expect((firstPage.data.user_fields as Array<{ key: string }>).map((field) => field.key)).not.toContain('braze_id');
		expect(firstPage.data.meta.has_more).toBe(true);

		await publish({});
		expect(userFieldPosts()).toEqual([]);
		expect(sim.userFields()).toHaveLength(152);
		expectOneSetup();
	});

	it('creates only the field that is missing when the other sits past the first page', async () => {
		sim.configure({ extraUserFields: 150 });
		sim.createUserField({ key: 'braze_external_id', title: 'Braze external ID', type: 'text' });
		await publish({});
		expect(userFieldPosts()).toHaveLength(1);
		expect(sim.userFields().filter((field) => field.key.startsWith('braze_')).map((field) => field.key).sort()).toEqual([
			'braze_external_id',
			'braze_id',
		]);
	});

	it('creates only the solved trigger when only Ticket Solved is selected', async () => {
		await publish({}, workflow({ events: ['ticketSolved'] }));
		expect(titles()).toEqual([`${OWNER} – ticket solved`]);
	});

	it('sends nothing to Zendesk with automatic set-up off', async () => {
		await publish({}, workflow({ autoSetup: false }));
		expect(webhooks()).toEqual([]);
		expect(triggers()).toEqual([]);
		expect(sim.log).toEqual([]);
	});
});

describe('publishing again', () => {
	it('finds the set-up in place, only reads, and creates nothing more', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		const before = { webhooks: webhooks(), triggers: triggers() };
		sim.log.length = 0;
		await publish(staticData);
		// One look at each of the four triggers and at the webhook.
		expect(sim.log.map((request) => request.method)).toEqual(['GET', 'GET', 'GET', 'GET', 'GET']);
		expect(webhooks()).toEqual(before.webhooks);
		expect(triggers()).toEqual(before.triggers);
	});

	it('never duplicates, even when create runs again', async () => {
		const staticData: IDataObject = {};
		await hook('create', staticData);
		await hook('create', staticData);
		expectOneSetup();
		expect(webhooks()).toHaveLength(1);
		expect(triggers()).toHaveLength(4);
		expect(setupOf(staticData)?.webhookId).toBe(webhooks()[0].id);
	});

	it('replaces the triggers when the SMS Ticket Tag changed: none keeps the old tag', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		const oldIds = triggers().map((found) => found.id);
		const retagged = workflow({ ticketTag: 'texto' });
		expect(await hook('checkExists', staticData, retagged)).toBe(false);
		await hook('create', staticData, retagged);
		expectOneSetup('texto');
		expect(triggers()).toHaveLength(4);
		expect(triggers().map((found) => found.id)).not.toEqual(expect.arrayContaining([oldIds[0]]));
		expect(setupOf(staticData)).toMatchObject({ tag: 'texto' });
		expect(await hook('checkExists', staticData, retagged)).toBe(true);
	});

	it('rebuilds the triggers when the selected events changed', async () => {
		const staticData: IDataObject = {};
		await publish(staticData, workflow({ events: ['ticketSolved'] }));
		expect(await hook('checkExists', staticData, workflow())).toBe(false);
		await hook('create', staticData, workflow());
		expectOneSetup();
		expect(webhooks()).toHaveLength(1);
	});

	it('adds the resend trigger to a set-up made before it existed (three triggers), once, at the next publish', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		// What the previous version left: the same set-up without the resend trigger.
		await zendeskClient(sim).delete(`/api/v2/triggers/${trigger('resend requested').id}`);
		const setup = setupOf(staticData) as { triggerIds: Record<string, string> };
		const threeTriggers = Object.fromEntries(Object.entries(setup.triggerIds).filter(([key]) => key !== 'resendRequested'));
		staticData[`node:${TRIGGER_NODE}`] = { setup: { ...setup, triggerIds: threeTriggers } };
		expect(titles()).toHaveLength(3);

		expect(await hook('checkExists', staticData)).toBe(false);
		await hook('create', staticData);
		expectOneSetup();
		expect(webhooks()).toHaveLength(1);
		expect(triggers()).toHaveLength(4);
		expect(await hook('checkExists', staticData)).toBe(true);
	});

	it('replaces a set-up made by a version before 0.2 (JSON webhook, two triggers, no tag)', async () => {
		const api = zendeskClient(sim);
		const old = await api.post('/api/v2/webhooks', {
			webhook: { name: OWNER, endpoint: PRODUCTION_URL, http_method: 'POST', request_format: 'json', status: 'active', subscriptions: ['conditional_ticket_events'] },
		});
		const webhookId = old.data.webhook.id as string;
		const oldTriggers: Record<string, string> = {};
		for (const [key, suffix] of [['agentReply', 'agent reply'], ['ticketSolved', 'ticket solved']]) {
			const created = await api.post('/api/v2/triggers', {
				trigger: {
					title: `${OWNER} – ${suffix}`,
					conditions: { all: [{ field: 'status', operator: 'value', value: 'solved' }], any: [] },
					actions: [{ field: 'notification_webhook', value: [webhookId, '{"event":"x"}'] }],
				},
			});
			oldTriggers[key] = String(created.data.trigger.id);
		}
		const staticData: IDataObject = {
			[`node:${TRIGGER_NODE}`]: {
				setup: { workflowId: 'wf-41', endpoint: PRODUCTION_URL, events: ['agentReply', 'ticketSolved'], webhookId, signingSecret: 's', triggerIds: oldTriggers },
			},
		};
		await publish(staticData);
		expectOneSetup();
		expect(webhooks()).toHaveLength(1);
		expect(webhooks()[0].request_format).toBe('form_encoded');
		expect(triggers()).toHaveLength(4);
	});
});

describe('publishing after a set-up cut short', () => {
	async function leftovers(name = OWNER) {
		const api = zendeskClient(sim);
		const webhook = await api.post('/api/v2/webhooks', {
			webhook: { name, endpoint: PRODUCTION_URL, http_method: 'POST', request_format: 'form_encoded', status: 'active', subscriptions: ['conditional_ticket_events'] },
		});
		const webhookId = webhook.data.webhook.id as string;
		await api.post('/api/v2/triggers', {
			trigger: {
				title: `${name} – agent reply`,
				conditions: { all: [{ field: 'current_tags', operator: 'includes', value: 'sms' }], any: [] },
				actions: [{ field: 'notification_webhook', value: [webhookId, triggerParameters('agentReply')] }],
			},
		});
		return webhookId;
	}

	it("removes this workflow's objects that no record names, leaving one webhook and four triggers", async () => {
		const leftover = await leftovers();
		await publish({});
		expectOneSetup();
		expect(webhooks()).toHaveLength(1);
		expect(triggers()).toHaveLength(4);
		expect(webhooks()[0].id).not.toBe(leftover);
	});

	it('removes them also when the workflow was called something else then', async () => {
		await leftovers('n8n relay wf-41 (Old name)');
		await publish({});
		expect(webhooks()).toHaveLength(1);
		expect(titles()).toEqual(FOUR_TITLES);
	});

	it('leaves the objects of another workflow alone, even with a similar id', async () => {
		await leftovers('n8n relay wf-410 (Another workflow)');
		await publish({});
		expect(webhooks()).toHaveLength(2);
		expect(triggers()).toHaveLength(5);
	});

	it('after Zendesk refused a trigger: nothing left behind, and the next publish sets up once', async () => {
		sim.faults.script([
			{ kind: 'status', status: 422, method: 'POST', path: /^\/api\/v2\/triggers/, body: { error: 'RecordInvalid', description: 'Record validation errors' } },
		]);
		const staticData: IDataObject = {};
		await expect(publish(staticData)).rejects.toThrow(/^Could not set up Zendesk: .*422.*RecordInvalid/);
		expect(webhooks()).toEqual([]);
		expect(triggers()).toEqual([]);
		expect(setupOf(staticData)).toBeUndefined();
		await publish(staticData);
		expectOneSetup();
		expect(triggers()).toHaveLength(4);
	});

	it("after the webhook was created but Zendesk's answer was lost: the next publish sets up once", async () => {
		sim.faults.script([{ kind: 'reset', afterProcessing: true, method: 'POST', path: '/api/v2/webhooks' }]);
		const staticData: IDataObject = {};
		await expect(publish(staticData)).rejects.toThrow();
		expect(webhooks()).toHaveLength(1); // made, but the node never learned its id
		await publish(staticData);
		expectOneSetup();
		expect(webhooks()).toHaveLength(1);
		expect(triggers()).toHaveLength(4);
	});

	// Product bug reported to the lead: the failed set-up deletes the webhook it recorded but not the trigger it never
	// learned the id of, and the next publish looks for leftover triggers only among those calling a leftover webhook,
	// so the orphan stays: five triggers. (Were Zendesk to refuse deleting a webhook a trigger still calls, every later
	// publish would fail instead.)
	it("after a trigger was created but Zendesk's answer was lost: the next publish sets up once", async () => {
		sim.faults.script([{ kind: 'reset', afterProcessing: true, method: 'POST', path: '/api/v2/triggers' }]);
		const staticData: IDataObject = {};
		await expect(publish(staticData)).rejects.toThrow();
		await publish(staticData);
		expectOneSetup();
		expect(webhooks()).toHaveLength(1);
		expect(triggers()).toHaveLength(4);
	});

	it("leaves the editor's test set-up (the test URL) alone, and the test set-up leaves production alone", async () => {
		const testData = await listenForTestEvent();
		expect(webhooks().map((webhook) => webhook.endpoint)).toEqual([TEST_URL]);
		await publish({});
		expect(webhooks().map((webhook) => webhook.endpoint).sort()).toEqual([PRODUCTION_URL, TEST_URL].sort());
		expect(triggers()).toHaveLength(8);
		expectOneSetup();
		// Listening again (a second test run) replaces only the test set-up.
		await listenForTestEvent();
		expect(webhooks().filter((webhook) => webhook.endpoint === TEST_URL)).toHaveLength(1);
		expectOneSetup();
		expect(triggers()).toHaveLength(8);
		expect(setupOf(testData)?.endpoint).toBe(TEST_URL);
	});
});

describe('checkExists', () => {
	it('is false before the first publication', async () => {
		expect(await hook('checkExists', {})).toBe(false);
	});

	it('is false when a trigger was deleted in Zendesk, and publishing then rebuilds the whole set-up once', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		await zendeskClient(sim).delete(`/api/v2/triggers/${trigger('agent reply, solving').id}`);
		expect(await hook('checkExists', staticData)).toBe(false);
		await hook('create', staticData);
		expectOneSetup();
		expect(triggers()).toHaveLength(4);
	});

	it('is false when the webhook was deleted in Zendesk', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		for (const found of triggers()) await zendeskClient(sim).delete(`/api/v2/triggers/${found.id}`);
		await zendeskClient(sim).delete(`/api/v2/webhooks/${webhooks()[0].id}`);
		expect(await hook('checkExists', staticData)).toBe(false);
	});
});

describe('unpublishing', () => {
	it('deletes exactly the webhook and triggers it created, keeps everything else, and forgets them', async () => {
		const api = zendeskClient(sim);
		const other = await api.post('/api/v2/webhooks', {
			webhook: { name: 'someone else', endpoint: 'https://example.test/hook', http_method: 'POST', request_format: 'json', status: 'active', subscriptions: ['conditional_ticket_events'] },
		});
		const otherTrigger = await api.post('/api/v2/triggers', {
			trigger: {
				title: 'someone else – notify',
				conditions: { all: [{ field: 'status', operator: 'value', value: 'solved' }], any: [] },
				actions: [{ field: 'notification_webhook', value: [other.data.webhook.id, '{}'] }],
			},
		});
		const staticData: IDataObject = {};
		await publish(staticData);
		expect(webhooks()).toHaveLength(2);
		expect(triggers()).toHaveLength(5);

		expect(await hook('delete', staticData)).toBe(true);
		expect(webhooks().map((webhook) => webhook.id)).toEqual([other.data.webhook.id]);
		expect(triggers().map((found) => found.id)).toEqual([otherTrigger.data.trigger.id]);
		// Customer data: kept.
		expect(sim.userFields().map((field) => field.key).sort()).toEqual(['braze_external_id', 'braze_id']);
		expect(setupOf(staticData)).toBeUndefined();
		expect(await hook('checkExists', staticData)).toBe(false);
	});

	it('succeeds when Zendesk no longer has them', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		for (const found of triggers()) await zendeskClient(sim).delete(`/api/v2/triggers/${found.id}`);
		await zendeskClient(sim).delete(`/api/v2/webhooks/${webhooks()[0].id}`);
		expect(await hook('delete', staticData)).toBe(true);
		expect(setupOf(staticData)).toBeUndefined();
	});

	it('keeps the ids it could not delete, so a later unpublish can finish the job', async () => {
		const staticData: IDataObject = {};
		await publish(staticData);
		sim.faults.script([{ kind: 'status', status: 403, method: 'DELETE', path: /^\/api\/v2\/webhooks\//, body: { error: 'Forbidden' } }]);
		expect(await hook('delete', staticData)).toBe(false);
		expect(triggers()).toEqual([]);
		expect(setupOf(staticData)).toMatchObject({ webhookId: webhooks()[0].id, triggerIds: {} });
		expect(await hook('delete', staticData)).toBe(true);
		expect(webhooks()).toEqual([]);
	});

	it("of a duplicated workflow never touches the original workflow's set-up", async () => {
		const original: IDataObject = {};
		await publish(original);
		const copy = JSON.parse(JSON.stringify(original)) as IDataObject; // n8n copies static data with the workflow
		const duplicate = workflow({}, 'wf-42');
		expect(await hook('checkExists', copy, duplicate)).toBe(false);
		expect(await hook('delete', copy, duplicate)).toBe(true);
		expect(webhooks()).toHaveLength(1);
		expect(triggers()).toHaveLength(4);
		expect(await hook('checkExists', original)).toBe(true);
	});
});

describe('a failure while publishing', () => {
	it('names the credential when Zendesk refuses it', async () => {
		await expect(
			runWebhookMethod(workflow(), TRIGGER_NODE, 'create', {
				credentials: { zendeskRelayApi: { ...sim.credentials, apiToken: 'wrong' } },
				staticData: {},
			}),
		).rejects.toMatchObject({ description: expect.stringContaining('Zendesk Relay API') });
		expect(webhooks()).toEqual([]);
	});
});
