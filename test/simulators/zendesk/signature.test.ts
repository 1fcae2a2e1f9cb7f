import { createHmac } from 'node:crypto';

import { startReceiver, type Receiver } from '../shared/receiver';
import { sendZendeskWebhook, signZendeskWebhook, TEST_SIGNING_SECRET } from '.';

describe('Zendesk webhook signing and the arbitrary webhook sender', () => {
	let receiver: Receiver;

	beforeAll(async () => {
		receiver = await startReceiver();
	});
	afterEach(() => (receiver.requests.length = 0));
	afterAll(() => receiver.close());

	it('signs base64(HMAC-SHA256(secret, timestamp + body)) with no separator', () => {
		const expected = createHmac('sha256', TEST_SIGNING_SECRET).update('2026-01-01T00:00:00Z{"a":1}').digest('base64');
		expect(signZendeskWebhook(TEST_SIGNING_SECRET, '2026-01-01T00:00:00Z', '{"a":1}')).toBe(expected);
		expect(signZendeskWebhook('other', '2026-01-01T00:00:00Z', '{"a":1}')).not.toBe(expected);
	});

	it('sends a signed call with Zendesk headers, or a forged / replayed one as told', async () => {
		const good = await sendZendeskWebhook({ url: receiver.url, body: { a: 1 }, secret: 's3cret', invocationId: 'inv-1', timestamp: '2026-01-01T00:00:00Z' });
		expect(good.status).toBe(200);
		const [request] = receiver.requests;
		expect(request.rawBody).toBe('{"a":1}');
		expect(request.headers).toMatchObject({
			'x-zendesk-webhook-invocation-id': 'inv-1',
			'x-zendesk-webhook-signature-timestamp': '2026-01-01T00:00:00Z',
			'x-zendesk-webhook-signature': signZendeskWebhook('s3cret', '2026-01-01T00:00:00Z', '{"a":1}'),
		});
		await sendZendeskWebhook({ url: receiver.url, body: '{"a":1}', secret: 's3cret', signature: 'forged', headers: { 'x-zendesk-webhook-signature-timestamp': '' } });
		expect(receiver.requests[1].headers['x-zendesk-webhook-signature']).toBe('forged');
		expect(receiver.requests[1].headers).not.toHaveProperty('x-zendesk-webhook-signature-timestamp');
	});

	it('reports a refused connection instead of throwing', async () => {
		const result = await sendZendeskWebhook({ url: 'http://127.0.0.1:1/hook', body: '{}', secret: 's' });
		expect(result.status).toBeUndefined();
		expect(result.error).toEqual(expect.any(String));
	});
});
