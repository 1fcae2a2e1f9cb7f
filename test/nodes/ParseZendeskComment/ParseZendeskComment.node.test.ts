// The node as n8n runs it: through the in-process harness (n8n-core's WorkflowExecute, real expressions, pairedItem and
// continue-on-fail handling), Manual Trigger → Parse Zendesk Comment.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ParseZendeskComment } from '../../../nodes/ParseZendeskComment/ParseZendeskComment.node';
import { runWorkflow, type WorkflowJson } from '../../harness/inProcess';
import { singleNodeWorkflow } from '../../harness/singleNode';

const NODE = 'Parse Zendesk Comment';
const DASHES = '-'.repeat(46);

function workflow(parameters: INodeParameters = {}, settings: { continueOnFail?: boolean; errorOutput?: boolean } = {}): WorkflowJson {
	const onError = settings.errorOutput ? 'continueErrorOutput' : settings.continueOnFail ? 'continueRegularOutput' : undefined;
	return singleNodeWorkflow(NODE, 'parseZendeskComment', parameters, onError ? { onError } : {});
}

/** An item shaped like the Zendesk Relay Trigger's output. */
function triggerItem(text: unknown, extra: IDataObject = {}): IDataObject {
	return {
		event: 'agentReply',
		ticketId: 1234,
		ticketStatus: 'open',
		requester: { id: 7, externalId: null, brazeExternalId: 'braze-7', name: 'Sam Customer', phone: '+33600000000' },
		comment: { text, author: 'Jane Agent' },
		invocationId: 'inv-1',
		...extra,
	} as IDataObject;
}

describe('Parse Zendesk Comment node (in-process n8n)', () => {
	it('reads the trigger comment by default and adds message, author, postedAt and sms to the item', async () => {
		const text = `${DASHES}\n\nJane Agent, Nov 25, 2026, 10:03\n\nYour parcel left our warehouse.\nTracking follows.`;
		const run = await runWorkflow(workflow(), { items: [triggerItem(text)] });
		expect(run.error).toBeUndefined();
		const [item] = run.output(NODE);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toEqual({
			...triggerItem(text),
			message: 'Your parcel left our warehouse.\nTracking follows.',
			author: 'Jane Agent',
			postedAt: 'Nov 25, 2026, 10:03',
			sms: {
				text: 'New message from Zendesk:\nYour parcel left our warehouse.\nTracking follows.\n\nFeel free to respond directly to this number!',
				encoding: 'GSM-7',
				segments: 1,
				characters: 122,
				truncated: false,
			},
		});
	});

	it('keeps every item paired with its input', async () => {
		const items = ['first', 'second', '<p>third &amp; last</p>'].map((text) => triggerItem(text));
		const run = await runWorkflow(workflow(), { items });
		const output = run.output(NODE);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output.map((item) => item.json.message)).toEqual(['first', 'second', 'third & last']);
	});

	it('takes the author from the trigger when the text has no header, and leaves postedAt empty', async () => {
		const run = await runWorkflow(workflow(), { items: [triggerItem('Plain reply')] });
		expect(run.output(NODE)[0].json).toMatchObject({ message: 'Plain reply', author: 'Jane Agent', postedAt: '' });
	});

	it('leaves author empty when nothing tells it', async () => {
		const run = await runWorkflow(workflow({ text: '={{ $json.body }}' }), { items: [{ body: 'Hello' }] });
		expect(run.output(NODE)[0].json).toMatchObject({ message: 'Hello', author: '', postedAt: '' });
	});

	it('writes the wording of Text Before/After Message around the message, with expressions resolved per item', async () => {
		const parameters = { textBefore: '=Ticket #{{ $json.ticketId }}, {{ $json.requester.name }}: ', textAfter: '={{ "\\n-- " + $json.comment.author }}' };
		const items = [triggerItem('  Done!  '), triggerItem('On its way', { ticketId: 99, requester: { name: 'Ana' } })];
		const run = await runWorkflow(workflow(parameters), { items });
		expect(run.error).toBeUndefined();
		expect(run.output(NODE).map((item) => (item.json.sms as IDataObject).text)).toEqual([
			'Ticket #1234, Sam Customer: Done!\n-- Jane Agent',
			'Ticket #99, Ana: On its way\n-- Jane Agent',
		]);
	});

	it('sends the message alone when both wordings are blank', async () => {
		const run = await runWorkflow(workflow({ textBefore: '', textAfter: '' }), { items: [triggerItem('Just this')] });
		expect(run.output(NODE)[0].json.sms).toMatchObject({ text: 'Just this', characters: 9, segments: 1 });
	});

	it('cuts a long message to the cap at a word boundary and keeps the wording around it whole', async () => {
		const long = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
		const parameters = { textBefore: '=#{{ $json.ticketId }} ', textAfter: '\nReply STOP to opt out.', options: { maxSegments: 2 } };
		const run = await runWorkflow(workflow(parameters), { items: [triggerItem(long)] });
		const sms = run.output(NODE)[0].json.sms as { text: string; segments: number; truncated: boolean };
		expect(sms).toMatchObject({ encoding: 'GSM-7', segments: 2, truncated: true });
		expect(sms.text).toMatch(/^#1234 word0 word1 .* word\d+\.\.\.\nReply STOP to opt out\.$/s);
		expect(sms.text.length).toBeLessThanOrEqual(306);
	});

	it('ignores the Liquid "template" parameter of a workflow saved by an older version: the default wording goes out', async () => {
		const run = await runWorkflow(workflow({ template: 'Custom {{ message | upcase }}' }), { items: [triggerItem('Hello')] });
		expect(run.error).toBeUndefined();
		expect((run.output(NODE)[0].json.sms as IDataObject).text).toBe(
			'New message from Zendesk:\nHello\n\nFeel free to respond directly to this number!',
		);
	});

	it('honours maxSegments and smartEncoding', async () => {
		const long = `It’s ${'a long answer '.repeat(60)}`;
		const run = await runWorkflow(workflow({ options: { maxSegments: 2, smartEncoding: false } }), { items: [triggerItem(long)] });
		expect(run.output(NODE)[0].json.sms).toMatchObject({ encoding: 'UCS-2', truncated: true });
		expect((run.output(NODE)[0].json.sms as IDataObject).segments).toBeLessThanOrEqual(2);

		const smart = await runWorkflow(workflow({ options: { maxSegments: 2 } }), { items: [triggerItem(long)] });
		expect(smart.output(NODE)[0].json.sms).toMatchObject({ encoding: 'GSM-7', segments: 2, truncated: true });
	});

	it('fails on an empty comment with an error naming the item', async () => {
		const run = await runWorkflow(workflow(), { items: [triggerItem('fine'), triggerItem(`${DASHES}\n\nJane, Nov 25, 2026, 10:03\n\n  `)] });
		expect(run.error?.message).toBe('Item 1: the comment is empty once cleaned');
		expect(run.error?.name).toBe('NodeOperationError');
		expect((run.error as { context?: IDataObject } | undefined)?.context?.itemIndex).toBe(1);
		expect(run.output(NODE)).toEqual([]);
	});

	it('says so when the comment only lists attachments', async () => {
		const text = `${DASHES}\n\nJane, Nov 25, 2026, 10:03\n\nAttachment(s):\nlabel.pdf - https://acme.zendesk.com/attachments/token/x/?name=label.pdf`;
		const run = await runWorkflow(workflow(), { items: [triggerItem(text)] });
		expect(run.error?.message).toBe('Item 0: the comment only lists 1 attachment (label.pdf), and an SMS carries no files');
		expect(run.error?.description).toBe('Nothing but the list of attachments is left once the Zendesk header is removed: write the text of the reply too.');
	});

	it('fails when nothing is left for the SMS: an invisible message and no wording', async () => {
		const run = await runWorkflow(workflow({ textBefore: '', textAfter: '' }), { items: [triggerItem('\u200b')] });
		expect(run.error?.message).toBe('Item 0: the SMS is empty');
	});

	it('fails, naming the item and the parameter, when a wording expression gives an object', async () => {
		const run = await runWorkflow(workflow({ textAfter: '={{ $json.requester }}' }), { items: [triggerItem('hi')] });
		expect(run.error?.message).toBe('Item 0: "Text After Message" (textAfter) is not text (got an object)');
	});

	it('fails on a text that is not a string', async () => {
		const run = await runWorkflow(workflow(), { items: [triggerItem(42)] });
		expect(run.error?.message).toBe('Item 0: the comment text is not a string (got number)');
	});

	it('fails, naming the item, when the item has no comment at all', async () => {
		const run = await runWorkflow(workflow(), { items: [{ event: 'agentReply' }] });
		expect(run.error?.message).toMatch(/^Item 0: /);
	});

	it('turns bad items into error items when continuing on fail, and keeps the good ones', async () => {
		const items = [triggerItem('good'), triggerItem('   '), triggerItem(null), triggerItem('also good')];
		const run = await runWorkflow(workflow({}, { continueOnFail: true }), { items });
		expect(run.error).toBeUndefined();
		const output = run.output(NODE);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(output.map((item) => item.json.message ?? null)).toEqual(['good', null, null, 'also good']);
		expect(output[1].json).toEqual({ error: 'Item 1: the comment is empty once cleaned' });
		expect(output[2].json).toEqual({ error: 'Item 2: the comment text is not a string (got null)' });
	});

	it('sends bad items to the error output with their input fields when continuing with an error output', async () => {
		const items = [triggerItem('good'), triggerItem('   ')];
		const run = await runWorkflow(workflow({}, { errorOutput: true }), { items });
		expect(run.error).toBeUndefined();
		const [success, failure] = run.outputs(NODE);
		expect(success.map((item) => item.json.message)).toEqual(['good']);
		expect(failure).toHaveLength(1);
		expect(failure[0].json).toMatchObject({ ticketId: 1234, comment: { text: '   ' }, error: 'Item 1: the comment is empty once cleaned' });
	});

	it('ships distinct light and dark icons and a codex file for its type', () => {
		const dir = path.join(__dirname, '../../../nodes/ParseZendeskComment');
		const light = readFileSync(path.join(dir, 'parseZendeskComment.svg'), 'utf8');
		const dark = readFileSync(path.join(dir, 'parseZendeskComment.dark.svg'), 'utf8');
		expect(light).toMatch(/^<svg[^>]*viewBox="0 0 64 64"/);
		expect(dark).toMatch(/^<svg[^>]*viewBox="0 0 64 64"/);
		expect(dark).not.toBe(light);
		const codex = JSON.parse(readFileSync(path.join(dir, 'ParseZendeskComment.node.json'), 'utf8')) as IDataObject;
		expect(codex).toMatchObject({ node: 'n8n-nodes-zendesk-braze.parseZendeskComment', categories: expect.arrayContaining(['Communication']) });
		expect(codex.alias).toEqual(expect.arrayContaining(['SMS', 'Zendesk']));
	});

	it('describes itself as the design asks', () => {
		const { description } = new ParseZendeskComment();
		expect(description).toMatchObject({
			name: 'parseZendeskComment',
			displayName: 'Parse Zendesk Comment',
			usableAsTool: true,
			icon: { light: 'file:parseZendeskComment.svg', dark: 'file:parseZendeskComment.dark.svg' },
		});
		const byName = Object.fromEntries(description.properties.map((property) => [property.name, property]));
		expect(byName.text.default).toBe('={{ $json.comment.text }}');
		expect(byName.textBefore.default).toBe('New message from Zendesk:\n');
		expect(byName.textAfter.default).toBe('\n\nFeel free to respond directly to this number!');
		expect(byName.template).toBeUndefined();
		const options = Object.fromEntries(
			(byName.options.options as Array<{ name: string; default: unknown }>).map((option) => [option.name, option.default]),
		);
		expect(options).toEqual({ maxSegments: 10, smartEncoding: true });
	});
});
