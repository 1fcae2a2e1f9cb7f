import { createHmac } from 'crypto';

import { parseTimestamp, signBody, verifySignature } from '../../../nodes/ZendeskRelayTrigger/signature';

const secret = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
const body = 'event=agentReply&ticket_open=true&ticket_id=42&comment_text=Hi+%22Ana%22%0ASee+you';
const now = Date.parse('2026-11-25T12:00:00Z');
const timestamp = '2026-11-25T12:00:00Z';

function request(overrides: Partial<Parameters<typeof verifySignature>[0]> = {}) {
	return {
		secret,
		signature: signBody(secret, timestamp, body),
		timestamp,
		rawBody: Buffer.from(body),
		toleranceSeconds: 300,
		now,
		...overrides,
	};
}

describe('signBody', () => {
	it('is base64 HMAC-SHA256 of timestamp + body with the secret used as-is (Zendesk documented scheme)', () => {
		const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
			.update(`${timestamp}${body}`, 'utf8')
			.digest('base64');
		expect(signBody(secret, timestamp, body)).toBe(expected);
		expect(signBody(secret, timestamp, Buffer.from(body))).toBe(expected);
	});
});

describe('verifySignature', () => {
	it('accepts a correctly signed, fresh request', () => {
		expect(verifySignature(request())).toEqual({ valid: true });
	});

	it('accepts timestamps at the edge of the tolerance on both sides', () => {
		for (const offset of [-300_000, 300_000]) {
			const ts = new Date(now + offset).toISOString();
			expect(verifySignature(request({ timestamp: ts, signature: signBody(secret, ts, body) }))).toEqual({ valid: true });
		}
	});

	it('rejects a signature made with another secret', () => {
		expect(verifySignature(request({ signature: signBody('another-secret', timestamp, body) }))).toEqual({
			valid: false,
			reason: 'signature mismatch',
		});
	});

	it('rejects a tampered body, even a single changed character', () => {
		expect(verifySignature(request({ rawBody: body.replace('ticket_id=42', 'ticket_id=43') }))).toEqual({
			valid: false,
			reason: 'signature mismatch',
		});
	});

	it('rejects a signature whose timestamp header was changed', () => {
		const later = '2026-11-25T12:01:00Z';
		expect(verifySignature(request({ timestamp: later }))).toEqual({ valid: false, reason: 'signature mismatch' });
	});

	it('rejects a stale timestamp even with a valid signature', () => {
		const old = new Date(now - 301_000).toISOString();
		expect(verifySignature(request({ timestamp: old, signature: signBody(secret, old, body) }))).toEqual({
			valid: false,
			reason: 'stale timestamp',
		});
	});

	it('rejects a future-dated timestamp even with a valid signature', () => {
		const future = new Date(now + 301_000).toISOString();
		expect(verifySignature(request({ timestamp: future, signature: signBody(secret, future, body) }))).toEqual({
			valid: false,
			reason: 'timestamp in the future',
		});
	});

	it('honours a custom tolerance', () => {
		const old = new Date(now - 60_000).toISOString();
		const signed = request({ timestamp: old, signature: signBody(secret, old, body) });
		expect(verifySignature({ ...signed, toleranceSeconds: 30 })).toEqual({ valid: false, reason: 'stale timestamp' });
		expect(verifySignature({ ...signed, toleranceSeconds: 90 })).toEqual({ valid: true });
	});

	it('rejects missing headers, a missing body, an unreadable timestamp and a missing secret', () => {
		expect(verifySignature(request({ signature: undefined }))).toEqual({ valid: false, reason: 'missing signature headers' });
		expect(verifySignature(request({ timestamp: undefined }))).toEqual({ valid: false, reason: 'missing signature headers' });
		expect(verifySignature(request({ rawBody: undefined }))).toEqual({ valid: false, reason: 'missing body' });
		expect(verifySignature(request({ timestamp: 'yesterday' }))).toEqual({ valid: false, reason: 'unreadable timestamp' });
		expect(verifySignature(request({ secret: undefined }))).toEqual({ valid: false, reason: 'no secret configured' });
		expect(verifySignature(request({ secret: '' }))).toEqual({ valid: false, reason: 'no secret configured' });
	});

	it('rejects a truncated or padded signature without throwing', () => {
		const good = signBody(secret, timestamp, body);
		expect(verifySignature(request({ signature: good.slice(0, -2) })).valid).toBe(false);
		expect(verifySignature(request({ signature: `${good}AA` })).valid).toBe(false);
	});
});

describe('parseTimestamp', () => {
	it('reads ISO-8601 UTC and epoch seconds', () => {
		expect(parseTimestamp('2026-11-25T12:00:00Z')).toBe(now);
		expect(parseTimestamp(String(now / 1000))).toBe(now);
		expect(parseTimestamp('not a date')).toBeUndefined();
	});
});
