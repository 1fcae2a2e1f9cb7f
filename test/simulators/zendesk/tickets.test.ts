import type { AxiosInstance } from 'axios';

import { ManualClock } from '../shared/clock';
import { CLOSED_TICKET_ERROR, startZendeskSimulator, type ZendeskSimulator } from '.';
import { zendeskClient } from './testClient';

describe('Zendesk simulator: tickets', () => {
	let sim: ZendeskSimulator;
	let api: AxiosInstance;

	beforeAll(async () => {
		sim = await startZendeskSimulator({ userFields: ['braze_external_id'] });
		api = zendeskClient(sim);
	});
	afterEach(() => sim.reset());
	afterAll(() => sim.close());

	const customer = () => sim.createEndUser({ name: 'Ada Lovelace', external_id: 'braze-1', phone: '+15550001' });

	it('creates a ticket: 201, Location, first comment by the requester, via api', async () => {
		const requester = customer();
		const res = await api.post('/api/v2/tickets.json', {
			ticket: { subject: 'SMS', comment: { body: 'Hello' }, requester_id: requester.id, tags: ['sms'] },
		});
		expect(res.status).toBe(201);
		expect(res.headers.location).toBe(`${sim.url}/api/v2/tickets/${res.data.ticket.id}.json`);
		expect(res.data.ticket).toMatchObject({ status: 'new', requester_id: requester.id, tags: ['sms'], description: 'Hello' });
		const stored = sim.ticket(res.data.ticket.id);
		expect(stored?.comments).toEqual([
			expect.objectContaining({ author_id: requester.id, body: 'Hello', public: true, via: { channel: 'api' } }),
		]);
	});

	it('creates the requester from requester:{name,email} and reuses them by email', async () => {
		const first = await api.post('/api/v2/tickets', {
			ticket: { comment: { body: 'a' }, requester: { name: 'Bob', email: 'Bob@Example.com' } },
		});
		const second = await api.post('/api/v2/tickets', {
			ticket: { comment: { body: 'b' }, requester: { name: 'Bob', email: 'bob@example.com' } },
		});
		expect(first.data.ticket.requester_id).toBe(second.data.ticket.requester_id);
		expect(sim.user(first.data.ticket.requester_id)).toMatchObject({ name: 'Bob', role: 'end-user' });
	});

	it('refuses a ticket without a comment with RecordInvalid', async () => {
		const res = await api.post('/api/v2/tickets', { ticket: { subject: 'x' } });
		expect(res.status).toBe(422);
		expect(res.data).toMatchObject({ error: 'RecordInvalid', description: 'Record validation errors' });
	});

	it('sideloads the ticket\'s users with include=users', async () => {
		const requester = customer();
		const ticket = sim.createTicket({ comment: { body: 'hi' }, requester_id: requester.id });
		const plain = await api.get(`/api/v2/tickets/${ticket.id}.json`);
		expect(plain.data.users).toBeUndefined();
		const res = await api.get(`/api/v2/tickets/${ticket.id}.json`, { params: { include: 'users' } });
		expect(res.data.users).toEqual(
			expect.arrayContaining([expect.objectContaining({ id: requester.id, external_id: 'braze-1', phone: '+15550001' })]),
		);
	});

	it('answers 404 RecordNotFound for an unknown ticket', async () => {
		const res = await api.get('/api/v2/tickets/999.json');
		expect(res.status).toBe(404);
		expect(res.data).toEqual({ error: 'RecordNotFound', description: 'Not found' });
	});

	it('adds a requester comment without reopening a solved ticket unless status open is sent', async () => {
		const requester = customer();
		const ticket = sim.createTicket({ comment: { body: 'hi' }, requester_id: requester.id });
		sim.agentComment(ticket.id, { body: 'Done', status: 'solved' });
		const kept = await api.put(`/api/v2/tickets/${ticket.id}.json`, {
			ticket: { comment: { body: 'thanks', author_id: requester.id } },
		});
		expect(kept.status).toBe(200);
		expect(kept.data.ticket.status).toBe('solved');
		expect(kept.data.audit.events[0]).toMatchObject({ type: 'Comment', author_id: requester.id, body: 'thanks' });
		const reopened = await api.put(`/api/v2/tickets/${ticket.id}`, {
			ticket: { status: 'open', comment: { body: 'again', author_id: requester.id } },
		});
		expect(reopened.data.ticket.status).toBe('open');
		expect(reopened.data.audit.events).toContainEqual(
			expect.objectContaining({ type: 'Change', field_name: 'status', value: 'open', previous_value: 'solved' }),
		);
		expect(sim.ticket(ticket.id)?.comments.map((c) => c.via.channel)).toEqual(['web', 'web', 'api', 'api']);
	});

	it('refuses any update of a closed ticket with the exact 422', async () => {
		const ticket = sim.createTicket({ comment: { body: 'hi' }, requester_id: customer().id });
		sim.setStatus(ticket.id, 'solved');
		sim.setStatus(ticket.id, 'closed', { via: 'rule' });
		const res = await api.put(`/api/v2/tickets/${ticket.id}`, { ticket: { comment: { body: 'late' } } });
		expect(res.status).toBe(422);
		expect(res.data).toEqual(CLOSED_TICKET_ERROR);
		expect(res.data).toEqual({
			error: 'RecordInvalid',
			description: 'Record validation errors',
			details: { status: [{ description: 'Status: closed prevents ticket update' }] },
		});
	});

	it('accepts via_followup_source_id only for a closed source ticket', async () => {
		const requester = customer();
		const source = sim.createTicket({ comment: { body: 'hi' }, requester_id: requester.id });
		const early = await api.post('/api/v2/tickets', {
			ticket: { comment: { body: 'again' }, requester_id: requester.id, via_followup_source_id: source.id },
		});
		expect(early.status).toBe(422);
		expect(early.data.error).toBe('RecordInvalid');
		sim.setStatus(source.id, 'closed');
		const followUp = await api.post('/api/v2/tickets', {
			ticket: { comment: { body: 'again' }, requester_id: requester.id, via_followup_source_id: source.id },
		});
		expect(followUp.status).toBe(201);
		expect(followUp.data.ticket.via.source).toEqual({ from: { ticket_id: source.id }, to: {}, rel: 'follow_up' });
		expect(sim.ticket(source.id)?.followup_ids).toEqual([followUp.data.ticket.id]);
	});

	it('caps comments per ticket', async () => {
		await sim.close();
		sim = await startZendeskSimulator({ maxComments: 2 });
		api = zendeskClient(sim);
		const ticket = sim.createTicket({ comment: { body: 'one' } });
		expect((await api.put(`/api/v2/tickets/${ticket.id}`, { ticket: { comment: { body: 'two' } } })).status).toBe(200);
		const third = await api.put(`/api/v2/tickets/${ticket.id}`, { ticket: { comment: { body: 'three' } } });
		expect(third.status).toBe(422);
		expect(third.data.error).toBe('RecordInvalid');
	});

	describe('Idempotency-Key', () => {
		const body = () => ({ ticket: { comment: { body: 'Hello' }, requester: { name: 'Cy', email: 'cy@example.com' } } });

		it('answers miss first, then replays the original answer with hit', async () => {
			const first = await api.post('/api/v2/tickets', body(), { headers: { 'Idempotency-Key': 'sms-123' } });
			const replay = await api.post('/api/v2/tickets', body(), { headers: { 'Idempotency-Key': 'sms-123' } });
			expect(first.status).toBe(201);
			expect(first.headers['x-idempotency-lookup']).toBe('miss');
			expect(replay.status).toBe(201);
			expect(replay.headers['x-idempotency-lookup']).toBe('hit');
			expect(replay.data).toEqual(first.data);
			expect(replay.headers.location).toBe(first.headers.location);
			expect(sim.tickets()).toHaveLength(1);
		});

		it('rejects the same key with another body', async () => {
			await api.post('/api/v2/tickets', body(), { headers: { 'Idempotency-Key': 'k' } });
			const other = { ticket: { ...body().ticket, comment: { body: 'Other' } } };
			const res = await api.post('/api/v2/tickets', other, { headers: { 'Idempotency-Key': 'k' } });
			expect(res.status).toBe(400);
			expect(res.data).toEqual({
				error: 'IdempotentRequestError',
				description: "Request parameters don't match the given idempotency key",
			});
		});

		it('forgets a key after its time to live', async () => {
			await sim.close();
			const clock = new ManualClock();
			sim = await startZendeskSimulator({ idempotencyTtlMs: 7_200_000, clock: clock.now });
			api = zendeskClient(sim);
			await api.post('/api/v2/tickets', body(), { headers: { 'Idempotency-Key': 'k' } });
			clock.advance(7_199_999);
			expect((await api.post('/api/v2/tickets', body(), { headers: { 'Idempotency-Key': 'k' } })).headers['x-idempotency-lookup']).toBe('hit');
			clock.advance(1);
			const later = await api.post('/api/v2/tickets', body(), { headers: { 'Idempotency-Key': 'k' } });
			expect(later.headers['x-idempotency-lookup']).toBe('miss');
			expect(sim.tickets()).toHaveLength(2);
		});

		it('rejects keys longer than 255 characters and ignores the header on PUT', async () => {
			const long = await api.post('/api/v2/tickets', body(), { headers: { 'Idempotency-Key': 'x'.repeat(256) } });
			expect(long.status).toBe(400);
			const ticket = sim.createTicket({ comment: { body: 'hi' } });
			const put = () => api.put(`/api/v2/tickets/${ticket.id}`, { ticket: { comment: { body: 'c' } } }, { headers: { 'Idempotency-Key': 'p' } });
			const [a, b] = [await put(), await put()];
			expect(a.headers['x-idempotency-lookup']).toBeUndefined();
			expect(b.status).toBe(200);
			expect(sim.ticket(ticket.id)?.comments).toHaveLength(3);
		});
	});
});
