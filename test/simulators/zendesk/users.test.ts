import axios, { type AxiosInstance } from 'axios';

import { AUTH_ERROR, startZendeskSimulator, type ZendeskSimulator } from '.';
import { basicAuthHeader } from './auth';
import { zendeskClient } from './testClient';

describe('Zendesk simulator: auth, users, user fields, search', () => {
	let sim: ZendeskSimulator;
	let api: AxiosInstance;

	beforeAll(async () => {
		sim = await startZendeskSimulator();
		api = zendeskClient(sim);
	});
	afterEach(() => sim.reset());
	afterAll(() => sim.close());

	describe('auth', () => {
		it('answers /users/me as the token agent', async () => {
			const res = await api.get('/api/v2/users/me.json');
			expect(res.status).toBe(200);
			expect(res.data.user).toMatchObject({ id: sim.admin.id, email: sim.email, role: 'admin' });
		});

		it('answers /users/me anonymously (id null) without an Authorization header', async () => {
			const res = await axios.get(`${sim.url}/api/v2/users/me.json`, { validateStatus: () => true });
			expect(res.status).toBe(200);
			expect(res.data.user.id).toBeNull();
		});

		it.each([
			['a wrong token', basicAuthHeader('admin@sim.zendesk.test', 'nope')],
			['an unknown email', basicAuthHeader('who@example.com', 'x')],
			['a password instead of a token', `Basic ${Buffer.from('admin@sim.zendesk.test:secret').toString('base64')}`],
			['a Bearer header', 'Bearer abc'],
		])('answers 401 with Zendesk\'s body for %s', async (_, header) => {
			const res = await axios.get(`${sim.url}/api/v2/users/me.json`, { headers: { Authorization: header }, validateStatus: () => true });
			expect(res.status).toBe(401);
			expect(res.data).toEqual(AUTH_ERROR);
			expect(res.data).toEqual({ error: "Couldn't authenticate you" });
		});

		it('requires auth everywhere else', async () => {
			const res = await axios.get(`${sim.url}/api/v2/tickets/1.json`, { validateStatus: () => true });
			expect(res.status).toBe(401);
		});

		it('accepts the token with any agent email, not with an end-user email', async () => {
			const agent = sim.createAgent('Grace');
			const endUser = sim.createEndUser({ name: 'Ada', email: 'ada@example.com' });
			expect((await zendeskClient(sim, sim.apiToken, agent.email as string).get('/api/v2/users/me')).data.user.id).toBe(agent.id);
			expect((await zendeskClient(sim, sim.apiToken, endUser.email as string).get('/api/v2/users/me')).status).toBe(401);
		});
	});

	describe('users', () => {
		beforeEach(async () => {
			await api.post('/api/v2/user_fields', { user_field: { key: 'braze_external_id', type: 'text', title: 'Braze external ID' } });
		});

		it('create_or_update: 201 new, 200 existing matched by external_id case-insensitively, fields kept', async () => {
			const created = await api.post('/api/v2/users/create_or_update', {
				user: { name: 'Ada', external_id: 'Braze-1', phone: '+1555', role: 'end-user', user_fields: { braze_external_id: 'Braze-1', unknown: 'x' } },
			});
			expect(created.status).toBe(201);
			expect(created.data.user).toMatchObject({ name: 'Ada', external_id: 'Braze-1', phone: '+1555', role: 'end-user', user_fields: { braze_external_id: 'Braze-1' } });
			expect(created.data.user.user_fields).not.toHaveProperty('unknown');
			const again = await api.post('/api/v2/users/create_or_update', { user: { name: 'Ada L.', external_id: 'braze-1' } });
			expect(again.status).toBe(200);
			expect(again.data.user).toMatchObject({ id: created.data.user.id, name: 'Ada L.', phone: '+1555', user_fields: { braze_external_id: 'Braze-1' } });
		});

		it('create_or_update matches by email too', async () => {
			const created = await api.post('/api/v2/users/create_or_update', { user: { name: 'Bo', email: 'bo@example.com' } });
			const again = await api.post('/api/v2/users/create_or_update', { user: { name: 'Bo', email: 'BO@example.com', external_id: 'b-2' } });
			expect(again.status).toBe(200);
			expect(again.data.user).toMatchObject({ id: created.data.user.id, external_id: 'b-2' });
		});

		it('shows a user, and 404 for an unknown one', async () => {
			const user = sim.createEndUser({ name: 'Cy' });
			expect((await api.get(`/api/v2/users/${user.id}.json`)).data.user).toMatchObject({ id: user.id, name: 'Cy', user_fields: { braze_external_id: null } });
			const missing = await api.get('/api/v2/users/1.json');
			expect(missing.status).toBe(404);
			expect(missing.data).toEqual({ error: 'RecordNotFound', description: 'Not found' });
		});

		it('searches by exact external_id and by query', async () => {
			const ada = sim.createEndUser({ name: 'Ada', external_id: 'abc', phone: '+1555' });
			sim.createEndUser({ name: 'Bob', external_id: 'abcd' });
			const exact = await api.get('/api/v2/users/search.json', { params: { external_id: 'abc' } });
			expect(exact.data.users.map((u: { id: number }) => u.id)).toEqual([ada.id]);
			expect((await api.get('/api/v2/users/search', { params: { external_id: 'ABC' } })).data.users).toEqual([]);
			const query = await api.get('/api/v2/users/search', { params: { query: 'external_id:abc' } });
			expect(query.data.users.map((u: { id: number }) => u.id)).toEqual([ada.id]);
			expect((await api.get('/api/v2/users/search', { params: { query: '+1555' } })).data.count).toBe(1);
		});
	});

	describe('user fields', () => {
		it('creates, lists, and refuses a duplicate key with 422', async () => {
			const body = { user_field: { key: 'braze_external_id', type: 'text', title: 'Braze external ID' } };
			const created = await api.post('/api/v2/user_fields.json', body);
			expect(created.status).toBe(201);
			expect(created.data.user_field).toMatchObject({ key: 'braze_external_id', type: 'text' });
			const duplicate = await api.post('/api/v2/user_fields.json', body);
			expect(duplicate.status).toBe(422);
			expect(duplicate.data).toMatchObject({ error: 'RecordInvalid', details: { key: [expect.objectContaining({ error: 'DuplicateValue' })] } });
			expect((await api.get('/api/v2/user_fields')).data.user_fields).toHaveLength(1);
		});
	});

	describe("a user's tickets", () => {
		it('lists requested tickets by creation and searches unsolved ones', async () => {
			const ada = sim.createEndUser({ name: 'Ada' });
			const other = sim.createEndUser({ name: 'Bob' });
			const t1 = sim.createTicket({ comment: { body: '1' }, requester_id: ada.id });
			const t2 = sim.createTicket({ comment: { body: '2' }, requester_id: ada.id });
			const t3 = sim.createTicket({ comment: { body: '3' }, requester_id: ada.id });
			sim.createTicket({ comment: { body: 'x' }, requester_id: other.id });
			sim.setStatus(t1.id, 'solved');
			sim.setStatus(t2.id, 'pending');
			const requested = await api.get(`/api/v2/users/${ada.id}/tickets/requested.json`);
			expect(requested.data.tickets.map((t: { id: number }) => t.id)).toEqual([t1.id, t2.id, t3.id]);
			const desc = await api.get(`/api/v2/users/${ada.id}/tickets/requested`, { params: { sort_by: 'created_at', sort_order: 'desc' } });
			expect(desc.data.tickets.map((t: { id: number }) => t.id)).toEqual([t3.id, t2.id, t1.id]);
			const search = await api.get('/api/v2/search.json', { params: { query: `type:ticket requester_id:${ada.id} status<solved` } });
			expect(search.status).toBe(200);
			expect(search.data.results.map((t: { id: number; result_type: string }) => [t.id, t.result_type])).toEqual([
				[t2.id, 'ticket'],
				[t3.id, 'ticket'],
			]);
			const sorted = await api.get('/api/v2/search.json', { params: { query: `type:ticket requester_id:${ada.id} status<solved order_by:created_at sort:desc` } });
			expect(sorted.data.results.map((t: { id: number }) => t.id)).toEqual([t3.id, t2.id]);
		});

		it('refuses search terms it does not understand instead of matching everything', async () => {
			const res = await api.get('/api/v2/search.json', { params: { query: 'type:ticket assignee:me' } });
			expect(res.status).toBe(400);
		});
	});
});
