// What reaches the workflow from the form parameters Zendesk sends: the agent's reply exactly as typed, whatever it holds,
// and a 400 (no execution) for a call the node cannot read. Calls go through the node's real webhook() (in-process
// harness); the parameters are the product's own, rendered by Liquid as Zendesk renders them.
import type { IDataObject } from 'n8n-workflow';

import { callWebhook, type WebhookAnswer } from '../../harness/inProcess';
import { triggerWorkflow } from './triggerWorkflow';
import {
	TRIGGER_NODE,
	activatedStaticData,
	formEncode,
	renderParameters,
	signedCall,
	ticketScope,
	withReply,
	zendeskBody,
	type FormStyle,
} from './zendeskCall';
import { PayloadError, parseForm, toRelayItem } from '../../../nodes/ZendeskRelayTrigger/payload';

let workflows = 0;

/** Each call under its own workflow id, so no call is taken for a repeat of another test's. */
async function deliver(rawBody: string, invocationId?: string): Promise<WebhookAnswer> {
	workflows += 1;
	const id = `wf-payload-${workflows}`;
	const json = triggerWorkflow({}, { id, name: 'Zendesk to Braze SMS', webhookId: `hook-${id}` });
	return await callWebhook(json, TRIGGER_NODE, signedCall(rawBody, { invocationId }), { staticData: activatedStaticData(id) });
}

function itemOf(answer: WebhookAnswer): IDataObject {
	expect(answer.statusCode).toBe(200);
	expect(answer.result.workflowData?.[0]).toHaveLength(1);
	return answer.result.workflowData?.[0][0].json as IDataObject;
}

/** About 10 kB of reply: paragraphs with line breaks, accents and an emoji, as a long agent answer looks. */
const LONG_REPLY = Array.from(
	{ length: 80 },
	(_, n) => `Step ${n + 1}: check the "parcel" at the dépôt 📦, then reply.`.padEnd(124, '.'),
).join('\n');

const REPLIES: Array<[string, string]> = [
	['double and single quotes', 'He said "ok" and it\'s "fine"'],
	['line breaks (LF, CRLF, blank line)', 'Line 1\nLine 2\r\nLine 3\n\nBye'],
	['tabs', 'Order\t#1234\tshipped'],
	['backslashes and a literal \\n', 'Path C:\\Users\\ana and a literal \\n, \\"quoted\\"'],
	['emoji and accents', 'Merci 🙏🏽 à bientôt 👩‍👩‍👧 – ça marche'],
	['HTML-looking text', '<b>bold</b> &amp; <script>alert(1)</script> &lt;'],
	['plus and percent signs', '1+1=2, 100% sure, a%20b stays a%20b, %E9 stays %E9, 50%'],
	['parameter-looking text', 'a=1&event=ticketSolved&ticket_id=999&ticket_open=false'],
	['a 10 kB reply', LONG_REPLY],
];

describe('the reply as the agent typed it', () => {
	it('the long reply is about 10 kB', () => {
		expect(Buffer.byteLength(LONG_REPLY)).toBeGreaterThanOrEqual(10_000);
	});

	describe.each<FormStyle>(['form', 'percent'])('form-encoded with %s escapes', (style) => {
		it.each(REPLIES)('keeps %s in comment.text', async (_label, text) => {
			const item = itemOf(await deliver(await zendeskBody('agentReply', withReply(text, 'Agent "AJ" O\'Neil 🎧'), style)));
			expect(item.comment).toEqual({ text, author: 'Agent "AJ" O\'Neil 🎧' });
			// Text that looks like parameters stays inside the comment: the call is still the agent reply on ticket 101.
			expect(item).toMatchObject({ event: 'agentReply', ticketId: 101, ticketOpen: true });
		});
	});

	it('trims only the ends of the reply, never inside it', async () => {
		const item = itemOf(await deliver(await zendeskBody('agentReply', withReply('\n  Hi Ana,\n\n  bye  \t\n'))));
		expect(item.comment).toMatchObject({ text: 'Hi Ana,\n\n  bye' });
	});
});

describe('the output item', () => {
	it('carries the ticket, whether it stays open, the status label as Zendesk renders it, and the requester', async () => {
		const ticket = ticketScope({ id: 4321, status: 'Résolu' });
		const answer = await deliver(await zendeskBody('agentReplySolving', ticket), '01JREPLYSOLVING');
		expect(itemOf(answer)).toEqual({
			event: 'agentReply',
			ticketId: 4321,
			ticketOpen: false,
			resend: false,
			ticketStatus: 'Résolu',
			requester: {
				id: 7,
				externalId: 'ext-7',
				brazeExternalId: 'braze-ext-7',
				brazeId: '65a1b2c3d4e5f60718293a4b',
				name: 'Ana Lima',
				phone: '+33612345678',
			},
			comment: { text: 'Your parcel left today.\nTrack it here.', author: 'Sam Agent' },
			invocationId: '01JREPLYSOLVING',
		});
	});

	it("says resend: true only for the call of an agent's resend request, which is an open agent reply", async () => {
		const resent = itemOf(await deliver(await zendeskBody('resendRequested', withReply('Your code is 4411'))));
		expect(resent).toMatchObject({ event: 'agentReply', ticketOpen: true, resend: true, comment: { text: 'Your code is 4411' } });
		const replied = itemOf(await deliver(await zendeskBody('agentReply', withReply('Your code is 4411'))));
		expect(replied).toMatchObject({ event: 'agentReply', ticketOpen: true, resend: false });
	});

	it('gives null for what Zendesk rendered empty: no Braze ids, no phone, no comment author', async () => {
		const ticket = ticketScope({
			requester: { id: 9, name: 'Lee' },
			public_comments: [],
		});
		const item = itemOf(await deliver(await zendeskBody('ticketSolved', ticket)));
		expect(item.requester).toEqual({ id: 9, externalId: null, brazeExternalId: null, brazeId: null, name: 'Lee', phone: null });
		expect(item.comment).toEqual({ text: '', author: null });
		expect(item).toMatchObject({ event: 'ticketSolved', ticketOpen: false });
	});
});

describe('calls the node cannot read', () => {
	it('answers a JSON body 400, saying to re-publish the workflow, and starts nothing', async () => {
		const json = JSON.stringify({ event: 'agentReply', ticket: { id: '101' }, comment: { text: 'hi' } });
		const answer = await deliver(json);
		expect(answer.statusCode).toBe(400);
		expect(answer.body).toEqual({ error: expect.stringContaining('re-publish the workflow') });
		expect((answer.body as { error: string }).error).toMatch(/form-encoded/);
		expect(answer.result.workflowData).toBeUndefined();
	});

	it.each([
		['no ticket id', ''],
		['a ticket id that is not a number', '12abc'],
		['a negative ticket id', '-3'],
	])('answers a call with %s 400 and starts nothing', async (_label, ticketId) => {
		const pairs = (await renderParameters('agentReply', ticketScope())).map(
			([name, value]): [string, string] => [name, name === 'ticket_id' ? ticketId : value],
		);
		const answer = await deliver(formEncode(pairs));
		expect(answer.statusCode).toBe(400);
		expect(answer.body).toEqual({ error: 'The body has no usable ticket id' });
		expect(answer.result.workflowData).toBeUndefined();
	});

	it('answers a call without the ticket_id parameter at all 400', async () => {
		const pairs = (await renderParameters('agentReply', ticketScope())).filter(([name]) => name !== 'ticket_id');
		const answer = await deliver(formEncode(pairs));
		expect(answer.statusCode).toBe(400);
		expect(answer.body).toEqual({ error: 'The body has no usable ticket id' });
	});

	it('answers an unknown event 400', async () => {
		const answer = await deliver('event=ticketCreated&ticket_id=5');
		expect(answer.statusCode).toBe(400);
		expect(answer.body).toEqual({ error: 'Unknown event "ticketCreated"' });
	});
});

describe('parseForm and toRelayItem (pure)', () => {
	it('read a Buffer or a string, with or without a byte order mark', () => {
		const body = 'event=ticketSolved&ticket_id=77&ticket_status=Solved';
		for (const raw of [Buffer.from(body), body, `\uFEFF${body}`]) {
			expect(toRelayItem(parseForm(raw), 'inv')).toMatchObject({ event: 'ticketSolved', ticketId: 77, ticketStatus: 'Solved' });
		}
	});

	it('refuse a JSON body, even after a byte order mark or leading spaces', () => {
		for (const raw of ['{"event":"agentReply"}', '\uFEFF {"a":1}', Buffer.from('\n{}')]) {
			expect(() => parseForm(raw)).toThrow(PayloadError);
		}
	});

	it('take ticket_open as true only when it says exactly "true"', () => {
		const open = (value: string) => toRelayItem(parseForm(`event=agentReply&ticket_id=1&ticket_open=${value}`), '').ticketOpen;
		expect(open('true')).toBe(true);
		expect(open('false')).toBe(false);
		expect(open('')).toBe(false);
		expect(open('TRUE')).toBe(false);
	});

	it('take resend as true only when it says exactly "true", and as false when the parameter is missing', () => {
		const resend = (form: string) => toRelayItem(parseForm(`event=agentReply&ticket_id=1${form}`), '').resend;
		expect(resend('&resend=true')).toBe(true);
		for (const form of ['&resend=false', '&resend=', '&resend=TRUE', '&resend=1', '']) expect(resend(form)).toBe(false);
	});

	it('give null for a requester id that is not a positive whole number', () => {
		for (const id of ['abc', '0', '1.5', '']) {
			expect(toRelayItem(parseForm(`event=ticketSolved&ticket_id=1&requester_id=${id}`), '').requester.id).toBeNull();
		}
	});
});
