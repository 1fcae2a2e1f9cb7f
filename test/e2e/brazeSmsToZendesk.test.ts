// The shipped inbound workflow (workflows/braze-sms-to-zendesk.json) in a real n8n, as Braze's webhook campaign calls it:
// only callers with the header secret get in, the ticket is tagged `sms` and its requester carries the Braze ids, Braze
// hears 5xx when the ticket could not be written (so it retries), the failed execution says why, the retry makes neither
// a second ticket nor a second comment, and Braze is not written to when it already points at the open ticket.
import { createHash } from 'node:crypto';

import type { CredentialRef, ImportedWorkflow } from '../../scripts/n8n';
import { fillPlaceholders, INBOUND_WEBHOOK_NODE, loadWorkflow, WORKFLOW_FILES } from '../../scripts/sandbox/workflows';
import { eventually } from '../harness/eventually';
import { connectN8n, type N8nApi } from '../harness/realN8n';
import { inboundSmsBody, type InboundSms } from '../simulators/braze';
import { SANDBOX_CAMPAIGNS, startSandbox, type Sandbox } from '../simulators/sandbox';

const HEADER = { name: 'X-Relay-Secret', value: 'e2e-inbound-secret-0123456789' };

/** A Braze braze_id (24 hex digits) for each customer of this suite, as Braze's webhook body always carries one. */
const brazeIdOf = (externalId: string) => createHash('sha256').update(externalId).digest('hex').slice(0, 24);

describe('Braze SMS → Zendesk workflow in a real n8n', () => {
	let n8n: N8nApi;
	let sandbox: Sandbox;
	let workflow: ImportedWorkflow;
	let credentials: Record<string, CredentialRef>;

	const zendesk = () => sandbox.zendesk;
	const executions = async () => await n8n.listExecutions({ workflowId: workflow.id, includeData: true });
	const call = async (body: unknown, headers: Record<string, string> = { [HEADER.name]: HEADER.value }) =>
		await n8n.callWebhook(workflow.webhookPath(INBOUND_WEBHOOK_NODE), { body, headers });
	const sms = (externalId: string, text: string, extra: Partial<InboundSms> = {}) => ({
		...inboundSmsBody({ externalId, brazeId: brazeIdOf(externalId), phone: '+15550199', firstName: 'Bo', lastName: 'Diaz', body: text, ...extra }),
		dispatch_id: `d-${externalId}-${text}`,
	});
	/** The /users/track calls Braze received for this customer. */
	const brazeWrites = (externalId: string) =>
		sandbox.braze.log.filter(
			(request) => request.path === '/users/track' && JSON.stringify(request.body).includes(`"external_id":"${externalId}"`),
		);

	beforeAll(async () => {
		n8n = await connectN8n();
		sandbox = await startSandbox({ fast: true });
		credentials = {
			zendeskRelayApi: await n8n.createCredential('zendeskRelayApi', zendesk().credentials),
			brazeRelayApi: await n8n.createCredential('brazeRelayApi', sandbox.braze.credentials),
			httpHeaderAuth: await n8n.createCredential('httpHeaderAuth', HEADER),
		};
		const json = fillPlaceholders(loadWorkflow(WORKFLOW_FILES.inbound), { credentials: credentials as never, campaigns: SANDBOX_CAMPAIGNS });
		workflow = await n8n.importWorkflow(json, { credentials });
		// The user fields the outbound workflow's Zendesk Relay Trigger creates when it is published.
		for (const key of ['braze_external_id', 'braze_id']) zendesk().createUserField({ key, type: 'text', title: key });
	}, 15 * 60_000);

	// Tidying the shared n8n only: a workflow n8n is still unpublishing (409) stays behind, harmlessly.
	afterAll(async () => {
		await n8n?.deleteWorkflow(workflow.id).catch(() => undefined);
		for (const ref of Object.values(credentials ?? {})) await n8n.deleteCredential(ref.id).catch(() => undefined);
		await sandbox?.close();
	});

	it.each([
		['without the header secret', {}],
		['with a wrong header secret', { [HEADER.name]: 'guess' }],
	])('refuses a call %s with 403 and starts nothing', async (_name, headers) => {
		const answer = await call(sms('intruder', 'hello'), headers);
		expect(answer.status).toBe(403);
		expect(await executions()).toHaveLength(0);
		expect(zendesk().tickets()).toHaveLength(0);
	});

	it('answers Braze with the ticket once it is written, and tells Braze the ticket id', async () => {
		const answer = await call(sms('bo-1', 'SUPPORT my bike arrived broken'));
		expect(answer.status).toBe(200);
		const [ticket] = zendesk().tickets();
		expect(answer.body).toEqual({ ticketId: ticket.id, action: 'created' });
		expect(ticket.comments.map((comment) => [comment.author_id, comment.body])).toEqual([
			[ticket.requester_id, 'SUPPORT my bike arrived broken'],
		]);
		// Tagged, so the outbound workflow's triggers relay the agents' replies; the requester carries what they address.
		expect(ticket.tags).toContain('sms');
		expect(zendesk().user(ticket.requester_id)).toMatchObject({
			external_id: 'bo-1',
			phone: '+15550199',
			user_fields: { braze_external_id: 'bo-1', braze_id: brazeIdOf('bo-1') },
		});
		expect(sandbox.braze.user('bo-1')?.attributes).toMatchObject({ zendesk_ticket: ticket.id, zendesk_ticket_open: true });
	});

	it('writes nothing to Braze when it already points at the open ticket, and corrects it when it does not', async () => {
		const [ticket] = zendesk().tickets();
		const before = brazeWrites('bo-1').length;
		const known = await call(sms('bo-1', 'It is the front wheel', { zendeskTicket: ticket.id, zendeskTicketOpen: true }));
		expect(known.body).toEqual({ ticketId: ticket.id, action: 'commented' });
		expect(brazeWrites('bo-1')).toHaveLength(before);

		// Braze still believes the ticket solved (say the closing SMS's write was lost): the relay's answer is written.
		sandbox.braze.createUser('bo-1', { zendesk_ticket_open: false });
		const stale = await call(sms('bo-1', 'And the brakes', { zendeskTicket: ticket.id, zendeskTicketOpen: false }));
		expect(stale.body).toEqual({ ticketId: ticket.id, action: 'commented' });
		expect(brazeWrites('bo-1')).toHaveLength(before + 1);
		expect(sandbox.braze.user('bo-1')?.attributes).toMatchObject({ zendesk_ticket: ticket.id, zendesk_ticket_open: true });
		expect(zendesk().ticket(ticket.id)?.comments.map((comment) => comment.body).slice(-2)).toEqual(['It is the front wheel', 'And the brakes']);
	});

	it('never opens a ticket for STOP, and still answers 200 so Braze does not retry', async () => {
		const before = zendesk().tickets().length;
		const answer = await call(sms('bo-2', ' Stop. '));
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ ticketId: null, action: 'ignored' });
		expect(zendesk().tickets()).toHaveLength(before);
		expect(sandbox.braze.user('bo-2')).toBeUndefined();
	});

	// The workflow answers 503 itself, on both n8n lines: n8n 1.x answers 200 with an empty body for a workflow that fails
	// before its Respond to Webhook node, and Braze would never retry. The execution still fails, after the answer.
	it('answers 503 naming the error when Zendesk is down past the retry budget, shows why in a failed execution, and the retry adds the comment once', async () => {
		const [ticket] = zendesk().tickets();
		const message = sms('bo-1', 'Any news?', { zendeskTicket: ticket.id });
		zendesk().faults.script([{ kind: 'status', status: 503, path: /\/tickets\//, times: 10 }]);
		const failed = await call(message);
		expect(failed.status).toBe(503);
		expect(failed.body).toEqual({ error: expect.stringMatching(/^Item 0: Zendesk .* failed \(503\)/) });
		const errored = await eventually(
			'the failed execution',
			async () => (await executions()).find((execution) => execution.status === 'error'),
			Boolean,
		);
		expect(errored?.data?.resultData.error?.message).toBe((failed.body as { error: string }).error);
		expect(zendesk().ticket(ticket.id)?.comments).toHaveLength(3);

		zendesk().faults.clear();
		for (let attempt = 0; attempt < 2; attempt++) {
			// Braze's retry, and a duplicate of it: the comment lands once.
			const answer = await call(message);
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({ ticketId: ticket.id, action: 'commented' });
		}
		expect(zendesk().ticket(ticket.id)?.comments.map((comment) => comment.body)).toEqual([
			'SUPPORT my bike arrived broken',
			'It is the front wheel',
			'And the brakes',
			'Any news?',
		]);
		expect(zendesk().tickets()).toHaveLength(1);
	}, 120_000);

	it('reopens a solved ticket, and opens a follow-up linked to a closed one', async () => {
		const [ticket] = zendesk().tickets();
		zendesk().setStatus(ticket.id, 'solved');
		const reopened = await call(sms('bo-1', 'It broke again', { zendeskTicket: ticket.id }));
		expect(reopened.body).toEqual({ ticketId: ticket.id, action: 'reopened' });
		expect(zendesk().ticket(ticket.id)?.status).toBe('open');

		zendesk().setStatus(ticket.id, 'solved');
		zendesk().setStatus(ticket.id, 'closed');
		const followUp = await call(sms('bo-1', 'Hello again', { zendeskTicket: ticket.id }));
		const created = zendesk().ticket((followUp.body as { ticketId: number }).ticketId);
		expect(followUp.body).toMatchObject({ action: 'followUp' });
		expect(created).toMatchObject({ via_followup_source_id: ticket.id, requester_id: ticket.requester_id, tags: ['sms'] });
		expect(created?.comments.map((comment) => [comment.author_id, comment.body])).toEqual([[ticket.requester_id, 'Hello again']]);
		expect(sandbox.braze.user('bo-1')?.attributes).toMatchObject({ zendesk_ticket: created?.id, zendesk_ticket_open: true });
	}, 60_000);

	it("never writes into another customer's ticket named by a wrong hint", async () => {
		const theirs = zendesk().tickets()[0];
		const answer = await call(sms('eve-9', 'Let me in', { zendeskTicket: theirs.id }));
		expect(answer.body).toMatchObject({ action: 'created' });
		expect((answer.body as { ticketId: number }).ticketId).not.toBe(theirs.id);
		expect(zendesk().ticket(theirs.id)?.comments.map((comment) => comment.body)).not.toContain('Let me in');
	});

	it('refuses malformed JSON before any execution', async () => {
		const since = Date.now();
		const answer = await n8n.callWebhook(workflow.webhookPath(INBOUND_WEBHOOK_NODE), {
			body: '{"external_id": "bo-1", "message": ',
			headers: { [HEADER.name]: HEADER.value, 'Content-Type': 'application/json' },
		});
		expect(answer.status).toBeGreaterThanOrEqual(400);
		expect(answer.status).toBeLessThan(500);
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect((await executions()).filter((execution) => Date.parse(execution.startedAt) >= since)).toHaveLength(0);
	});
});
