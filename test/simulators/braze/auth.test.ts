import axios from 'axios';

import { startBrazeSimulator, type BrazeSimulator } from '.';
import { brazeClient } from './testClient';

describe('Braze simulator: auth, /users/track, rate limits', () => {
	let sim: BrazeSimulator;

	beforeAll(async () => {
		sim = await startBrazeSimulator({
			apiKey: 'good-key-123456',
			apiKeys: [{ key: 'send-only-key', permissions: ['campaigns.trigger.send'] }],
			campaigns: { reply: '{{api_trigger_properties.${msg_body}}}' },
			rateLimit: { limit: 3, windowMs: 60_000 },
		});
	});
	afterEach(() => sim.reset());
	afterAll(() => sim.close());

	it('answers 401 for a bad key without echoing it whole', async () => {
		const res = await brazeClient(sim, 'wrong-secret-key').post('/users/track', { attributes: [] });
		expect(res.status).toBe(401);
		expect(res.data.message).toMatch(/^Invalid API key/);
		expect(JSON.stringify(res.data)).not.toContain('wrong-secret-key');
		const none = await axios.post(`${sim.url}/users/track`, { attributes: [] }, { validateStatus: () => true });
		expect(none.status).toBe(401);
	});

	it('answers 403 when the key lacks the permission', async () => {
		const res = await brazeClient(sim, 'send-only-key').post('/users/track', { attributes: [] });
		expect(res.status).toBe(403);
		expect(res.data.message).toContain('users.track');
	});

	it('accepts an empty attributes batch (the credential test) and changes nothing', async () => {
		const res = await brazeClient(sim).post('/users/track', { attributes: [] });
		expect(res.status).toBe(201);
		expect(res.data).toEqual({ message: 'success', attributes_processed: 0 });
		expect(sim.store.profiles.size).toBe(0);
	});

	it('writes typed attributes, and refuses more than 75 objects', async () => {
		const api = brazeClient(sim);
		const ok = await api.post('/users/track', {
			attributes: [{ external_id: 'u1', zendesk_ticket: 7, zendesk_ticket_open: true, first_name: 'Ada' }],
		});
		expect(ok.data).toEqual({ message: 'success', attributes_processed: 1 });
		expect(sim.user('u1')?.attributes).toEqual({ zendesk_ticket: 7, zendesk_ticket_open: true, first_name: 'Ada' });
		const many = Array.from({ length: 76 }, (_, i) => ({ external_id: `u${i}`, a: 1 }));
		const tooMany = await api.post('/users/track', { attributes: many });
		expect(tooMany.status).toBe(400);
		expect(tooMany.data).toEqual({ message: expect.stringContaining('75'), errors: [expect.any(String)] });
		expect((await api.post('/users/track', { attributes: many.slice(0, 75) })).data.attributes_processed).toBe(75);
	});

	it('reports an attributes object without an identifier as a non-fatal error', async () => {
		const res = await brazeClient(sim).post('/users/track', { attributes: [{ a: 1 }, { external_id: 'x', a: 2 }] });
		expect(res.status).toBe(201);
		expect(res.data).toMatchObject({ attributes_processed: 1, errors: [{ input_array: 'attributes', index: 0 }] });
	});

	it('sends X-RateLimit headers and answers 429 past the limit', async () => {
		const api = brazeClient(sim);
		const first = await api.post('/users/track', { attributes: [] });
		expect(first.headers['x-ratelimit-limit']).toBe('3');
		expect(first.headers['x-ratelimit-remaining']).toBe('2');
		const reset = Number(first.headers['x-ratelimit-reset']);
		expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
		await api.post('/users/track', { attributes: [] });
		await api.post('/users/track', { attributes: [] });
		const limited = await api.post('/users/track', { attributes: [] });
		expect(limited.status).toBe(429);
		expect(limited.headers['x-ratelimit-remaining']).toBe('0');
		expect(limited.data).toEqual({ message: expect.any(String) });
	});
});
