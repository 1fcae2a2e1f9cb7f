// `npm start` + `npm run demo` end to end: the sandbox stack `npm start` runs (real n8n 2.41.1 with the packed package,
// both shipped workflows published, Zendesk and Braze simulators), and the demo's conversation played against it. Each
// hop is checked in the simulators themselves, not in the demo's own output.
import { triggerTitle } from '../../nodes/ZendeskRelayTrigger/triggerDefinitions';
import { freePort, send } from '../../scripts/n8n';
import { DEMO_SCRIPT, playConversation, type ConversationResult } from '../../scripts/demo';
import { startStack, type RunningStack } from '../../scripts/sandbox/stack';
import { loadWorkflow, WORKFLOW_FILES } from '../../scripts/sandbox/workflows';
import { relayTriggerKeys } from '../chaos/relayWorkflows';
import type { BrazeSimulator } from '../simulators/braze';
import type { ZendeskSimulator } from '../simulators/zendesk';

/** The closing SMS text the shipped workflow sends (its Send Closing SMS node), so the test follows the workflow file. */
function closingText(): string {
	const node = loadWorkflow(WORKFLOW_FILES.outbound).nodes.find((candidate) => candidate.name === 'Send Closing SMS');
	const properties = (node?.parameters?.triggerProperties as { property: Array<{ key: string; value: string }> }).property;
	return properties.find((property) => property.key === 'msg_body')?.value ?? '';
}

/** The attributes our nodes wrote to one Braze profile, in order: /users/track and the trigger-send recipients. */
function attributeWrites(braze: BrazeSimulator, externalId: string): Array<Record<string, unknown>> {
	const writes: Array<Record<string, unknown>> = [];
	for (const request of braze.log) {
		const body = request.body as { attributes?: Array<Record<string, unknown>>; recipients?: Array<Record<string, unknown>> };
		if (request.path === '/users/track') {
			writes.push(...(body.attributes ?? []).filter((entry) => entry.external_id === externalId));
		} else if (request.path === '/campaigns/trigger/send') {
			for (const recipient of body.recipients ?? []) {
				if (recipient.external_user_id === externalId && recipient.attributes) writes.push(recipient.attributes as Record<string, unknown>);
			}
		}
	}
	return writes;
}

describe('npm start sandbox + npm run demo', () => {
	let stack: RunningStack;
	let zendesk: ZendeskSimulator;
	let braze: BrazeSimulator;

	beforeAll(async () => {
		stack = await startStack({ mode: 'sandbox', port: await freePort() });
		zendesk = stack.sandbox!.zendesk;
		braze = stack.sandbox!.braze;
	}, 15 * 60_000);

	afterAll(async () => {
		await stack?.stop();
	}, 60_000);

	it('publishes both workflows; the Zendesk trigger set up its webhook and triggers in the simulator', async () => {
		for (const workflow of stack.workflows) {
			const stored = await stack.server.api.request<{ active: boolean }>('GET', `/workflows/${workflow.id}`);
			expect(stored.active).toBe(true);
		}
		const [webhook] = zendesk.webhooks();
		expect(zendesk.webhooks()).toHaveLength(1);
		expect(webhook.endpoint.startsWith(`${stack.server.baseUrl}/webhook/`)).toBe(true);
		// One trigger of each kind the node's events need, named after the outbound workflow.
		const outbound = stack.workflows.find((workflow) => workflow.id === stack.connection.workflows.outbound)!;
		const owner = { workflowId: outbound.id, workflowName: outbound.name };
		const keys = relayTriggerKeys(loadWorkflow(WORKFLOW_FILES.outbound));
		expect(zendesk.triggers().map((trigger) => trigger.title)).toEqual(keys.map((key) => triggerTitle(key, owner)));
		expect(stack.connection.inbound.url).toBe(`${stack.server.baseUrl}/webhook/braze-inbound-sms`);
		// Braze's call without the header secret is refused by n8n.
		const refused = await send(stack.connection.inbound.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		expect(refused.status).toBe(403);
	});

	describe('the demo conversation', () => {
		let result: ConversationResult;
		const transcript: string[] = [];

		beforeAll(async () => {
			result = await playConversation(stack.connection, { print: (line) => transcript.push(line) });
		}, 5 * 60_000);

		it('keeps the whole conversation on one ticket: authors, order, texts, status', () => {
			const ticket = zendesk.ticket(result.ticketId)!;
			const customer = zendesk.user(ticket.requester_id)!;
			expect(customer).toMatchObject({ name: 'Ana Lima', external_id: result.customer.externalId, role: 'end-user' });
			expect(ticket.comments.map((comment) => [comment.author_id, comment.body, comment.public])).toEqual([
				[customer.id, DEMO_SCRIPT.firstText, true],
				[result.agent.id, DEMO_SCRIPT.agentReply, true],
				[customer.id, DEMO_SCRIPT.customerAnswer, true],
				[customer.id, DEMO_SCRIPT.textAfterSolved, true],
			]);
			// The text after "solved" reopened the same ticket (the relay's default), so no other ticket exists for her.
			expect(result.ending).toEqual({ action: 'reopened', ticketId: result.ticketId });
			expect(ticket.status).toBe('open');
			expect(zendesk.tickets().filter((candidate) => candidate.requester_id === customer.id)).toHaveLength(1);
		});

		it('sends the customer exactly the agent reply and the closing SMS, clean', () => {
			const received = braze.sms.filter((sms) => sms.externalUserId === result.customer.externalId);
			expect(received.map((sms) => [sms.campaignId, sms.phone])).toEqual([
				[stack.connection.campaigns.reply, DEMO_SCRIPT.customer.phone],
				[stack.connection.campaigns.closing, DEMO_SCRIPT.customer.phone],
			]);
			const [reply, closing] = received;
			expect(reply.text).toContain(DEMO_SCRIPT.agentReply);
			// No Zendesk comment header ("Sam Agent, Nov 25, 2026, 10:00") or separator line reaches the phone.
			expect(reply.text).not.toMatch(/Sam Agent, \w{3} \d{1,2}|-{10}/);
			expect(closing.text).toBe(closingText());
		});

		it('writes zendesk_ticket as a number and zendesk_ticket_open true, then false on solve, as booleans', () => {
			const writes = attributeWrites(braze, result.customer.externalId);
			expect(writes.map((write) => write.zendesk_ticket)).toEqual(writes.map(() => result.ticketId));
			// first text (track), agent reply (send), solved (closing send), text after solved (track). The answer wrote
			// nothing: Braze's body already named the open ticket (ticket_id, ticket_open "true").
			expect(writes.map((write) => write.zendesk_ticket_open)).toEqual([true, true, false, true]);
			expect(braze.user(result.customer.externalId)?.attributes).toMatchObject({ zendesk_ticket: result.ticketId, zendesk_ticket_open: true });
		});

		it('prints a transcript with the ticket number, authors and SMS texts', () => {
			const text = transcript.join('\n');
			expect(text).toContain(`ticket #${result.ticketId} created`);
			expect(text).toContain(`by Ana Lima: "${DEMO_SCRIPT.firstText}"`);
			expect(text).toContain(`Sam Agent replies publicly on ticket #${result.ticketId}`);
			expect(text).toContain(`ticket #${result.ticketId} reopened`);
			expect(text).toContain(closingText());
		});
	});

	it('stopping unpublishes the workflows (the Zendesk webhook and triggers are removed) and stops n8n', async () => {
		await stack.stop();
		expect(zendesk.webhooks()).toEqual([]);
		expect(zendesk.triggers()).toEqual([]);
		await expect(send(`${stack.server.baseUrl}/healthz`, { timeoutMs: 2_000 })).rejects.toThrow();
	}, 60_000);
});
