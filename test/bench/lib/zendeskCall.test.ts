// The outbound bench sends Zendesk's calls itself: they must be the very calls the Zendesk simulator's trigger engine
// sends for an agent's reply (same form body, same headers, a signature n8n's check accepts), or the bench would
// measure something Zendesk never sends.
import { agentReplyForm, zendeskCallHeaders } from '../../../bench/lib/zendeskCall';
import { triggerConditions, triggerParameters } from '../../../nodes/ZendeskRelayTrigger/triggerDefinitions';
import { startReceiver, type Receiver } from '../../simulators/shared/receiver';
import { startZendeskSimulator, type ZendeskSimulator } from '../../simulators/zendesk';
import { verifySignature, webhookWithTrigger, zendeskClient } from '../../simulators/zendesk/testClient';

// Quotes, a line break, `+`, `&`, `=` and `%`: what URL-encoding must carry intact.
const REPLY = 'Hello Ada,\nyour parcel "left" today: 2 + 2 = 4 & 100% sure.';

describe("the outbound bench's Zendesk call", () => {
	let sim: ZendeskSimulator;
	let receiver: Receiver;

	beforeAll(async () => {
		sim = await startZendeskSimulator({ userFields: ['braze_external_id', 'braze_id'], webhookDelivery: { timeoutMs: 2_000, retryDelayMs: 5 } });
		receiver = await startReceiver();
	});
	afterAll(async () => {
		await sim.close();
		await receiver.close();
	});

	it('is the call the trigger engine makes for an agent reply: same body, same headers, signed with the webhook secret', async () => {
		const hook = await webhookWithTrigger(zendeskClient(sim), {
			endpoint: receiver.url,
			format: 'form_encoded',
			conditions: triggerConditions('agentReply', 'sms'),
			body: triggerParameters('agentReply'),
		});
		const customer = sim.createEndUser({
			name: 'Ada Lovelace',
			phone: '+15550100',
			external_id: 'braze-42',
			user_fields: { braze_external_id: 'braze-42', braze_id: '65a1b2c3d4e5f60718293a4b' },
		});
		const ticket = sim.createTicket({ requester_id: customer.id, subject: 'Parcel', comment: { body: 'Where is it?' }, tags: ['sms'] });
		const agent = sim.createAgent('Sam Agent');
		sim.agentComment(ticket.id, { authorId: agent.id, body: REPLY });
		await sim.waitForWebhooks();

		const [sent] = receiver.requests;
		const body = agentReplyForm({
			ticketId: ticket.id,
			ticketStatus: 'Open',
			requester: { id: customer.id, externalId: 'braze-42', brazeExternalId: 'braze-42', brazeId: '65a1b2c3d4e5f60718293a4b', name: 'Ada Lovelace', phone: '+15550100' },
			comment: { text: REPLY, author: 'Sam Agent' },
		});
		expect(body).toBe(sent.rawBody);
		expect(new URLSearchParams(body).get('comment_text')).toBe(REPLY);

		const webhook = { webhookId: hook.webhookId, signingSecret: hook.secret, accountId: sim.accountId };
		const headers = zendeskCallHeaders(body, webhook, 'invocation-1');
		const lowerCased = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
		const zendeskHeaders = Object.keys(sim.deliveries[0].headers).map((name) => name.toLowerCase());
		expect(Object.keys(lowerCased).sort()).toEqual(zendeskHeaders.sort());
		expect(lowerCased).toMatchObject({
			'content-type': sent.headers['content-type'],
			'x-zendesk-webhook-id': sent.headers['x-zendesk-webhook-id'],
			'x-zendesk-account-id': sent.headers['x-zendesk-account-id'],
			'x-zendesk-webhook-invocation-id': 'invocation-1',
		});
		expect(verifySignature(hook.secret, lowerCased, body)).toBe(true);
		expect(verifySignature('another secret', lowerCased, body)).toBe(false);
	});
});
