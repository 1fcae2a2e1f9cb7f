// When to try a vendor request again, and how long to wait first. Pure: no n8n import, unit-tested alone.

export interface RetryPolicy {
	/** Tries that may end in a server or network error, the first included; rate-limited tries count against maxWaitMs. */
	maxAttempts: number;
	/** First backoff step for 5xx and network errors; doubles each try, with jitter. */
	baseDelayMs: number;
	/** Longest single backoff step. */
	maxDelayMs: number;
	/**
	 * Longest time one request may wait for rate limits (429) to reset, all its waits together: under a sustained
	 * overload it keeps its turn for that long however many times it is refused; a wait beyond it fails at once
	 * instead of stalling.
	 */
	maxWaitMs: number;
	/**
	 * Whether a request that may have reached the vendor (timeout, reset mid-answer) may be sent again.
	 * True only where a repeat is harmless: reads, idempotency keys, or a duplicate check before writing.
	 */
	retryAmbiguous: boolean;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 500,
	maxDelayMs: 8_000,
	maxWaitMs: 60_000,
	retryAmbiguous: true,
};

export type HeaderBag = Record<string, string | string[] | number | undefined>;

export interface AttemptOutcome {
	statusCode?: number;
	headers?: HeaderBag;
	/** Set when no HTTP answer came back (ECONNRESET, ETIMEDOUT, ...). */
	networkErrorCode?: string;
}

/** What the tries of one request have met so far, the one that just ended included. */
export interface TriesSoFar {
	/** Tries that ended in a server or network error. */
	errors: number;
	/** Tries refused by a rate limit (429). */
	rateLimited: number;
	/** Time already spent waiting for rate limits to reset. */
	rateLimitWaitedMs: number;
}

export type RetryDecision = { retry: true; delayMs: number; reason: string } | { retry: false; reason: string };

/**
 * Errors where the request surely never reached the vendor: always safe to repeat. Any other network error (a reset,
 * a timeout, an unknown code) may have come after the vendor acted on the request.
 */
export const NOT_SENT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const RETRIABLE_STATUS = new Set([408, 500, 502, 503, 504]);

/** Whether an answer with this status is the vendor's passing trouble (a rate limit, an overloaded or failing server). */
export function isTransientStatus(status: number): boolean {
	return status === 429 || RETRIABLE_STATUS.has(status);
}

function header(headers: HeaderBag | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return Array.isArray(value) ? value[0] : value === undefined ? undefined : String(value);
}

/**
 * How long a 429 asks us to wait: `Retry-After` (seconds or HTTP date, Zendesk) or `X-RateLimit-Reset`
 * (epoch seconds, Braze). Undefined when the answer says nothing usable.
 */
export function rateLimitWaitMs(headers: HeaderBag | undefined, now: number): number | undefined {
	const retryAfter = header(headers, 'retry-after');
	if (retryAfter !== undefined) {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	const reset = Number(header(headers, 'x-ratelimit-reset'));
	if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
	return undefined;
}

export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
	const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(step * (0.5 + random() / 2));
}

export function decideRetry(
	outcome: AttemptOutcome,
	tries: TriesSoFar,
	policy: RetryPolicy,
	now: number = Date.now(),
	random: () => number = Math.random,
): RetryDecision {
	const transient = describeTransient(outcome, policy);
	if (!transient.retriable) return { retry: false, reason: transient.reason };
	if (outcome.statusCode === 429) {
		const wait = rateLimitWaitMs(outcome.headers, now) ?? backoffMs(tries.rateLimited, policy, random);
		if (wait > policy.maxWaitMs) {
			return { retry: false, reason: `rate limited for ${Math.ceil(wait / 1000)} s, longer than the allowed wait` };
		}
		if (tries.rateLimitWaitedMs + wait > policy.maxWaitMs) {
			const waited = Math.round(tries.rateLimitWaitedMs / 1000);
			return { retry: false, reason: `still rate limited after waiting ${waited} s in ${tries.rateLimited} tries` };
		}
		// A little spread so that many waiting items do not all return in the same millisecond.
		return { retry: true, delayMs: wait + Math.round(random() * 250), reason: transient.reason };
	}
	if (tries.errors >= policy.maxAttempts) {
		return { retry: false, reason: `${transient.reason}, still failing after ${tries.errors + tries.rateLimited} tries` };
	}
	return { retry: true, delayMs: backoffMs(tries.errors, policy, random), reason: transient.reason };
}

function describeTransient(outcome: AttemptOutcome, policy: RetryPolicy): { retriable: boolean; reason: string } {
	const code = outcome.networkErrorCode;
	if (code !== undefined) {
		if (NOT_SENT_ERRORS.has(code)) return { retriable: true, reason: `connection failed (${code})` };
		return { retriable: policy.retryAmbiguous, reason: `no answer (${code})` };
	}
	const status = outcome.statusCode ?? 0;
	if (status === 429) return { retriable: true, reason: 'rate limited (429)' };
	if (isTransientStatus(status)) return { retriable: true, reason: `server error (${status})` };
	return { retriable: false, reason: `HTTP ${status}` };
}
