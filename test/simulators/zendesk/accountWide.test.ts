import type { AxiosInstance } from 'axios';

import type { Receiver } from '../shared/receiver';
import { simulatorWithReceiver } from '../shared/simulatorWithReceiver';
import { CONDITION_FIELDS, startZendeskSimulator, type ZendeskSimulator } from '.';
import { controlClient, webhookWithTrigger, zendeskClient } from './testClient';

/** The trigger's own title, so the receiver can tell which trigger fired. */
const eventBody = (title: string) => `{"title":"${title}","id":{{ticket.id}},"external_id":"{{ticket.requester.external_id}}"}`;

const condition = (field: string, operator: string, value: string) => ({ field, operator, value });

const SMS_ONLY = condition(CONDITION_FIELDS.currentTags, 'includes', 'sms');

describe('Zendesk simulator: triggers see every ticket of the account', () => {
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

	const hook = (title: string, all: object[]) =>
		webhookWithTrigger(api, { endpoint: receiver.url, title, conditions: { all, any: [] }, body: eventBody(title) });

	async function firedTitles(): Promise<string[]> {
		await sim.waitForWebhooks();
		return receiver.requests.map((r) => JSON.parse(r.rawBody).title).sort();
	}

	async function forgetFired(): Promise<void> {
		await sim.waitForWebhooks();
		receiver.requests.length = 0;
	}

	it('creates an e-mail ticket over /__sim/tickets/email that account-wide triggers see, with the requester\'s SSO external id', async () => {
		await hook('any new ticket', [condition(CONDITION_FIELDS.updateType, 'is', 'Create')]);
		await hook('sms only', [condition(CONDITION_FIELDS.updateType, 'is', 'Create'), SMS_ONLY]);
		await hook('not sms', [condition(CONDITION_FIELDS.updateType, 'is', 'Create'), condition(CONDITION_FIELDS.currentTags, 'not_includes', 'sms')]);
		const res = await controlClient(sim).post('/tickets/email', {
			from: { email: 'Grace@Example.com', name: 'Grace Hopper', external_id: 'sso-4711' },
			subject: 'Invoice',
			body: 'Where is my invoice?',
		});
		expect(res.status).toBe(201);
		expect(res.data.requester).toMatchObject({ email: 'grace@example.com', external_id: 'sso-4711', role: 'end-user' });
		expect(res.data.ticket).toMatchObject({ subject: 'Invoice', tags: [], via: { channel: 'email' }, requester_id: res.data.requester.id });
		expect(await firedTitles()).toEqual(['any new ticket', 'not sms']);
		expect(JSON.parse(receiver.requests[0].rawBody).external_id).toBe('sso-4711');
	});

	it('judges current_tags on the tags as of each update: an agent tagging over /__sim/ starts matching, removing stops it', async () => {
		const agentReply = [condition(CONDITION_FIELDS.commentIsPublic, 'is', 'true'), condition(CONDITION_FIELDS.role, 'is', 'agent'), SMS_ONLY];
		await hook('sms reply', agentReply);
		await hook('tagged sms', [condition(CONDITION_FIELDS.updateType, 'is', 'Change'), SMS_ONLY]);
		const { ticket } = sim.emailTicket({ from: { email: 'ada@example.com' }, body: 'Hi' });
		sim.agentComment(ticket.id, { body: 'Before the tag' });
		expect(await firedTitles()).toEqual([]);
		const tagged = await controlClient(sim).post(`/tickets/${ticket.id}/tags`, { additional_tags: ['SMS'] });
		expect(tagged.data.ticket.tags).toEqual(['sms']);
		expect(await firedTitles()).toEqual(['tagged sms']);
		await forgetFired();
		sim.agentComment(ticket.id, { body: 'After the tag' });
		expect(await firedTitles()).toEqual(['sms reply', 'tagged sms']);
		await forgetFired();
		await api.put(`/api/v2/tickets/${ticket.id}`, { ticket: { remove_tags: ['sms'] } });
		sim.agentComment(ticket.id, { body: 'Tag gone' });
		expect(await firedTitles()).toEqual([]);
	});

	it('applies tags, additional_tags and remove_tags on PUT as Zendesk does', async () => {
		const ticket = sim.createTicket({ comment: { body: 'hi' }, tags: ['sms', 'vip'] });
		const replaced = await api.put(`/api/v2/tickets/${ticket.id}`, { ticket: { tags: ['billing', 'VIP'] } });
		expect(replaced.data.ticket.tags).toEqual(['billing', 'vip']);
		expect(replaced.data.audit.events).toContainEqual(expect.objectContaining({ field_name: 'tags', value: ['billing', 'vip'], previous_value: ['sms', 'vip'] }));
		const added = await api.put(`/api/v2/tickets/${ticket.id}`, { ticket: { additional_tags: ['sms', 'billing'] } });
		expect(added.data.ticket.tags).toEqual(['billing', 'vip', 'sms']);
		const removed = await api.put(`/api/v2/tickets/${ticket.id}`, { ticket: { remove_tags: ['vip', 'absent'] } });
		expect(removed.data.ticket.tags).toEqual(['billing', 'sms']);
	});

	it('adds (PUT), sets (POST) and removes (DELETE) tags at /api/v2/tickets/{id}/tags, each an update that runs triggers', async () => {
		await hook('tagged sms', [condition(CONDITION_FIELDS.updateType, 'is', 'Change'), SMS_ONLY]);
		const ticket = sim.createTicket({ comment: { body: 'hi' }, tags: ['vip'] });
		const stale = ticket.updated_at;
		const tags = (method: 'put' | 'post' | 'delete', body: object) => api.request({ method, url: `/api/v2/tickets/${ticket.id}/tags.json`, data: body });
		expect((await tags('put', { tags: ['sms'] })).data).toEqual({ tags: ['vip', 'sms'] });
		expect(await firedTitles()).toEqual(['tagged sms']);
		expect((await tags('post', { tags: ['billing'] })).data).toEqual({ tags: ['billing'] });
		expect((await tags('put', { tags: ['x'], safe_update: true, updated_stamp: stale })).status).toBe(409);
		expect((await tags('delete', { tags: ['billing'] })).data).toEqual({ tags: [] });
		expect((await api.get(`/api/v2/tickets/${ticket.id}/tags`)).data).toEqual({ tags: [] });
	});

	it('adds tags in the same update as an agent reply over /__sim/tickets/:id/agent_comment', async () => {
		await hook('sms reply', [condition(CONDITION_FIELDS.commentIsPublic, 'is', 'true'), SMS_ONLY]);
		const { ticket } = sim.emailTicket({ from: { email: 'ada@example.com' }, body: 'Hi' });
		await controlClient(sim).post(`/tickets/${ticket.id}/agent_comment`, { body: 'Replying by SMS', additional_tags: ['sms'] });
		expect(await firedTitles()).toEqual(['sms reply']);
	});

	it('compares status with less_than and greater_than in Zendesk\'s order new < open < pending < hold < solved < closed', async () => {
		await hook('below solved', [condition(CONDITION_FIELDS.status, 'less_than', 'solved')]);
		await hook('above open', [condition(CONDITION_FIELDS.status, 'greater_than', 'open')]);
		const ticket = sim.createTicket({ comment: { body: 'hi' }, requester_id: sim.createEndUser().id });
		expect(await firedTitles()).toEqual(['below solved']);
		const steps: Array<[string, string[]]> = [
			['open', ['below solved']],
			['pending', ['above open', 'below solved']],
			['solved', ['above open']],
		];
		for (const [status, expected] of steps) {
			await forgetFired();
			sim.setStatus(ticket.id, status as 'open' | 'pending' | 'solved');
			expect(await firedTitles()).toEqual(expected);
		}
	});

	it('never counts a private API comment as public, and gives API updates current_via_id 5', async () => {
		await hook('public', [condition(CONDITION_FIELDS.commentIsPublic, 'is', 'true')]);
		await hook('private', [condition(CONDITION_FIELDS.commentIsPublic, 'is', 'false')]);
		await hook('via api', [condition(CONDITION_FIELDS.currentViaId, 'is', '5')]);
		await hook('via agent workspace', [condition(CONDITION_FIELDS.currentViaId, 'is', '0')]);
		const ticket = sim.createTicket({ comment: { body: 'hi' }, requester_id: sim.createEndUser().id });
		await forgetFired();
		await api.put(`/api/v2/tickets/${ticket.id}`, { ticket: { comment: { body: 'internal note', public: false } } });
		expect(await firedTitles()).toEqual(['private', 'via api']);
		await forgetFired();
		sim.agentComment(ticket.id, { body: 'hello' });
		expect(await firedTitles()).toEqual(['public', 'via agent workspace']);
	});
});
