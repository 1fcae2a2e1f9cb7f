import type { AxiosInstance } from 'axios';

import { ManualClock } from '../shared/clock';
import { startZendeskSimulator, type SimUser, type ZendeskSimulator } from '.';
import { zendeskClient } from './testClient';

describe('Zendesk simulator: search lag and a user\'s requested tickets', () => {
	let sim: ZendeskSimulator;
	let api: AxiosInstance;
	let clock: ManualClock;
	let customer: SimUser;

	beforeEach(async () => {
		clock = new ManualClock();
		sim = await startZendeskSimulator({ clock: clock.now, rateLimit: false });
		api = zendeskClient(sim);
		customer = sim.createEndUser({ external_id: 'braze-1' });
	});
	afterEach(() => sim.close());

	const unsolved = async () => {
		const res = await api.get('/api/v2/search.json', { params: { query: `type:ticket requester_id:${customer.id} status<solved` } });
		return res.data.results.map((t: { id: number; status: string }) => [t.id, t.status]);
	};
	const requested = async (params: Record<string, string> = {}) =>
		(await api.get(`/api/v2/users/${customer.id}/tickets/requested.json`, { params })).data;

	async function createTicket(): Promise<number> {
		const res = await api.post('/api/v2/tickets.json', { ticket: { comment: { body: 'Hello' }, requester_id: customer.id } });
		return res.data.ticket.id;
	}

	it('without lag (the default), search shows a new ticket at once', async () => {
		const id = await createTicket();
		expect(await unsolved()).toEqual([[id, 'new']]);
	});

	it('with searchLagMs, a new ticket is missing from search for the lag but in requested tickets at once', async () => {
		sim.configure({ searchLagMs: 60_000 });
		const id = await createTicket();
		expect(await unsolved()).toEqual([]);
		expect((await requested()).tickets.map((t: { id: number }) => t.id)).toEqual([id]);
		clock.advance(59_999);
		expect(await unsolved()).toEqual([]);
		clock.advance(1);
		expect(await unsolved()).toEqual([[id, 'new']]);
	});

	it('with searchLagMs, a changed ticket shows its old status in search until the lag has passed', async () => {
		sim.configure({ searchLagMs: 120_000 });
		const id = await createTicket();
		clock.advance(120_000);
		sim.setStatus(id, 'solved');
		expect(await unsolved()).toEqual([[id, 'new']]);
		expect((await requested()).tickets[0]).toMatchObject({ id, status: 'solved' });
		clock.advance(120_000);
		expect(await unsolved()).toEqual([]);
	});

	describe('requested tickets', () => {
		/** 150 tickets created a second apart; then the oldest one is updated last. */
		function manyTickets(): number[] {
			const ids: number[] = [];
			for (let n = 0; n < 150; n++) {
				ids.push(sim.createTicket({ comment: { body: `n${n}` }, requester_id: customer.id }).id);
				clock.advance(1000);
			}
			sim.setStatus(ids[0], 'open');
			return ids;
		}

		it('pages 100 at a time with next_page, by created_at ascending unless told otherwise', async () => {
			const ids = manyTickets();
			const first = await requested();
			expect(first.tickets.map((t: { id: number }) => t.id)).toEqual(ids.slice(0, 100));
			expect(first.count).toBe(150);
			expect(first.previous_page).toBeNull();
			const second = (await api.get(first.next_page)).data;
			expect(second.tickets.map((t: { id: number }) => t.id)).toEqual(ids.slice(100));
			expect(second.next_page).toBeNull();
		});

		it('sorts by updated_at desc, so the ticket changed last comes first', async () => {
			const ids = manyTickets();
			const page = await requested({ sort_by: 'updated_at', sort_order: 'desc' });
			expect(page.tickets.slice(0, 3).map((t: { id: number }) => t.id)).toEqual([ids[0], ids[149], ids[148]]);
			const next = (await api.get(page.next_page)).data;
			expect(next.tickets.map((t: { id: number }) => t.id)).toEqual(ids.slice(1, 51).reverse());
		});

		it('sorts by created_at desc and pages by cursor with page[size]', async () => {
			const ids = manyTickets();
			const page = await requested({ sort_by: 'created_at', sort_order: 'desc', 'page[size]': '100' });
			expect(page.tickets).toHaveLength(100);
			expect(page.tickets[0].id).toBe(ids[149]);
			expect(page.meta).toEqual({ has_more: true, after_cursor: expect.any(String), before_cursor: expect.any(String) });
			const next = (await api.get(page.links.next)).data;
			expect(next.tickets.map((t: { id: number }) => t.id)).toEqual(ids.slice(0, 50).reverse());
			expect(next.meta.has_more).toBe(false);
			expect(next.links.next).toBeNull();
		});
	});
});
