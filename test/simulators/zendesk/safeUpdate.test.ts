import type { AxiosInstance } from 'axios';

import { ManualClock } from '../shared/clock';
import { startZendeskSimulator, UPDATE_CONFLICT, type ZendeskSimulator } from '.';
import { zendeskClient } from './testClient';

describe('Zendesk simulator: concurrent writers and safe_update', () => {
	let sim: ZendeskSimulator;
	let api: AxiosInstance;
	let clock: ManualClock;

	beforeEach(async () => {
		// A clock that never moves: every update happens within the same second.
		clock = new ManualClock();
		sim = await startZendeskSimulator({ clock: clock.now });
		api = zendeskClient(sim);
	});
	afterEach(() => sim.close());

	async function readTicket() {
		const ticket = sim.createTicket({ comment: { body: 'hi' }, requester_id: sim.createEndUser().id, tags: ['sms'] });
		return (await api.get(`/api/v2/tickets/${ticket.id}.json`)).data.ticket as { id: number; updated_at: string };
	}

	const put = (id: number, ticket: object) => api.put(`/api/v2/tickets/${id}.json`, { ticket });

	it('moves updated_at forward a whole second on every update, even within one second', async () => {
		const read = await readTicket();
		const stamps = [read.updated_at];
		for (const tag of ['a', 'b', 'c']) stamps.push((await put(read.id, { additional_tags: [tag] })).data.ticket.updated_at);
		expect(stamps.every((stamp) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(stamp))).toBe(true);
		expect(stamps.map((stamp) => Date.parse(stamp) - Date.parse(stamps[0]))).toEqual([0, 1000, 2000, 3000]);
	});

	it('answers the second of two writers holding the same stamp with 409 UpdateConflict, applying nothing of it', async () => {
		const read = await readTicket();
		const first = await put(read.id, { safe_update: true, updated_stamp: read.updated_at, additional_tags: ['first'], comment: { body: 'one' } });
		expect(first.status).toBe(200);
		const second = await put(read.id, { safe_update: true, updated_stamp: read.updated_at, additional_tags: ['second'], status: 'solved', comment: { body: 'two' } });
		expect(second.status).toBe(409);
		expect(second.data).toEqual(UPDATE_CONFLICT);
		expect(second.data).toEqual({
			error: 'UpdateConflict',
			description: 'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
		});
		const now = (await api.get(`/api/v2/tickets/${read.id}.json`)).data.ticket;
		expect(now).toMatchObject({ tags: ['sms', 'first'], status: 'new', updated_at: first.data.ticket.updated_at });
		expect(sim.ticket(read.id)?.comments.map((c) => c.body)).toEqual(['hi', 'one']);
		const retried = await put(read.id, { safe_update: true, updated_stamp: now.updated_at, additional_tags: ['second'] });
		expect(retried.data.ticket.tags).toEqual(['sms', 'first', 'second']);
	});

	it('lets the last writer win without safe_update: a read-modify-write loses the other writer\'s tag', async () => {
		const read = await readTicket();
		await put(read.id, { tags: ['sms', 'from-a'] });
		const second = await put(read.id, { tags: ['sms', 'from-b'] });
		expect(second.status).toBe(200);
		expect(sim.ticket(read.id)?.tags).toEqual(['sms', 'from-b']);
	});

	it('refuses safe_update without updated_stamp (422 RecordInvalid), applying nothing', async () => {
		const read = await readTicket();
		const res = await put(read.id, { safe_update: true, additional_tags: ['x'] });
		expect(res.status).toBe(422);
		expect(res.data).toMatchObject({ error: 'RecordInvalid', details: { updated_stamp: [expect.objectContaining({ error: 'BlankValue' })] } });
		expect(sim.ticket(read.id)?.tags).toEqual(['sms']);
	});
});
