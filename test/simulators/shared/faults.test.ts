import axios from 'axios';

import { startBrazeSimulator, type BrazeSimulator } from '../braze';
import { startZendeskSimulator, type ZendeskSimulator } from '../zendesk';
import { zendeskClient } from '../zendesk/testClient';
import { seededRandom } from './faults';

describe('simulator faults', () => {
	let zendesk: ZendeskSimulator;
	let braze: BrazeSimulator;

	beforeAll(async () => {
		zendesk = await startZendeskSimulator();
		braze = await startBrazeSimulator({ campaigns: { c: 'x' } });
	});
	afterEach(() => {
		zendesk.reset();
		braze.reset();
	});
	afterAll(async () => {
		await zendesk.close();
		await braze.close();
	});

	const ticketBody = { ticket: { comment: { body: 'hi' } } };

	it('scripts statuses for the next N matching requests only, with the vendor body', async () => {
		const api = zendeskClient(zendesk);
		zendesk.faults.script([{ kind: 'status', status: 503, method: 'POST', path: /\/tickets/, times: 2 }]);
		expect((await api.get('/api/v2/users/me')).status).toBe(200);
		const first = await api.post('/api/v2/tickets', ticketBody);
		expect(first.status).toBe(503);
		expect(first.data).toEqual({ error: 'ServiceUnavailable', description: 'Service Unavailable' });
		expect((await api.post('/api/v2/tickets', ticketBody)).status).toBe(503);
		expect((await api.post('/api/v2/tickets', ticketBody)).status).toBe(201);
		expect(zendesk.tickets()).toHaveLength(1);
		expect(zendesk.log.map((r) => [r.method, r.status, r.fault])).toEqual([
			['GET', 200, undefined],
			['POST', 503, 'status:503'],
			['POST', 503, 'status:503'],
			['POST', 201, undefined],
		]);
	});

	it('resets the connection, before or after processing', async () => {
		const api = zendeskClient(zendesk);
		zendesk.faults.script([{ kind: 'reset' }, { kind: 'reset', afterProcessing: true }]);
		await expect(api.post('/api/v2/tickets', ticketBody)).rejects.toMatchObject({ code: 'ECONNRESET' });
		expect(zendesk.tickets()).toHaveLength(0);
		await expect(api.post('/api/v2/tickets', ticketBody)).rejects.toMatchObject({ code: 'ECONNRESET' });
		expect(zendesk.tickets()).toHaveLength(1);
	});

	it('answers slowly: "late" still processes the request, "lost" does not', async () => {
		const api = zendeskClient(zendesk);
		zendesk.faults.script([
			{ kind: 'slow', delayMs: 300, mode: 'late' },
			{ kind: 'slow', delayMs: 300, mode: 'lost' },
		]);
		await expect(api.post('/api/v2/tickets', ticketBody, { timeout: 50 })).rejects.toMatchObject({ code: 'ECONNABORTED' });
		await expect(api.post('/api/v2/tickets', ticketBody, { timeout: 50 })).rejects.toMatchObject({ code: 'ECONNABORTED' });
		await zendesk.idle();
		expect(zendesk.tickets()).toHaveLength(1);
	});

	it('a slow answer within the client timeout still arrives', async () => {
		zendesk.faults.script([{ kind: 'slow', delayMs: 30, mode: 'late' }]);
		expect((await zendeskClient(zendesk).get('/api/v2/users/me')).status).toBe(200);
	});

	it('injects faults by rate, repeatably for a seed, and only on matching requests', async () => {
		const run = async () => {
			braze.reset();
			braze.faults.rate({ probability: 0.5, faults: [{ kind: 'status', status: 500 }, { kind: 'status', status: 429 }], seed: 42, path: '/users/track' });
			const statuses: number[] = [];
			for (let i = 0; i < 20; i++) {
				const res = await axios.post(`${braze.url}/users/track`, { attributes: [] }, {
					headers: { Authorization: `Bearer ${braze.apiKey}` },
					validateStatus: () => true,
				});
				statuses.push(res.status);
			}
			return statuses;
		};
		const first = await run();
		expect(await run()).toEqual(first);
		expect(first.filter((s) => s === 201).length).toBeGreaterThan(0);
		expect(first.filter((s) => s !== 201).length).toBeGreaterThan(0);
		expect(new Set(first.filter((s) => s !== 201))).toEqual(new Set([500, 429]));
		const other = await axios.post(`${braze.url}/campaigns/trigger/send`, {}, { headers: { Authorization: `Bearer ${braze.apiKey}` }, validateStatus: () => true });
		expect(other.status).toBe(400);
	});

	it('seededRandom is deterministic and within [0, 1)', () => {
		const a = seededRandom(7);
		const b = seededRandom(7);
		const values = Array.from({ length: 100 }, () => a());
		expect(values).toEqual(Array.from({ length: 100 }, () => b()));
		expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
	});

	it('redacts the Authorization header in the log', async () => {
		await zendeskClient(zendesk).get('/api/v2/users/me');
		expect(zendesk.log[0].headers.authorization).toBe('Basic [redacted]');
		expect(JSON.stringify(zendesk.log)).not.toContain(zendesk.apiToken);
	});
});
