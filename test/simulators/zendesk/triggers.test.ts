import type { AxiosInstance } from 'axios';

import type { Receiver } from '../shared/receiver';
import { simulatorWithReceiver } from '../shared/simulatorWithReceiver';
import { CONDITION_FIELDS, startZendeskSimulator, type ZendeskSimulator } from '.';
import { verifySignature as verify, webhookWithTrigger, zendeskClient } from './testClient';

const BODY = `{
  "event": "agentReply",
  "ticket": { "id": "{{ticket.id}}", "status": "{{ticket.status}}" },
  "requester": {
    "id": "{{ticket.requester.id}}", "external_id": "{{ticket.requester.external_id}}",
    "braze_external_id": "{{ticket.requester.custom_fields.braze_external_id}}",
    "name": "{{ticket.requester.name}}", "phone": "{{ticket.requester.phone}}"
  },
  "comment": {
    "text": "{% for comment in ticket.public_comments limit:1 %}{{comment.value}}{% endfor %}",
    "author": "{% for comment in ticket.public_comments limit:1 %}{{comment.author.name}}{% endfor %}"
  },
  "latest": "{{ticket.latest_public_comment}}",
  "by": "{{current_user.name}}"
}`;

const AGENT_REPLY = {
	all: [
		{ field: CONDITION_FIELDS.commentIsPublic, operator: 'is', value: 'true' },
		{ field: CONDITION_FIELDS.role, operator: 'is_not', value: 'end_user' },
		{ field: CONDITION_FIELDS.currentViaId, operator: 'is_not', value: '5' },
	],
	any: [],
};

const SOLVED = { all: [{ field: CONDITION_FIELDS.status, operator: 'value', value: 'solved' }], any: [] };

describe('Zendesk simulator: webhooks, triggers and signed deliveries', () => {
	let sim: ZendeskSimulator;
	let api: AxiosInstance;
	let receiver: Receiver;

	simulatorWithReceiver(
		() =>
			startZendeskSimulator({
				userFields: ['braze_external_id'],
				webhookDelivery: { timeoutMs: 500, retryDelayMs: 5, retryAfterScale: 0.01 },
			}),
		(started) => {
			({ sim, receiver } = started);
			api = zendeskClient(sim);
		},
	);

	const setup = (conditions: object, body = BODY) => webhookWithTrigger(api, { endpoint: receiver.url, conditions, body });

	function conversation() {
		const customer = sim.createEndUser({ name: 'Ada Lovelace', external_id: 'ext-1', phone: '+15550001', user_fields: { braze_external_id: 'braze-1' } });
		const agent = sim.createAgent('Grace Hopper');
		const ticket = sim.createTicket({ comment: { body: 'Help' }, requester_id: customer.id }, { via: 'api' });
		return { customer, agent, ticket };
	}

	it('gives the signing secret in Zendesk\'s shape', async () => {
		const { webhookId } = await setup(AGENT_REPLY);
		const res = await api.get(`/api/v2/webhooks/${webhookId}/signing_secret.json`);
		expect(res.data).toEqual({ signing_secret: { algorithm: 'SHA256', secret: expect.any(String) } });
	});

	it('fires on an agent public reply with the rendered, JSON-escaped body, signed for a correct verifier', async () => {
		const { webhookId, secret } = await setup(AGENT_REPLY);
		const { customer, agent, ticket } = conversation();
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'Line one "quoted"\nLine two \\n literal' });
		await sim.waitForWebhooks();
		expect(receiver.requests).toHaveLength(1);
		const [request] = receiver.requests;
		const payload = JSON.parse(request.rawBody);
		expect(payload).toMatchObject({
			ticket: { id: String(ticket.id), status: 'Open' },
			requester: { id: String(customer.id), external_id: 'ext-1', braze_external_id: 'braze-1', name: 'Ada Lovelace', phone: '+15550001' },
			comment: { text: 'Line one "quoted"\nLine two \\n literal', author: 'Grace Hopper' },
			by: 'Grace Hopper',
		});
		expect(payload.latest).toMatch(/^-{46}\n\nGrace Hopper, [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2}\n\nLine one "quoted"\nLine two \\n literal$/);
		expect(request.headers).toMatchObject({
			'x-zendesk-account-id': String(sim.accountId),
			'x-zendesk-webhook-id': webhookId,
			'x-zendesk-webhook-invocation-id': sim.deliveries[0].invocationId,
		});
		expect(request.headers['x-zendesk-webhook-signature-timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
		expect(verify(secret, request.headers, request.rawBody)).toBe(true);
		expect(verify('wrong-secret', request.headers, request.rawBody)).toBe(false);
		expect(verify(secret, request.headers, request.rawBody.replace('Grace', 'Mallory'))).toBe(false);
		expect(sim.deliveries[0]).toMatchObject({ state: 'delivered', ticketId: ticket.id, attempts: [{ status: 200 }] });
	});

	it('does not fire for comments through the API, private notes or end-user comments', async () => {
		await setup(AGENT_REPLY);
		const { customer, agent, ticket } = conversation();
		await api.put(`/api/v2/tickets/${ticket.id}`, { ticket: { comment: { body: 'sms', author_id: customer.id } } });
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'note', public: false });
		sim.createTicket({ comment: { body: 'by web' }, requester_id: customer.id }, { actorId: customer.id, via: 'web' });
		await sim.waitForWebhooks();
		expect(receiver.requests).toHaveLength(0);
	});

	it('fires "status changed to solved" once', async () => {
		await setup(SOLVED, '{"status":"{{ticket.status}}","id":{{ticket.id}}}');
		const { agent, ticket } = conversation();
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'Fixed', status: 'solved' });
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'PS', public: false });
		await sim.waitForWebhooks();
		expect(receiver.requests.map((r) => JSON.parse(r.rawBody))).toEqual([{ status: 'Solved', id: ticket.id }]);
	});

	it('retries a 503 with Retry-After and a timeout, keeping the invocation id', async () => {
		const { secret } = await setup(AGENT_REPLY);
		receiver.script([{ status: 503, headers: { 'Retry-After': '2' } }, { status: 200, delayMs: 900 }, { status: 200 }]);
		const { agent, ticket } = conversation();
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'Hello' });
		await sim.waitForWebhooks();
		const ids = receiver.requests.map((r) => r.headers['x-zendesk-webhook-invocation-id']);
		expect(ids).toHaveLength(3);
		expect(new Set(ids).size).toBe(1);
		expect(receiver.requests.every((r) => verify(secret, r.headers, r.rawBody))).toBe(true);
		expect(sim.deliveries[0].attempts.map((a) => a.status ?? 'timeout')).toEqual([503, 'timeout', 200]);
		expect(sim.deliveries[0].state).toBe('delivered');
	});

	it('redelivers a recorded invocation with the same id and body, freshly signed', async () => {
		const { secret } = await setup(AGENT_REPLY);
		const { agent, ticket } = conversation();
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'Once' });
		await sim.waitForWebhooks();
		await sim.redeliver(sim.deliveries[0].invocationId);
		const [first, replay] = receiver.requests;
		expect(replay.rawBody).toBe(first.rawBody);
		expect(replay.headers['x-zendesk-webhook-invocation-id']).toBe(first.headers['x-zendesk-webhook-invocation-id']);
		expect(verify(secret, replay.headers, replay.rawBody)).toBe(true);
		expect(sim.deliveries).toHaveLength(1);
	});

	it('treats a directly created ticket as the requester\'s own web-form ticket', async () => {
		await setup({ all: [{ field: 'update_type', operator: 'is', value: 'Create' }, { field: 'role', operator: 'is', value: 'end_user' }, { field: 'current_via_id', operator: 'is', value: '0' }], any: [] }, '{"id":{{ticket.id}}}');
		const { ticket } = conversation();
		const byCustomer = sim.createTicket({ comment: { body: 'web form' }, requester_id: ticket.requester_id });
		await sim.waitForWebhooks();
		expect(receiver.requests.map((r) => JSON.parse(r.rawBody))).toEqual([{ id: byCustomer.id }]);
	});

	it('fires a trigger before answering its creation with triggerAnswerLagMs, and retries a 503 after its Retry-After', async () => {
		sim.configure({ triggerAnswerLagMs: 400 });
		const { agent, ticket } = conversation();
		receiver.script([{ status: 503, headers: { 'Retry-After': '5' } }]);
		let answered = false;
		const creating = setup(AGENT_REPLY).then((made) => ((answered = true), made));
		while (sim.triggers().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'Before the answer' });
		await sim.waitForWebhooks();
		expect(answered).toBe(false);
		await creating;
		expect(sim.deliveries[0].attempts.map((attempt) => attempt.status)).toEqual([503, 200]);
		expect(sim.deliveries[0].state).toBe('delivered');
	});

	it('does not retry other failures, nor a Retry-After of 60 s or more', async () => {
		await setup(AGENT_REPLY);
		receiver.script([{ status: 500 }]);
		const { agent, ticket } = conversation();
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'a' });
		await sim.waitForWebhooks();
		receiver.script([{ status: 429, headers: { 'Retry-After': '60' } }]);
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'b' });
		await sim.waitForWebhooks();
		expect(sim.deliveries.map((d) => [d.state, d.attempts.length])).toEqual([
			['failed', 1],
			['failed', 1],
		]);
	});

	it('stops at maxAttempts', async () => {
		await setup(AGENT_REPLY);
		receiver.script(Array.from({ length: 10 }, () => ({ status: 409 })));
		const { agent, ticket } = conversation();
		sim.agentComment(ticket.id, { authorId: agent.id, body: 'a' });
		await sim.waitForWebhooks();
		expect(sim.deliveries[0].attempts).toHaveLength(4);
		expect(sim.deliveries[0].state).toBe('failed');
	});

	it.each([
		['no title', { conditions: AGENT_REPLY, actions: [{ field: 'status', value: 'open' }] }],
		['no conditions', { title: 't', conditions: { all: [], any: [] }, actions: [{ field: 'status', value: 'open' }] }],
		['an unknown condition field', { title: 't', conditions: { all: [{ field: 'nope', operator: 'is', value: 'x' }] }, actions: [{ field: 'status', value: 'open' }] }],
		['a bad operator', { title: 't', conditions: { all: [{ field: 'update_type', operator: 'less_than', value: 'Create' }] }, actions: [{ field: 'status', value: 'open' }] }],
		['no actions', { title: 't', conditions: AGENT_REPLY, actions: [] }],
		['an unknown webhook', { title: 't', conditions: AGENT_REPLY, actions: [{ field: 'notification_webhook', value: ['01XYZ', '{}'] }] }],
	])('refuses a trigger with %s (422 RecordInvalid)', async (_, trigger) => {
		const res = await api.post('/api/v2/triggers', { trigger });
		expect(res.status).toBe(422);
		expect(res.data).toMatchObject({ error: 'RecordInvalid', details: expect.any(Object) });
	});

	it('refuses a webhook without a valid endpoint in the webhooks API error form', async () => {
		const res = await api.post('/api/v2/webhooks', { webhook: { name: 'n8n', endpoint: 'not a url' } });
		expect(res.status).toBe(400);
		expect(res.data).toEqual({ errors: [expect.objectContaining({ code: 'InvalidValue', source: { pointer: '/webhook/endpoint' } })] });
	});

	it('lists and deletes webhooks and triggers', async () => {
		const { webhookId } = await setup(AGENT_REPLY);
		const triggers = await api.get('/api/v2/triggers.json');
		expect(triggers.data.triggers).toEqual([expect.objectContaining({ title: 'relay', active: true, conditions: AGENT_REPLY })]);
		expect((await api.delete(`/api/v2/triggers/${triggers.data.triggers[0].id}`)).status).toBe(204);
		expect((await api.get(`/api/v2/triggers/${triggers.data.triggers[0].id}`)).status).toBe(404);
		expect((await api.get('/api/v2/webhooks')).data.webhooks).toEqual([expect.objectContaining({ id: webhookId, endpoint: receiver.url })]);
		expect((await api.delete(`/api/v2/webhooks/${webhookId}`)).status).toBe(204);
		const gone = await api.get(`/api/v2/webhooks/${webhookId}`);
		expect(gone.status).toBe(404);
		expect(gone.data.errors[0]).toMatchObject({ code: 'WebhookNotFound' });
	});
});
