// Zendesk Ticket Notes of Braze Trigger Send, run in-process against both simulators: what the agent finds on the
// ticket (private comments, the tag) when an SMS could not be sent or was shortened, and that n8n still sees every
// failure as before.
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { runWorkflow, type RunResult, type WorkflowJson } from '../../harness/inProcess';
import { singleNodeWorkflow } from '../../harness/singleNode';
import { startBrazeSimulator, type BrazeSimulator } from '../../simulators/braze';
import { startZendeskSimulator, type SimTicket, type ZendeskSimulator } from '../../simulators/zendesk';

const SEND = '/campaigns/trigger/send';
const NODE = 'Braze Trigger Send';
const PARSE = 'Parse Zendesk Comment';

let braze: BrazeSimulator;
let zendesk: ZendeskSimulator;

beforeAll(async () => {
	[braze, zendesk] = await Promise.all([
		startBrazeSimulator({ campaigns: { 'camp-reply': '{{api_trigger_properties.${msg_body}}}' } }),
		startZendeskSimulator(),
	]);
});
afterAll(async () => {
	await Promise.all([braze.close(), zendesk.close()]);
});
beforeEach(() => {
	braze.reset();
	zendesk.reset();
});

/** The shipped reply node's parameters (ids from the trigger, text from Parse Zendesk Comment), notes on. */
const replyParameters = (ticketNotes: INodeParameters | undefined, options: INodeParameters = {}): INodeParameters => ({
	operation: 'sendCampaign',
	campaignId: { __rl: true, mode: 'id', value: 'camp-reply' },
	externalUserId: '={{ $json.requester.brazeExternalId }}',
	brazeId: '={{ $json.requester.brazeId }}',
	triggerProperties: { property: [{ key: 'msg_body', value: '={{ $json.sms.text }}' }] },
	attributes: {
		attribute: [
			{ key: 'zendesk_ticket', value: '={{ $json.ticketId }}', type: 'number' },
			{ key: 'zendesk_ticket_open', value: 'true', type: 'boolean' },
		],
	},
	sendToExistingOnly: true,
	options: { maxTries: 2, ...options },
	...(ticketNotes ? { ticketNotes } : {}),
});

const NOTES_ON = { ticketId: '={{ $json.ticketId }}' };

/** Manual Trigger → Parse Zendesk Comment → Braze Trigger Send, as in the shipped outbound workflow. */
function replyWorkflow(parameters: INodeParameters, settings: Partial<INode> = {}): WorkflowJson {
	const workflow = singleNodeWorkflow(NODE, 'brazeTriggerSend', parameters, settings);
	workflow.nodes.push({
		id: 'parse',
		name: PARSE,
		type: 'n8n-nodes-zendesk-braze.parseZendeskComment',
		typeVersion: 1,
		position: [110, 0],
		parameters: { text: '={{ $json.comment.text }}', options: {} },
	});
	workflow.connections = {
		Start: { main: [[{ node: PARSE, type: 'main', index: 0 }]] },
		[PARSE]: { main: [[{ node: NODE, type: 'main', index: 0 }]] },
	};
	return workflow;
}

const credentials = () => ({ brazeRelayApi: braze.credentials, zendeskRelayApi: zendesk.credentials });

function run(workflow: WorkflowJson, items: IDataObject[], withZendesk = true): Promise<RunResult> {
	const { brazeRelayApi, zendeskRelayApi } = credentials();
	return runWorkflow(workflow, { credentials: withZendesk ? { brazeRelayApi, zendeskRelayApi } : { brazeRelayApi }, items });
}

/** An SMS conversation: a ticket whose requester Braze knows; the trigger's item for an agent's reply on it. */
function conversation(index: number, reply = `Your parcel ${index} left today.`): { ticket: SimTicket; item: IDataObject } {
	const externalId = `customer-${index}`;
	braze.createUser(externalId, { phone: `+1555010${String(index).padStart(2, '0')}` });
	const requester = zendesk.createEndUser({ name: `Customer ${index}`, external_id: externalId });
	const ticket = zendesk.createTicket({ subject: `SMS ${index}`, requester_id: requester.id, tags: ['sms'], comment: { body: 'Hello' } });
	const item = {
		event: 'agentReply',
		ticketId: ticket.id,
		requester: { brazeExternalId: externalId, brazeId: '' },
		comment: { text: reply, author: 'Jane Agent' },
	};
	return { ticket, item };
}

/** The comments n8n added to a ticket (all but the customer's first one). */
const notesOn = (ticketId: number) => (zendesk.ticket(ticketId)?.comments ?? []).slice(1);
const zendeskWrites = () => zendesk.log.filter((entry) => entry.method !== 'GET');
const errorOf = (result: RunResult) => result.error as (Error & { description?: string }) | undefined;

describe('Zendesk ticket notes: failures', () => {
	it('Braze 503 past the retry budget: a private note and the tag on the ticket; the item fails with the Braze error', async () => {
		const { ticket, item } = conversation(1);
		braze.faults.script([{ kind: 'status', status: 503, path: SEND, times: 2 }]);
		const result = await run(replyWorkflow(replyParameters(NOTES_ON)), [item]);

		expect(braze.log.filter((entry) => entry.path === SEND).map((entry) => entry.status)).toEqual([503, 503]);
		// n8n sees the failure exactly as without notes, and is told the agent was.
		expect(errorOf(result)?.message).toBe('Item 0: Braze POST /campaigns/trigger/send failed (503): Service Unavailable');
		expect(errorOf(result)?.description).toContain(`A private note on Zendesk ticket ${ticket.id} tells the agent.`);

		const [write] = zendeskWrites();
		expect(write.method).toBe('PUT');
		expect(write.path).toBe(`/api/v2/tickets/${ticket.id}`);
		expect(write.body).toEqual({ ticket: { comment: { body: expect.any(String), public: false }, additional_tags: ['sms_failed'] } });

		const [note] = notesOn(ticket.id);
		expect(note.public).toBe(false);
		expect(note.body).toContain('the customer did NOT get this SMS');
		expect(note.body).toContain(`"New message from Zendesk:\nYour parcel 1 left today.\n\nFeel free to respond directly to this number!"`);
		expect(note.body).toMatch(/Why: Braze, the SMS service, was unavailable \(HTTP 503 "Service Unavailable", 2 tries\)\. Nothing was sent/);
		expect(note.body).not.toContain(braze.apiKey);
		expect(zendesk.ticket(ticket.id)?.tags).toEqual(expect.arrayContaining(['sms', 'sms_failed']));
	}, 15_000);

	it('writes nothing when the SMS went out (Failures Only)', async () => {
		const { ticket, item } = conversation(2);
		const result = await run(replyWorkflow(replyParameters(NOTES_ON)), [item]);

		expect(result.error).toBeUndefined();
		expect(braze.sms.map((sms) => sms.externalUserId)).toEqual(['customer-2']);
		expect(zendeskWrites()).toEqual([]);
		expect(notesOn(ticket.id)).toEqual([]);
		expect(result.output(NODE)[0].json).not.toHaveProperty('ticketNote');
	});

	it('a customer without Braze identity: a note saying so, the item fails as before, nothing reaches Braze', async () => {
		const { ticket, item } = conversation(3);
		const result = await run(replyWorkflow(replyParameters(NOTES_ON)), [{ ...item, requester: { brazeExternalId: '', brazeId: '' } }]);

		expect(errorOf(result)?.message).toBe(
			'Item 0: External User ID (externalUserId) and Braze ID (brazeId) are both empty: one of them is needed',
		);
		expect(braze.log).toEqual([]);
		const [note] = notesOn(ticket.id);
		expect(note.public).toBe(false);
		expect(note.body).toMatch(/^SMS not sent: the customer did NOT get this SMS\./);
		expect(note.body).toContain('The customer has no Braze identity');
		expect(zendesk.ticket(ticket.id)?.tags).toContain('sms_failed');
	});

	it('an item with a bad value: the note names the problem in words', async () => {
		const { ticket, item } = conversation(4);
		const parameters = replyParameters(NOTES_ON);
		parameters.attributes = { attribute: [{ key: 'zendesk_ticket_open', value: 'maybe', type: 'boolean' }] };
		const result = await run(replyWorkflow(parameters), [item]);

		expect(errorOf(result)?.message).toBe('Item 0: Attributes "zendesk_ticket_open" must be true or false, got "maybe"');
		expect(notesOn(ticket.id)[0].body).toContain(
			'Why: The SMS could not be prepared: Attributes "zendesk_ticket_open" must be true or false, got "maybe".',
		);
	});

	it('Braze refusing the message (4xx): the note quotes what Braze said', async () => {
		const { ticket, item } = conversation(5);
		const parameters = { ...replyParameters(NOTES_ON), campaignId: { __rl: true, mode: 'id', value: 'retired-campaign' } };
		await run(replyWorkflow(parameters), [item]);

		expect(notesOn(ticket.id)[0].body).toContain(
			'Why: Braze, the SMS service, refused it: "Invalid campaign_id - campaign retired-campaign does not exist or is not API-triggered" (HTTP 400).',
		);
	});

	it('no answer from Braze: the note says it may or may not have been sent and was not repeated', async () => {
		const { ticket, item } = conversation(6);
		braze.faults.script([{ kind: 'reset', afterProcessing: true, path: SEND }]);
		const result = await run(replyWorkflow(replyParameters(NOTES_ON)), [item]);

		expect(braze.log.filter((entry) => entry.path === SEND)).toHaveLength(1);
		expect(errorOf(result)?.description).toMatch(/may or may not have sent these messages/);
		const [note] = notesOn(ticket.id);
		expect(note.body).toMatch(/^SMS status unknown: this SMS may or may not have reached the customer\./);
		expect(note.body).toContain('so it may or may not have been sent. It was not repeated, to avoid a double SMS.');
	});

	it('a closing SMS (no SMS details) is quoted from msg_body', async () => {
		const { ticket, item } = conversation(7);
		braze.faults.script([{ kind: 'status', status: 500, path: SEND, times: 2 }]);
		const closing = replyParameters(NOTES_ON);
		closing.triggerProperties = { property: [{ key: 'msg_body', value: 'Your ticket has been solved.' }] };
		await run(singleNodeWorkflow(NODE, 'brazeTriggerSend', closing), [item]);

		expect(notesOn(ticket.id)[0].body).toContain('The SMS:\n"Your ticket has been solved."');
	}, 15_000);

	it('quotes a long SMS by its first 300 characters', async () => {
		const reply = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
		const { ticket, item } = conversation(8, reply);
		braze.faults.script([{ kind: 'status', status: 503, path: SEND, times: 2 }]);
		await run(replyWorkflow(replyParameters(NOTES_ON)), [item]);

		const quoted = /The SMS:\n"([^"]*)…"\n\(the first (\d+) of its ([\d,]+) characters\)/.exec(notesOn(ticket.id)[0].body);
		expect(quoted).not.toBeNull();
		const [, shown, count] = quoted!;
		expect(`New message from Zendesk:\n${reply}`.startsWith(shown)).toBe(true);
		expect(shown.length).toBe(Number(count));
		expect(shown.length).toBeLessThanOrEqual(300);
	}, 15_000);
});

describe('Zendesk ticket notes: SMS that went out', () => {
	it('a shortened SMS: a private note shows exactly what the customer received, no failure tag', async () => {
		const longReply = Array.from({ length: 340 }, (_, i) => `Line${String(i).padStart(4, '0')}`).join(' ');
		const { ticket, item } = conversation(10, longReply);
		const result = await run(replyWorkflow(replyParameters(NOTES_ON)), [item]);

		expect(result.error).toBeUndefined();
		const sms = result.output(PARSE)[0].json.sms as IDataObject;
		expect(sms).toMatchObject({ truncated: true, segments: 10, encoding: 'GSM-7' });
		const [received] = braze.sms;
		const [note] = notesOn(ticket.id);
		expect(note.public).toBe(false);
		expect(note.body).toContain('SMS shortened: the reply was too long, so the SMS was cut to fit 10 segments.');
		expect(note.body).toContain(`The customer received exactly this:\n\n"${received.text}"`);
		expect(note.body).toContain(`Braze dispatch ID ${braze.sends[0].dispatchId}`);
		expect(zendesk.ticket(ticket.id)?.tags).not.toContain('sms_failed');
		expect(result.output(NODE)[0].json.ticketNote).toEqual({ ticketId: ticket.id, note: 'shortened' });
	});

	it('Every SMS: a short private note per SMS with segments, encoding and dispatch id', async () => {
		const { ticket, item } = conversation(11, 'Merci, à demain !');
		const result = await run(replyWorkflow(replyParameters({ ...NOTES_ON, mode: 'everySms' })), [item]);

		expect(result.error).toBeUndefined();
		const [note] = notesOn(ticket.id);
		expect(note.public).toBe(false);
		const { segments, encoding, characters } = result.output(PARSE)[0].json.sms as IDataObject;
		expect(note.body).toBe(`SMS sent: ${segments} segment, ${encoding}, ${characters} characters, Braze dispatch ID ${braze.sends[0].dispatchId}.`);
		expect(zendesk.ticket(ticket.id)?.tags).not.toContain('sms_failed');
	});
});

describe('Zendesk ticket notes: batching and robustness', () => {
	it('a failed request of 50: each of its items noted on its own ticket, the next request sent and not noted', async () => {
		const conversations = Array.from({ length: 60 }, (_, i) => conversation(i + 20));
		braze.faults.script([{ kind: 'status', status: 500, path: SEND, times: 2 }]);
		const result = await run(
			replyWorkflow(replyParameters(NOTES_ON), { onError: 'continueRegularOutput' }),
			conversations.map(({ item }) => item),
		);

		expect(braze.log.filter((entry) => entry.path === SEND).map((entry) => entry.status)).toEqual([500, 500, 201]);
		const output = result.output(NODE);
		conversations.forEach(({ ticket }, i) => {
			const notes = notesOn(ticket.id);
			if (i < 50) {
				expect(notes).toHaveLength(1);
				expect(notes[0].body).toContain(`Your parcel ${i + 20} left today.`);
				expect(output[i].json.error).toBe('Items 0–49: Braze POST /campaigns/trigger/send failed (500): Internal Server Error');
				expect(output[i].json.details).toContain(`A private note on Zendesk ticket ${ticket.id} tells the agent.`);
			} else {
				expect(notes).toEqual([]);
				expect(output[i].json.externalUserId).toBe(`customer-${i + 20}`);
			}
		});
	}, 30_000);

	it('stopping on a failure: the failed item and the items left untried are noted, the first error raised', async () => {
		const conversations = Array.from({ length: 3 }, (_, i) => conversation(i + 90));
		const items = conversations.map(({ item }) => item);
		items[1] = { ...items[1], requester: { brazeExternalId: '', brazeId: '' } };
		const result = await run(replyWorkflow(replyParameters(NOTES_ON)), items);

		expect(errorOf(result)?.message).toMatch(/^Item 1: External User ID/);
		expect(braze.log).toEqual([]);
		const [first, second, third] = conversations.map(({ ticket }) => notesOn(ticket.id).map((note) => note.body));
		expect(second).toEqual([expect.stringContaining('The customer has no Braze identity')]);
		for (const untried of [first, third]) {
			expect(untried).toEqual([expect.stringContaining('It was not tried: n8n stopped when another SMS sent at the same time failed.')]);
		}
	});

	it('a note that cannot be written (closed ticket) keeps the original error and says so', async () => {
		const { ticket, item } = conversation(12);
		zendesk.setStatus(ticket.id, 'closed', { via: 'rule' });
		braze.faults.script([{ kind: 'status', status: 503, path: SEND, times: 2 }]);
		const result = await run(replyWorkflow(replyParameters(NOTES_ON)), [item]);

		expect(errorOf(result)?.message).toBe('Item 0: Braze POST /campaigns/trigger/send failed (503): Service Unavailable');
		expect(errorOf(result)?.description).toContain(
			`The note for the agent could not be written on Zendesk ticket ${ticket.id}: Zendesk PUT /api/v2/tickets/${ticket.id} failed (422)`,
		);
		expect(errorOf(result)?.description).toContain('Status: closed prevents ticket update');
	}, 15_000);

	it('notes on without a Zendesk credential: the SMS still goes, the Braze error is kept and the missing credential named', async () => {
		const { item } = conversation(13);
		braze.faults.script([{ kind: 'status', status: 503, path: SEND, times: 2 }]);
		const failed = await run(replyWorkflow(replyParameters(NOTES_ON)), [item], false);
		expect(errorOf(failed)?.message).toBe('Item 0: Braze POST /campaigns/trigger/send failed (503): Service Unavailable');
		expect(errorOf(failed)?.description).toMatch(/The note for the agent could not be written on Zendesk ticket \d+: .*zendeskRelayApi/);

		const sent = await run(replyWorkflow(replyParameters({ ...NOTES_ON, mode: 'everySms' })), [item], false);
		expect(sent.error).toBeUndefined();
		expect(braze.sms).toHaveLength(1);
		expect(sent.output(NODE)[0].json.ticketNote).toMatchObject({ note: 'sent', error: expect.stringContaining('zendeskRelayApi') });
	}, 15_000);

	it('without a ticket id: no note, no Zendesk call, the same error as before', async () => {
		const { item } = conversation(14);
		for (const ticketNotes of [undefined, { ticketId: '={{ $json.noSuchField }}' }]) {
			braze.faults.script([{ kind: 'status', status: 503, path: SEND, times: 2 }]);
			const result = await run(replyWorkflow(replyParameters(ticketNotes)), [item]);
			expect(errorOf(result)?.message).toBe('Item 0: Braze POST /campaigns/trigger/send failed (503): Service Unavailable');
			expect(errorOf(result)?.description).toBe(
				'server error (503), still failing after 2 tries. This request carried item 0.',
			);
		}
		expect(zendesk.log).toEqual([]);
	}, 15_000);

	it('a tag Zendesk could not keep as one tag: the note is written without it, and n8n is told', async () => {
		const { ticket, item } = conversation(15);
		braze.faults.script([{ kind: 'status', status: 503, path: SEND, times: 2 }]);
		const result = await run(replyWorkflow(replyParameters({ ...NOTES_ON, tag: 'sms failed' })), [item]);

		expect(errorOf(result)?.message).toBe('Item 0: Braze POST /campaigns/trigger/send failed (503): Service Unavailable');
		expect(errorOf(result)?.description).toContain(
			`A private note on Zendesk ticket ${ticket.id} tells the agent. It has no tag: Tag "sms failed" is not a Zendesk tag (one word, no spaces or commas).`,
		);
		expect(notesOn(ticket.id)).toEqual([expect.objectContaining({ public: false })]);
		expect(zendesk.ticket(ticket.id)?.tags).toEqual(['sms']);
	}, 15_000);

	it("never adds the trigger's resend tag, which would make Zendesk text the reply again", async () => {
		const { ticket, item } = conversation(17);
		braze.faults.script([{ kind: 'status', status: 503, path: SEND, times: 2 }]);
		const result = await run(replyWorkflow(replyParameters({ ...NOTES_ON, tag: ' SMS_Resend ' })), [item]);

		expect(errorOf(result)?.description).toContain('It has no tag: Tag "sms_resend" would make Zendesk send the reply again.');
		expect(notesOn(ticket.id)).toHaveLength(1);
		expect(zendesk.ticket(ticket.id)?.tags).toEqual(['sms']);
	}, 15_000);

	it('a ticket id that is not a number: no note, and n8n is told why', async () => {
		const { item } = conversation(16);
		braze.faults.script([{ kind: 'status', status: 503, path: SEND, times: 2 }]);
		const result = await run(replyWorkflow(replyParameters({ ticketId: 'ticket-16' })), [item]);

		expect(errorOf(result)?.description).toContain('No note was written on the Zendesk ticket: Ticket ID "ticket-16" is not a Zendesk ticket number.');
		expect(zendesk.log).toEqual([]);
	}, 15_000);
});
