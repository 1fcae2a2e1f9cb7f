import type { AxiosInstance } from 'axios';

import { startReceiver, type Receiver } from '../shared/receiver';
import { CONDITION_FIELDS, FOREIGN_FIELD_PREFIX, startZendeskSimulator, type ZendeskSimulator } from '.';
import { controlClient, webhookWithTrigger, zendeskClient } from './testClient';

type Keyed = { key: string };

describe('Zendesk simulator: finding user fields, webhooks and triggers again across pages', () => {
	let sim: ZendeskSimulator;
	let api: AxiosInstance;
	let receiver: Receiver;

	beforeAll(async () => {
		receiver = await startReceiver();
	});
	afterEach(() => sim.close());
	afterAll(() => receiver.close());

	async function start(options: Parameters<typeof startZendeskSimulator>[0] = {}) {
		sim = await startZendeskSimulator({ rateLimit: false, webhookDelivery: { timeoutMs: 500 }, ...options });
		api = zendeskClient(sim);
	}

	describe('user fields', () => {
		const OURS = ['braze_external_id', 'braze_id'];

		it('puts our fields past page 1 when extraUserFields are seeded, with next_page and cursor links to reach them', async () => {
			await start({ extraUserFields: 150, userFields: OURS });
			const first = (await api.get('/api/v2/user_fields.json')).data;
			expect(first.user_fields).toHaveLength(100);
			expect(first.count).toBe(152);
			expect(first.user_fields.map((f: Keyed) => f.key)).not.toEqual(expect.arrayContaining([OURS[0]]));
			const second = (await api.get(first.next_page)).data;
			expect(second.user_fields.slice(-2).map((f: Keyed) => f.key)).toEqual(OURS);
			expect(second.next_page).toBeNull();
			const cursor = (await api.get('/api/v2/user_fields', { params: { 'page[size]': '100' } })).data;
			expect(cursor.meta.has_more).toBe(true);
			const after = (await api.get('/api/v2/user_fields', { params: { 'page[size]': '100', 'page[after]': cursor.meta.after_cursor } })).data;
			expect(after.user_fields.map((f: Keyed) => f.key)).toEqual(expect.arrayContaining(OURS));
			expect(after.meta.has_more).toBe(false);
			expect((await api.get(cursor.links.next)).data.user_fields).toEqual(after.user_fields);
		});

		it('has only our fields on one page by default', async () => {
			await start({ userFields: OURS });
			const page = (await api.get('/api/v2/user_fields.json')).data;
			expect(page.user_fields.map((f: Keyed) => f.key)).toEqual(OURS);
			expect(page.next_page).toBeNull();
		});

		it('seeds foreign fields when switched on over /__sim/config, without touching ours', async () => {
			await start({ userFields: OURS });
			const res = await controlClient(sim).post('/config', { extraUserFields: 120 });
			expect(res.data.config.extraUserFields).toBe(120);
			const keys = sim.userFields().map((field) => field.key);
			expect(keys.filter((key) => key.startsWith(FOREIGN_FIELD_PREFIX))).toHaveLength(120);
			expect(keys.slice(0, 2)).toEqual(OURS);
		});

		it('renders {{ticket.requester.custom_fields.<key>}} for a field past page 1', async () => {
			await start({ extraUserFields: 150, userFields: OURS });
			const all = { all: [{ field: CONDITION_FIELDS.updateType, operator: 'is', value: 'Create' }], any: [] };
			const body = '{"braze_id":"{{ticket.requester.custom_fields.braze_id}}","crm":"{{ticket.requester.custom_fields.crm_field_001}}"}';
			await webhookWithTrigger(api, { endpoint: receiver.url, conditions: all, body });
			const customer = sim.createEndUser({ user_fields: { braze_id: 'b-42', crm_field_001: 'gold' } });
			sim.createTicket({ comment: { body: 'hi' }, requester_id: customer.id });
			await sim.waitForWebhooks();
			expect(JSON.parse(receiver.requests.pop()?.rawBody ?? '')).toEqual({ braze_id: 'b-42', crm: 'gold' });
		});

		it('refuses a cursor it did not give (400)', async () => {
			await start({ userFields: OURS });
			const res = await api.get('/api/v2/user_fields', { params: { 'page[after]': 'bm9wZQ' } });
			expect(res.status).toBe(400);
			expect(res.data.error).toBe('InvalidPaginationParameter');
		});
	});

	describe('webhooks and triggers', () => {
		const createWebhook = (name: string) =>
			api.post('/api/v2/webhooks', { webhook: { name, endpoint: receiver.url, http_method: 'POST', request_format: 'json', status: 'active' } });

		it('filters webhooks with filter[name_contains] (any case) and pages them by cursor', async () => {
			await start();
			for (const name of ['n8n relay wf-1', 'Slack alerts', 'N8N relay wf-2', 'n8n relay wf-3']) await createWebhook(name);
			const page = (await api.get('/api/v2/webhooks', { params: { 'filter[name_contains]': 'N8n Relay', 'page[size]': '2' } })).data;
			expect(page.webhooks.map((w: { name: string }) => w.name)).toEqual(['n8n relay wf-1', 'N8N relay wf-2']);
			expect(page.meta.has_more).toBe(true);
			const next = (await api.get(page.links.next)).data;
			expect(next.webhooks.map((w: { name: string }) => w.name)).toEqual(['n8n relay wf-3']);
			expect(next.meta.has_more).toBe(false);
			const everything = (await api.get('/api/v2/webhooks')).data;
			expect(everything.webhooks).toHaveLength(4);
			expect(everything.meta).toMatchObject({ has_more: false });
		});

		it('updates a found webhook with PUT and PATCH (204)', async () => {
			await start();
			const id = (await createWebhook('n8n relay')).data.webhook.id;
			expect((await api.patch(`/api/v2/webhooks/${id}`, { webhook: { endpoint: `${receiver.url}/v2` } })).status).toBe(204);
			expect((await api.get(`/api/v2/webhooks/${id}`)).data.webhook).toMatchObject({ name: 'n8n relay', endpoint: `${receiver.url}/v2` });
			const replaced = await api.put(`/api/v2/webhooks/${id}`, { webhook: { name: 'renamed', endpoint: receiver.url, request_format: 'form_encoded' } });
			expect(replaced.status).toBe(204);
			expect((await api.get(`/api/v2/webhooks/${id}`)).data.webhook).toMatchObject({ name: 'renamed', request_format: 'form_encoded', http_method: 'POST' });
		});

		it('lists triggers 100 a page with next_page', async () => {
			await start();
			const webhookId = (await createWebhook('n8n')).data.webhook.id;
			const conditions = { all: [{ field: CONDITION_FIELDS.updateType, operator: 'is', value: 'Create' }], any: [] };
			for (let n = 1; n <= 105; n++) {
				await api.post('/api/v2/triggers', { trigger: { title: `t${n}`, conditions, actions: [{ field: 'notification_webhook', value: [webhookId, '{}'] }] } });
			}
			const first = (await api.get('/api/v2/triggers.json')).data;
			expect(first.triggers).toHaveLength(100);
			expect(first.count).toBe(105);
			const second = (await api.get(first.next_page)).data;
			expect(second.triggers.map((t: { title: string }) => t.title)).toEqual(['t101', 't102', 't103', 't104', 't105']);
			expect(second.next_page).toBeNull();
		});
	});
});
