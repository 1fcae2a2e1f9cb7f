import { readFileSync } from 'node:fs';
import path from 'node:path';

import { startReceiver, type Receiver } from '../shared/receiver';
import { INBOUND_WEBHOOK_BODY, inboundSmsBody, sendInboundSms } from '.';

describe('Braze inbound-SMS webhook sender', () => {
	let receiver: Receiver;
	const target = () => ({ url: receiver.url, headerName: 'X-Relay-Secret', headerValue: 'shh' });
	const sms = { externalId: 'braze-1', phone: '+15550001', firstName: 'Ada', lastName: 'L', body: 'Help "now"\nplease', zendeskTicket: 12, zendeskTicketOpen: true };

	beforeAll(async () => {
		receiver = await startReceiver();
	});
	afterEach(() => (receiver.requests.length = 0));
	afterAll(() => receiver.close());

	it('posts the webhook-campaign JSON body with the auth header', async () => {
		const attempts = await sendInboundSms(target(), sms);
		expect(attempts).toEqual([expect.objectContaining({ status: 200 })]);
		const [request] = receiver.requests;
		expect(request.headers['x-relay-secret']).toBe('shh');
		expect(JSON.parse(request.rawBody)).toEqual({
			external_id: 'braze-1',
			braze_id: '',
			phone: '+15550001',
			first_name: 'Ada',
			last_name: 'L',
			message: 'Help "now"\nplease',
			media_urls: '',
			ticket_id: '12',
			ticket_open: 'true',
			dispatch_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
		});
		expect(inboundSmsBody({ externalId: 'x', phone: '+1', body: 'b' }).ticket_id).toBe('');
	});

	it("renders the documented Liquid body: JSON-escaped values, media URLs joined, an anonymous profile's empty external_id", () => {
		const body = inboundSmsBody({
			externalId: '',
			brazeId: '65f1c0ffee0ddba11deadbee',
			phone: '+15550002',
			body: 'Tab\there, "quotes", back\\slash\nnew line, émoji 🎉',
			mediaUrls: ['https://m.example/a.jpg', 'https://m.example/b.jpg'],
			dispatchId: 'dispatch-1',
		});
		expect(body).toEqual({
			external_id: '',
			braze_id: '65f1c0ffee0ddba11deadbee',
			phone: '+15550002',
			first_name: '',
			last_name: '',
			message: 'Tab\there, "quotes", back\\slash\nnew line, émoji 🎉',
			media_urls: 'https://m.example/a.jpg,https://m.example/b.jpg',
			ticket_id: '',
			ticket_open: '',
			dispatch_id: 'dispatch-1',
		});
	});

	it('is the body the maintainers document for users, line for line', () => {
		const documented = readFileSync(path.join(__dirname, '../../../docs/braze.md'), 'utf8');
		expect(documented).toContain(['```liquid', INBOUND_WEBHOOK_BODY, '```'].join('\n'));
	});

	it('retries 408, 429 and 5xx up to 5 tries, not 4xx', async () => {
		receiver.script([{ status: 503 }, { status: 429 }, { status: 408 }, { status: 500 }, { status: 502 }]);
		const attempts = await sendInboundSms(target(), sms, { backoffMs: 1 });
		expect(attempts.map((a) => a.status)).toEqual([503, 429, 408, 500, 502]);
		const dispatchIds = new Set(receiver.requests.map((request) => JSON.parse(request.rawBody).dispatch_id));
		expect(dispatchIds.size).toBe(1);
		receiver.script([{ status: 500 }, { status: 401 }]);
		const stopped = await sendInboundSms(target(), sms, { backoffMs: 1 });
		expect(stopped.map((a) => a.status)).toEqual([500, 401]);
	});

	it('retries a timeout', async () => {
		receiver.script([{ status: 200, delayMs: 900 }]);
		const attempts = await sendInboundSms(target(), sms, { backoffMs: 1, timeoutMs: 300 });
		expect(attempts.map((a) => a.status ?? 'timeout')).toEqual(['timeout', 200]);
	});
});
