import { ManualClock } from '../shared/clock';
import { startZendeskSimulator, type ZendeskSimulator } from '.';
import { zendeskClient } from './testClient';

describe('Zendesk simulator: rate limits', () => {
	let sim: ZendeskSimulator;

	afterEach(() => sim.close());

	it('counts account requests per window and answers 429 with Retry-After and X-Rate-Limit headers', async () => {
		// A clock at a window's start: with the real clock, the three requests could straddle two windows.
		sim = await startZendeskSimulator({ rateLimit: { limit: 2, windowMs: 60_000 }, clock: new ManualClock().now });
		const api = zendeskClient(sim);
		const first = await api.get('/api/v2/users/me');
		expect(first.headers['x-rate-limit']).toBe('2');
		expect(first.headers['x-rate-limit-remaining']).toBe('1');
		await api.get('/api/v2/users/me');
		const limited = await api.get('/api/v2/users/me');
		expect(limited.status).toBe(429);
		expect(limited.headers['x-rate-limit-remaining']).toBe('0');
		expect(limited.headers['retry-after']).toBe('60');
		expect(limited.data).toEqual({ error: 'APIRateLimitExceeded', description: expect.any(String) });
	});

	it('opens a new window once the window has passed', async () => {
		const clock = new ManualClock();
		sim = await startZendeskSimulator({ rateLimit: { limit: 1, windowMs: 1000 }, clock: clock.now });
		const api = zendeskClient(sim);
		await api.get('/api/v2/users/me');
		clock.advance(400);
		const limited = await api.get('/api/v2/users/me');
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBe('1');
		clock.advance(600);
		expect((await api.get('/api/v2/users/me')).status).toBe(200);
	});

	it('limits updates per ticket, not other tickets', async () => {
		// A clock at a window's start, so the wait asked is the whole 10 minutes whatever the time of day.
		const clock = new ManualClock();
		sim = await startZendeskSimulator({ ticketUpdateLimit: { limit: 2, windowMs: 600_000 }, clock: clock.now });
		const api = zendeskClient(sim);
		const a = sim.createTicket({ comment: { body: 'a' } });
		const b = sim.createTicket({ comment: { body: 'b' } });
		const put = (id: number) => api.put(`/api/v2/tickets/${id}.json`, { ticket: { comment: { body: 'x' } } });
		expect((await put(a.id)).status).toBe(200);
		expect((await put(a.id)).status).toBe(200);
		const limited = await put(a.id);
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBe('600');
		expect(limited.data.error).toBe('APIRateLimitExceeded');
		expect(sim.ticket(a.id)?.comments).toHaveLength(3);
		expect((await put(b.id)).status).toBe(200);
	});
});
