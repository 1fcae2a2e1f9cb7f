// Zendesk Ticket Relay, Add Ticket Note, run in-process against the Zendesk simulator: what the agent finds on the
// ticket, the request that reached Zendesk, the item that goes on, and errors that name the item and the field.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow, type RunResult } from '../../../harness/inProcess';
import { singleNodeWorkflow } from '../../../harness/singleNode';
import { startZendeskSimulator, type SimTicket, type ZendeskSimulator } from '../../../simulators/zendesk';

const NODE = 'Note: SMS Not Sent';
const NOTE = '=SMS not sent: the customer did NOT get this reply.\n\nWhy: {{ $json.error }}';

let zendesk: ZendeskSimulator;

beforeAll(async () => {
	zendesk = await startZendeskSimulator();
});
afterAll(async () => await zendesk.close());
beforeEach(() => zendesk.reset());

function smsTicket(name: string): SimTicket {
	const requester = zendesk.createEndUser({ name, phone: '+15550100', external_id: `ext-${name}` });
	return zendesk.createTicket({ subject: `SMS from ${name}`, requester_id: requester.id, comment: { body: 'Hello?' }, tags: ['sms'] }, { via: 'api' });
}

/** A failed reply as it leaves a node's error output: the trigger's item with the `error` n8n adds. */
const failedReply = (ticketId: number | string, error = 'Item 0: the comment is empty once cleaned'): IDataObject => ({
	event: 'agentReply',
	ticketId,
	comment: { text: '', author: 'Jane Agent' },
	error,
});

function run(items: IDataObject[], parameters: INodeParameters = {}, continueErrorOutput = false): Promise<RunResult> {
	const workflow = singleNodeWorkflow(
		NODE,
		'zendeskTicketRelay',
		{ operation: 'addTicketNote', ticketId: '={{ $json.ticketId }}', note: NOTE, ...parameters },
		continueErrorOutput ? { onError: 'continueErrorOutput' } : {},
	);
	return runWorkflow(workflow, { credentials: { zendeskRelayApi: zendesk.credentials }, items });
}

const notesOn = (ticket: SimTicket) => (zendesk.ticket(ticket.id)?.comments ?? []).slice(1);
const writes = () => zendesk.log.filter((entry) => entry.method !== 'GET');

describe('Add Ticket Note', () => {
	it("writes a private note and the sms_failed tag on each item's ticket, and passes the item on with ticketNote", async () => {
		const [ada, bo] = [smsTicket('Ada'), smsTicket('Bo')];
		const result = await run([failedReply(ada.id), failedReply(String(bo.id), 'Item 1: the SMS is empty')]);

		expect(result.error).toBeUndefined();
		expect(writes().map((entry) => [entry.method, entry.path, entry.body])).toEqual([
			[
				'PUT',
				`/api/v2/tickets/${ada.id}`,
				{
					ticket: {
						comment: { body: 'SMS not sent: the customer did NOT get this reply.\n\nWhy: Item 0: the comment is empty once cleaned', public: false },
						additional_tags: ['sms_failed'],
					},
				},
			],
			['PUT', `/api/v2/tickets/${bo.id}`, expect.objectContaining({ ticket: expect.objectContaining({ additional_tags: ['sms_failed'] }) })],
		]);
		expect(notesOn(ada).map((note) => note.public)).toEqual([false]);
		expect(notesOn(bo)[0].body).toContain('Why: Item 1: the SMS is empty');
		expect(zendesk.ticket(ada.id)?.tags).toEqual(expect.arrayContaining(['sms', 'sms_failed']));
		// The item goes on as it came, so a Stop and Error after this node still shows the error.
		expect(result.output(NODE).map((item) => item.json)).toEqual([
			{ ...failedReply(ada.id), ticketNote: { ticketId: ada.id, tag: 'sms_failed' } },
			{ ...failedReply(String(bo.id), 'Item 1: the SMS is empty'), ticketNote: { ticketId: bo.id, tag: 'sms_failed' } },
		]);
	});

	it('adds no tag when Tag is empty, and the tag it is given otherwise', async () => {
		const [ada, bo] = [smsTicket('Ada'), smsTicket('Bo')];
		await run([failedReply(ada.id)], { tag: '' });
		await run([failedReply(bo.id)], { tag: ' Needs_Callback ' });
		expect(writes().map((entry) => (entry.body as { ticket: IDataObject }).ticket.additional_tags)).toEqual([undefined, ['needs_callback']]);
		expect(zendesk.ticket(ada.id)?.tags).toEqual(['sms']);
	});

	it.each<[string, INodeParameters, IDataObject, string]>([
		['no ticket id', {}, { ticketId: '' }, 'Item 0: "Ticket ID" (ticketId) is empty'],
		['a ticket id that is not a number', {}, { ticketId: 'ZD-12' }, 'Item 0: "Ticket ID" (ticketId) "ZD-12" is not a Zendesk ticket number'],
		['an empty note', { note: '  ' }, {}, 'Item 0: "Note" (note) is empty'],
		['a tag with a space', { tag: 'sms failed' }, {}, 'Item 0: "Tag" (tag): Tag "sms failed" is not a Zendesk tag (one word, no spaces or commas)'],
		['the resend tag', { tag: 'sms_resend' }, {}, 'Item 0: "Tag" (tag): Tag "sms_resend" would make Zendesk send the reply again'],
	])('fails on %s, naming the item and the field, and writes nothing', async (_label, parameters, item, message) => {
		const ticket = smsTicket('Ada');
		const result = await run([{ ...failedReply(ticket.id), ...item }], parameters);
		expect(result.error?.message).toBe(message);
		expect(writes()).toEqual([]);
	});

	it("names Zendesk's answer when the ticket does not exist", async () => {
		const result = await run([failedReply(999_999)]);
		expect(result.error?.message).toMatch(/^Item 0: Zendesk PUT \/api\/v2\/tickets\/999999 failed \(404\)/);
	});

	it('with the error output, notes the good items and sends the bad one there', async () => {
		const ticket = smsTicket('Ada');
		const result = await run([failedReply('not-a-ticket'), failedReply(ticket.id)], {}, true);
		expect(result.error).toBeUndefined();
		expect(result.output(NODE, 0).map((item) => item.json.ticketNote)).toEqual([{ ticketId: ticket.id, tag: 'sms_failed' }]);
		expect(result.output(NODE, 1).map((item) => item.json.error)).toEqual([
			'Item 0: "Ticket ID" (ticketId) "not-a-ticket" is not a Zendesk ticket number',
		]);
		expect(notesOn(ticket)).toHaveLength(1);
	});
});
