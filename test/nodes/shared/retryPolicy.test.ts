import { decideRetry, rateLimitWaitMs, type RetryPolicy } from '../../../nodes/shared/retryPolicy';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxWaitMs: 30_000, retryAmbiguous: true };
const now = Date.UTC(2026, 10, 25, 12, 0, 0);
const noJitter = () => 1;
/** After `errors` server/network errors and no rate limit. */
const failed = (errors: number) => ({ errors, rateLimited: 0, rateLimitWaitedMs: 0 });
/** After `rateLimited` refusals that already cost `waitedMs`. */
const limited = (rateLimited: number, waitedMs = 0) => ({ errors: 0, rateLimited, rateLimitWaitedMs: waitedMs });

describe('rateLimitWaitMs', () => {
	it('reads Zendesk Retry-After seconds, in any header case', () => {
		expect(rateLimitWaitMs({ 'Retry-After': '7' }, now)).toBe(7_000);
	});

	it('reads Retry-After as an HTTP date', () => {
		expect(rateLimitWaitMs({ 'retry-after': new Date(now + 3_000).toUTCString() }, now)).toBe(3_000);
	});

	it('reads Braze X-RateLimit-Reset epoch seconds', () => {
		expect(rateLimitWaitMs({ 'x-ratelimit-reset': String(now / 1000 + 12) }, now)).toBe(12_000);
	});

	it('never answers a negative wait for a reset already past', () => {
		expect(rateLimitWaitMs({ 'x-ratelimit-reset': String(now / 1000 - 5) }, now)).toBe(0);
	});

	it('says nothing when the answer has no usable header', () => {
		expect(rateLimitWaitMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
	});
});

describe('decideRetry', () => {
	it('waits what a 429 asks, plus a little spread', () => {
		const decision = decideRetry({ statusCode: 429, headers: { 'retry-after': '2' } }, limited(1), policy, now, () => 0);
		expect(decision).toEqual({ retry: true, delayMs: 2_000, reason: 'rate limited (429)' });
	});

	it('gives up at once when a 429 asks for longer than the allowed wait', () => {
		const decision = decideRetry({ statusCode: 429, headers: { 'retry-after': '120' } }, limited(1), policy, now);
		expect(decision).toEqual({ retry: false, reason: 'rate limited for 120 s, longer than the allowed wait' });
	});

	it('keeps a request waiting through many refusals of a sustained overload, within the total wait', () => {
		const retryAfter = { statusCode: 429, headers: { 'retry-after': '5' } };
		expect(decideRetry(retryAfter, limited(policy.maxAttempts + 3, 20_000), policy, now, () => 0)).toEqual({
			retry: true,
			delayMs: 5_000,
			reason: 'rate limited (429)',
		});
		expect(decideRetry(retryAfter, limited(6, 26_000), policy, now)).toEqual({
			retry: false,
			reason: 'still rate limited after waiting 26 s in 6 tries',
		});
	});

	it('counts only server and network errors against maxAttempts, and every try in the message', () => {
		const afterRefusals = { errors: policy.maxAttempts - 1, rateLimited: 3, rateLimitWaitedMs: 3_000 };
		expect(decideRetry({ statusCode: 503 }, afterRefusals, policy, now).retry).toBe(true);
		expect(decideRetry({ statusCode: 503 }, { ...afterRefusals, errors: policy.maxAttempts }, policy, now)).toEqual({
			retry: false,
			reason: 'server error (503), still failing after 7 tries',
		});
	});

	it('backs off exponentially on 5xx, capped by maxDelayMs', () => {
		const delays = [1, 2, 3].map((errors) => decideRetry({ statusCode: 503 }, failed(errors), { ...policy, maxAttempts: 9 }, now, noJitter));
		expect(delays.map((d) => (d.retry ? d.delayMs : -1))).toEqual([100, 200, 400]);
		const late = decideRetry({ statusCode: 500 }, failed(8), { ...policy, maxAttempts: 9 }, now, noJitter);
		expect(late).toMatchObject({ retry: true, delayMs: 1_000 });
	});

	it('stops after maxAttempts and says how many tries it took', () => {
		expect(decideRetry({ statusCode: 502 }, failed(4), policy, now)).toEqual({
			retry: false,
			reason: 'server error (502), still failing after 4 tries',
		});
	});

	it('never retries a client error', () => {
		for (const statusCode of [400, 401, 403, 404, 422]) {
			expect(decideRetry({ statusCode }, failed(1), policy, now)).toEqual({ retry: false, reason: `HTTP ${statusCode}` });
		}
	});

	it('retries a refused connection even for calls that are not safe to repeat', () => {
		const unsafe = { ...policy, retryAmbiguous: false };
		expect(decideRetry({ networkErrorCode: 'ECONNREFUSED' }, failed(1), unsafe, now).retry).toBe(true);
	});

	it('does not repeat an unsafe call after a reset, a timeout or an unknown failure, where the vendor may have acted', () => {
		const unsafe = { ...policy, retryAmbiguous: false };
		for (const networkErrorCode of ['ECONNRESET', 'ETIMEDOUT', 'ENETWORK']) {
			expect(decideRetry({ networkErrorCode }, failed(1), unsafe, now)).toEqual({ retry: false, reason: `no answer (${networkErrorCode})` });
			expect(decideRetry({ networkErrorCode }, failed(1), policy, now).retry).toBe(true);
		}
	});
});
