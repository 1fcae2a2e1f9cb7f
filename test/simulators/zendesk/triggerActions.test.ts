// A trigger's tag actions (Zendesk's actions reference: `current_tags` adds, `remove_tags` removes, `set_tags` replaces,
// each a space-delimited list) are part of the update that fired it: the API's answer and the ticket show them, the next
// update no longer matches a condition on a removed tag, and a trigger placed after it sees the new tags.
import type { AxiosInstance } from 'axios';

import type { Receiver } from '../shared/receiver';
import { simulatorWithReceiver } from '../shared/simulatorWithReceiver';
import { CONDITION_FIELDS, startZendeskSimulator, type TriggerAction, type ZendeskSimulator } from '.';
import { controlClient, webhookWithTrigger, zendeskClient } from './testClient';

const hasTag = (tag: string) => ({ field: CONDITION_FIELDS.currentTags, operator: 'includes', value: tag });

describe('Zendesk simulator: trigger tag actions', () => {
	let sim: ZendeskSimulator;
	let api: AxiosInstance;
	let receiver: Receiver;

	// Declared first, so deliveries still under way finish before the reset after each test.
	afterEach(() => sim.waitForWebhooks());
	simulatorWithReceiver(
		() => startZendeskSimulator({ webhookDelivery: { timeoutMs: 500, retryDelayMs: 5 } }),
		(started) => {
			({ sim, receiver } = started);
			api = zendeskClient(sim);
		},
	);

	/** A trigger calling the receiver with the ticket's tags (and its title), plus the given tag actions. */
	async function trigger(title: string, tag: string, tagActions: TriggerAction[]) {
		const body = `{"title":"${title}","tags":"{{ticket.tags}}"}`;
		const { webhookId, triggerId } = await webhookWithTrigger(api, { endpoint: receiver.url, title, conditions: { all: [hasTag(tag)], any: [] }, body });
		const saved = await api.put(`/api/v2/triggers/${triggerId}`, {
			trigger: { actions: [{ field: 'notification_webhook', value: [webhookId, body] }, ...tagActions] },
		});
		expect(saved.status).toBe(200);
	}

	function smsTicket() {
		const customer = sim.createEndUser({ name: 'Ana Lima', phone: '+33612345678' });
		return sim.createTicket({ comment: { body: 'Hi' }, requester_id: customer.id, tags: ['sms'] }, { actorId: customer.id, via: 'api' });
	}

	/** An agent tags the ticket in the agent workspace (what a macro adding a tag does), as another process would. */
	async function agentTags(ticketId: number, tags: string[]) {
		const answer = await controlClient(sim).post(`/tickets/${ticketId}/tags`, { additional_tags: tags });
		expect(answer.status).toBe(200);
		return answer.data.ticket as { tags: string[]; updated_at: string };
	}

	async function calls(): Promise<Array<{ title: string; tags: string }>> {
		await sim.waitForWebhooks();
		return receiver.requests.map((request) => JSON.parse(request.rawBody));
	}

	it('removes and adds tags in the update that fired the trigger: the answer, the ticket and the call show them', async () => {
		await trigger('ask', 'ask', [
			{ field: 'remove_tags', value: 'ask' },
			{ field: 'current_tags', value: 'Done  later' },
		]);
		const ticket = smsTicket();
		const updated = await agentTags(ticket.id, ['ask']);
		expect(updated.tags).toEqual(['sms', 'done', 'later']);
		const shown = (await api.get(`/api/v2/tickets/${ticket.id}`)).data.ticket;
		expect(shown.tags).toEqual(['sms', 'done', 'later']);
		// No second update for the trigger's change: it is the agent's update.
		expect(shown.updated_at).toBe(updated.updated_at);
		// Zendesk calls the webhook once the update, the trigger's actions included, is saved.
		expect(await calls()).toEqual([{ title: 'ask', tags: 'sms done later' }]);
	});

	it('fires once per use of the tag: the next update no longer matches, adding the tag again fires again', async () => {
		await trigger('ask', 'ask', [{ field: 'remove_tags', value: 'ask' }]);
		const ticket = smsTicket();
		await agentTags(ticket.id, ['ask']);
		sim.agentComment(ticket.id, { body: 'Anything else?' });
		sim.setStatus(ticket.id, 'pending');
		expect(await calls()).toHaveLength(1);
		await agentTags(ticket.id, ['ask']);
		expect(await calls()).toHaveLength(2);
		expect(sim.ticket(ticket.id)?.tags).toEqual(['sms']);
	});

	it('replaces every tag with set_tags', async () => {
		await trigger('reset', 'reset', [{ field: 'set_tags', value: 'sms Triaged' }]);
		const ticket = smsTicket();
		expect((await agentTags(ticket.id, ['vip', 'reset'])).tags).toEqual(['sms', 'triaged']);
		expect(await calls()).toEqual([{ title: 'reset', tags: 'sms triaged' }]);
	});

	it('lets a later trigger see the tags an earlier one set in the same update, and a trigger that does not fire changes nothing', async () => {
		await trigger('first', 'ask', [{ field: 'current_tags', value: 'asked' }]);
		await trigger('second', 'asked', [{ field: 'remove_tags', value: 'ask asked' }]);
		await trigger('never', 'nothing_has_this', [{ field: 'set_tags', value: 'wiped' }]);
		const ticket = smsTicket();
		expect((await agentTags(ticket.id, ['ask'])).tags).toEqual(['sms']);
		expect(await calls()).toEqual([
			{ title: 'first', tags: 'sms ask asked' },
			{ title: 'second', tags: 'sms' },
		]);
	});
});
