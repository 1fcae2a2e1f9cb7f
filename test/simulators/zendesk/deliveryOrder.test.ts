import type { AxiosInstance } from 'axios';

import type { Receiver } from '../shared/receiver';
import { simulatorWithReceiver } from '../shared/simulatorWithReceiver';
import { CONDITION_FIELDS, startZendeskSimulator, type ZendeskSimulator } from '.';
import { controlClient, webhookWithTrigger, zendeskClient } from './testClient';

const AGENT_REPLY = {
	all: [
		{ field: CONDITION_FIELDS.commentIsPublic, operator: 'is', value: 'true' },
		{ field: CONDITION_FIELDS.role, operator: 'is_not', value: 'end_user' },
	],
	any: [],
};

const SOLVED = { all: [{ field: CONDITION_FIELDS.status, operator: 'value', value: 'solved' }], any: [] };

describe('Zendesk simulator: several triggers fired by one update', () => {
	let sim: ZendeskSimulator;
	let api: AxiosInstance;
	let receiver: Receiver;

	simulatorWithReceiver(
		() => startZendeskSimulator({ webhookDelivery: { timeoutMs: 500, retryDelayMs: 5 } }),
		(started) => {
			({ sim, receiver } = started);
			api = zendeskClient(sim);
		},
	);
	/** A fresh account with an agent-reply trigger and a changed-to-solved trigger, each calling its own webhook. */
	async function freshAccount() {
		sim.reset();
		receiver.requests.length = 0;
		await webhookWithTrigger(api, { endpoint: receiver.url, conditions: AGENT_REPLY, body: '{"event":"reply","id":{{ticket.id}}}', title: 'reply' });
		await webhookWithTrigger(api, { endpoint: receiver.url, conditions: SOLVED, body: '{"event":"solved","id":{{ticket.id}}}', title: 'solved' });
	}
	beforeEach(freshAccount);

	const customerTicket = () => sim.createTicket({ comment: { body: 'Help' }, requester_id: sim.createEndUser().id });

	/** Agents answer `count` tickets "Submit as Solved"; the events each ticket's calls arrived with, in arrival order. */
	async function submitAsSolved(count: number): Promise<string[][]> {
		const tickets = Array.from({ length: count }, () => customerTicket());
		for (const ticket of tickets) sim.agentComment(ticket.id, { body: 'Fixed it', status: 'solved' });
		await sim.waitForWebhooks();
		const calls = receiver.requests.map((r) => JSON.parse(r.rawBody) as { event: string; id: number });
		return tickets.map((ticket) => calls.filter((call) => call.id === ticket.id).map((call) => call.event));
	}

	it('fires the reply trigger and the solved trigger for one reply submitted as solved, in the order fired by default', async () => {
		expect(await submitAsSolved(1)).toEqual([['reply', 'solved']]);
		expect(sim.deliveries.map((d) => d.ticketId)).toEqual([sim.tickets()[0].id, sim.tickets()[0].id]);
	});

	it('does the same when another process plays the agent over /__sim/tickets/:id/agent_comment with a status', async () => {
		const ticket = customerTicket();
		const res = await controlClient(sim).post(`/tickets/${ticket.id}/agent_comment`, { body: 'Fixed it', status: 'solved' });
		expect(res.data.ticket).toMatchObject({ id: ticket.id, status: 'solved' });
		await sim.waitForWebhooks();
		expect(receiver.requests.map((r) => JSON.parse(r.rawBody).event)).toEqual(['reply', 'solved']);
	});

	it('sends them in reverse with deliveryOrder reverse', async () => {
		sim.configure({ deliveryOrder: 'reverse' });
		expect(await submitAsSolved(3)).toEqual([
			['solved', 'reply'],
			['solved', 'reply'],
			['solved', 'reply'],
		]);
	});

	it('shuffles them with deliveryOrder shuffle, the same way again for the same seed', async () => {
		sim.configure({ deliveryOrder: 'shuffle', deliverySeed: 7 });
		const first = await submitAsSolved(12);
		expect(first.every((events) => [...events].sort().join() === 'reply,solved')).toBe(true);
		expect(new Set(first.map((events) => events.join()))).toEqual(new Set(['reply,solved', 'solved,reply']));
		const recorded = sim.tickets().map((ticket) => sim.deliveries.filter((d) => d.ticketId === ticket.id).map((d) => JSON.parse(d.body).event));
		expect(recorded).toEqual(first);
		await freshAccount();
		sim.configure({ deliveryOrder: 'shuffle', deliverySeed: 7 });
		expect(await submitAsSolved(12)).toEqual(first);
	});
});
