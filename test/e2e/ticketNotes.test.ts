// Agents see what the customer got: the shipped outbound workflow (workflows/zendesk-to-braze-sms.json) in a real n8n,
// its two Braze nodes with Zendesk Ticket Notes on. A reply Braze could not send leaves a private note and the
// sms_failed tag on its ticket; a reply cut to fit leaves a note with what the customer received; a reply that went out
// whole leaves nothing; a reply with nothing an SMS can carry (the resend macro before any public reply) leaves a note
// saying so (Note: SMS Not Sent); and a note never comes back as an SMS.
import type { CredentialRef, Execution, ImportedWorkflow } from '../../scripts/n8n';
import { fillPlaceholders, loadWorkflow, WORKFLOW_FILES, ZENDESK_TRIGGER_NODE } from '../../scripts/sandbox/workflows';
import { RESEND_TAG, triggersFor, type RelayEvent } from '../../nodes/ZendeskRelayTrigger/triggerDefinitions';
import { eventually } from '../harness/eventually';
import { connectN8n, type N8nApi } from '../harness/realN8n';
import { SANDBOX_CAMPAIGNS, startSandbox, type Sandbox } from '../simulators/sandbox';
import type { SimComment, SimTicket, SimUser } from '../simulators/zendesk';

const SEND = '/campaigns/trigger/send';
const PARSE_NODE = 'Parse Zendesk Comment';
const SMS_TAG = 'sms';
const FAILURE_TAG = 'sms_failed';
/** Braze answers 503 to every try the node's default budget allows (Max Tries 5). */
const BRAZE_DOWN = { kind: 'status' as const, status: 503, path: SEND, times: 5 };

describe('Zendesk ticket notes in a real n8n', () => {
	let n8n: N8nApi;
	let sandbox: Sandbox;
	let workflow: ImportedWorkflow;
	let credentials: Record<string, CredentialRef>;
	let agent: SimUser;
	let customerCount = 0;

	const zendesk = () => sandbox.zendesk;
	const braze = () => sandbox.braze;
	const privateNotes = (ticketId: number): SimComment[] =>
		(zendesk().ticket(ticketId)?.comments ?? []).filter((comment) => !comment.public);
	/** This workflow's executions started at or after `since`, finished ones only. */
	async function executionsSince(since: number): Promise<Execution[]> {
		const executions = await n8n.listExecutions({ workflowId: workflow.id });
		return executions.filter((execution) => Date.parse(execution.startedAt) >= since);
	}
	async function finishedSince(since: number, count: number): Promise<Execution[]> {
		return await eventually(
			`${count} finished execution(s)`,
			() => executionsSince(since),
			(executions) => executions.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status)).length >= count,
			60_000,
		);
	}

	/** A customer texting in: a Braze profile, the Zendesk requester linked to it, and their SMS ticket. */
	function smsConversation(): { ticket: SimTicket; externalId: string } {
		customerCount += 1;
		const externalId = `notes-customer-${customerCount}`;
		const phone = `+1555020${String(customerCount).padStart(4, '0')}`;
		const profile = braze().createUser(externalId, { phone });
		const customer = zendesk().createEndUser({
			name: `Customer ${customerCount}`,
			phone,
			external_id: externalId,
			user_fields: { braze_external_id: externalId, braze_id: profile.braze_id },
		});
		const ticket = zendesk().createTicket({ subject: 'SMS', requester_id: customer.id, comment: { body: 'Hello?' }, tags: [SMS_TAG] });
		return { ticket, externalId };
	}

	beforeAll(async () => {
		n8n = await connectN8n();
		sandbox = await startSandbox({ fast: true });
		credentials = {
			zendeskRelayApi: await n8n.createCredential('zendeskRelayApi', zendesk().credentials),
			brazeRelayApi: await n8n.createCredential('brazeRelayApi', braze().credentials),
			httpHeaderAuth: await n8n.createCredential('httpHeaderAuth', { name: 'X-Unused', value: 'unused-here' }),
		};
		const json = fillPlaceholders(loadWorkflow(WORKFLOW_FILES.outbound), {
			credentials: credentials as never,
			campaigns: SANDBOX_CAMPAIGNS,
		});
		// A loaded machine can space n8n's answers beyond the shipped 20 ms, which would make the burst test a matter of luck.
		const trigger = json.nodes.find((node) => node.name === ZENDESK_TRIGGER_NODE)!;
		trigger.parameters = { ...trigger.parameters, options: { batchWindowMs: 300 } };
		workflow = await n8n.importWorkflow(json, { name: 'Ticket notes e2e', credentials });
		// n8n answers the publish before the trigger's set-up has made the webhook and triggers in Zendesk.
		const events = json.nodes.find((node) => node.name === ZENDESK_TRIGGER_NODE)?.parameters?.events as RelayEvent[];
		await eventually(
			'the Zendesk set-up',
			() => [zendesk().webhooks().length, zendesk().triggers().length],
			([webhooks, triggers]) => webhooks === 1 && triggers === triggersFor(events).length,
		);
		agent = zendesk().createAgent('Jane Agent');
	}, 15 * 60_000);

	afterAll(async () => {
		if (workflow) await n8n.deleteWorkflow(workflow.id).catch(() => undefined);
		for (const ref of Object.values(credentials ?? {})) await n8n.deleteCredential(ref.id).catch(() => undefined);
		await sandbox?.close();
	});

	afterEach(() => braze().faults.clear());

	it('a reply that went out whole leaves no note', async () => {
		const since = Date.now();
		const { ticket, externalId } = smsConversation();
		zendesk().agentComment(ticket.id, { authorId: agent.id, body: 'Your parcel left today.' });
		const [execution] = await finishedSince(since, 1);

		expect(execution.status).toBe('success');
		expect(braze().sms.filter((sms) => sms.externalUserId === externalId)).toHaveLength(1);
		expect(privateNotes(ticket.id)).toEqual([]);
		expect(zendesk().ticket(ticket.id)?.tags).not.toContain(FAILURE_TAG);
	}, 60_000);

	it('Braze down past the retry budget: a private note and the tag on the ticket; the note starts no execution', async () => {
		const since = Date.now();
		const { ticket, externalId } = smsConversation();
		braze().faults.script([BRAZE_DOWN]);
		zendesk().agentComment(ticket.id, { authorId: agent.id, body: 'We refunded your order.' });

		const [note] = await eventually('the note on the ticket', () => privateNotes(ticket.id), (notes) => notes.length > 0, 60_000);
		expect(note.body).toMatch(/^SMS not sent: the customer did NOT get this SMS\./);
		expect(note.body).toContain('We refunded your order.');
		expect(note.body).toContain('Why: Braze, the SMS service, was unavailable (HTTP 503');
		expect(note.body).not.toContain(braze().apiKey);
		expect(note.via.channel).toBe('api');
		expect(zendesk().ticket(ticket.id)?.tags).toEqual(expect.arrayContaining([SMS_TAG, FAILURE_TAG]));
		expect(braze().sms.filter((sms) => sms.externalUserId === externalId)).toEqual([]);

		// n8n still sees the failure, as without notes.
		const [execution] = await finishedSince(since, 1);
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toBe('Item 0: Braze POST /campaigns/trigger/send failed (503): Service Unavailable');

		// The note is private and made through the API: Zendesk calls no webhook for it and n8n starts nothing.
		await zendesk().idle();
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(zendesk().deliveries.filter((delivery) => delivery.ticketId === ticket.id)).toHaveLength(1);
		expect(await executionsSince(since)).toHaveLength(1);
	}, 90_000);

	// Parse Zendesk Comment's error output goes through Note: SMS Not Sent (Zendesk Ticket Relay, Add Ticket Note). The
	// resend macro on a ticket no agent has answered publicly yet sends an empty reply: nothing an SMS can carry.
	it('the resend macro before any public reply: no SMS, a private note and the tag say why; the execution fails', async () => {
		const since = Date.now();
		const { ticket, externalId } = smsConversation();
		zendesk().tagTicket(ticket.id, { additional_tags: [RESEND_TAG], authorId: agent.id });

		const [note] = await eventually('the note on the ticket', () => privateNotes(ticket.id), (notes) => notes.length > 0, 60_000);
		expect(note.body).toBe('SMS not sent: the customer did NOT get this reply.\n\nWhy: the comment is empty once cleaned');
		expect(note.via.channel).toBe('api');
		expect(zendesk().ticket(ticket.id)?.tags).toEqual(expect.arrayContaining([SMS_TAG, FAILURE_TAG]));
		expect(braze().sms.filter((sms) => sms.externalUserId === externalId)).toEqual([]);

		const [execution] = await finishedSince(since, 1);
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toBe('Item 0: the comment is empty once cleaned');
		// The note is private and made through the API: it starts nothing.
		await zendesk().idle();
		expect(await executionsSince(since)).toHaveLength(1);
	}, 90_000);

	it('a 3,400-character reply: a 10-segment SMS and a note with exactly what the customer received', async () => {
		const since = Date.now();
		const { ticket, externalId } = smsConversation();
		const words = Array.from({ length: 700 }, (_, i) => `part${i}`).join(' ');
		const reply = words.slice(0, 3_400);
		zendesk().agentComment(ticket.id, { authorId: agent.id, body: reply });
		const [execution] = await finishedSince(since, 1);

		expect(execution.status).toBe('success');
		const parsed = execution.data?.resultData.runData[PARSE_NODE][0].data?.main?.[0]?.[0].json;
		expect(parsed?.sms).toMatchObject({ segments: 10, truncated: true, encoding: 'GSM-7' });
		const [sms] = braze().sms.filter((candidate) => candidate.externalUserId === externalId);
		expect(sms.text).toBe((parsed?.sms as { text: string }).text);
		const [note] = await eventually('the shortened note', () => privateNotes(ticket.id), (notes) => notes.length > 0);
		expect(note.body).toContain('SMS shortened: the reply was too long, so the SMS was cut to fit 10 segments.');
		expect(note.body).toContain(`The customer received exactly this:\n\n"${sms.text}"`);
		expect(zendesk().ticket(ticket.id)?.tags).not.toContain(FAILURE_TAG);
	}, 60_000);

	it('a macro replying on many tickets at once: each reply texted once, in fewer executions; one that cannot be texted fails alone, noted', async () => {
		const since = Date.now();
		const conversations = Array.from({ length: 8 }, () => smsConversation());
		// An e-mail customer whose ticket an agent tagged `sms`: Braze knows them by no id, so their reply cannot go out.
		const emailCustomer = zendesk().createEndUser({ name: 'E-mail Customer', email: 'mail.customer@example.com' });
		const unreachable = zendesk().createTicket({ subject: 'Mail', requester_id: emailCustomer.id, comment: { body: 'Hi' }, tags: [SMS_TAG] });
		const reply = (index: number) => `Burst reply ${index}: your refund is on its way.`;
		conversations.forEach(({ ticket }, index) => {
			zendesk().agentComment(ticket.id, { authorId: agent.id, body: reply(index) });
			if (index === 3) zendesk().agentComment(unreachable.id, { authorId: agent.id, body: 'Burst reply to nobody' });
		});
		await zendesk().waitForWebhooks();
		await eventually('every texted reply', () => braze().sms.filter((sms) => sms.text.includes('Burst reply')), (sms) => sms.length >= 8);
		for (const [index, { externalId }] of conversations.entries()) {
			const got = braze().sms.filter((sms) => sms.externalUserId === externalId).map((sms) => sms.text.includes(reply(index)));
			expect({ index, got }).toEqual({ index, got: [true] });
		}
		const [note] = await eventually('the note on the unreachable ticket', () => privateNotes(unreachable.id), (notes) => notes.length > 0);
		expect(note.body).toMatch(/^SMS not sent: the customer did NOT get this SMS\./);
		// The trigger's Batch Window gathered the burst into fewer executions than replies.
		const items = (execution: Execution) => execution.data?.resultData.runData[ZENDESK_TRIGGER_NODE]?.[0].data?.main?.[0] ?? [];
		const executions = await eventually(
			'the burst executions',
			async () => (await executionsSince(since)).filter((execution) => !['new', 'running', 'waiting'].includes(execution.status)),
			(finished) => finished.reduce((count, execution) => count + items(execution).length, 0) >= 9,
		);
		expect(executions.length).toBeLessThan(9);
		// Only the execution that carried the unreachable reply failed, after texting the others it carried.
		const failed = executions.filter((execution) => execution.status === 'error');
		expect(failed).toHaveLength(1);
		expect(failed[0].data?.resultData.error?.message).toMatch(/External User ID.*Braze ID.*both empty/);
		expect(items(failed[0]).map((item) => item.json.ticketId)).toContain(unreachable.id);
	}, 120_000);

	it('a closing SMS Braze could not send is noted too, quoting the closing text', async () => {
		const since = Date.now();
		const { ticket } = smsConversation();
		braze().faults.script([BRAZE_DOWN]);
		zendesk().setStatus(ticket.id, 'solved', { actorId: agent.id });

		const [note] = await eventually('the note on the ticket', () => privateNotes(ticket.id), (notes) => notes.length > 0, 60_000);
		expect(note.body).toMatch(/^SMS not sent: the customer did NOT get this SMS\./);
		expect(note.body).toContain('"Your ticket has been solved. Text us again any time if you need more help."');
		expect(zendesk().ticket(ticket.id)?.tags).toContain(FAILURE_TAG);
		const [execution] = await finishedSince(since, 1);
		expect(execution.status).toBe('error');
	}, 90_000);
});
