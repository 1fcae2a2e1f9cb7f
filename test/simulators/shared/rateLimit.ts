// Fixed-window rate limiting as both vendors describe it ("N requests per minute"); the window length is configurable so
// tests can compress time.
import { systemClock, type Clock } from './clock';

export interface WindowLimit {
	limit: number;
	windowMs: number;
}

export interface LimitDecision {
	allowed: boolean;
	limit: number;
	remaining: number;
	/** Epoch ms at which the current window ends. */
	resetAt: number;
	/** Whole seconds to wait before the next try (at least 1), as Retry-After carries it. */
	retryAfterSeconds: number;
}

export class FixedWindowLimiter {
	private windows = new Map<string, { start: number; count: number }>();

	constructor(
		readonly config: WindowLimit,
		private readonly clock: Clock = systemClock,
	) {
		if (config.limit < 1 || config.windowMs < 1) throw new RangeError('limit and windowMs must be positive');
	}

	/** Count one request for `key` and say whether it may go through. */
	hit(key = 'default'): LimitDecision {
		const now = this.clock();
		const start = now - (now % this.config.windowMs);
		let window = this.windows.get(key);
		if (!window || window.start !== start) {
			window = { start, count: 0 };
			this.windows.set(key, window);
		}
		const allowed = window.count < this.config.limit;
		if (allowed) window.count += 1;
		const resetAt = start + this.config.windowMs;
		return {
			allowed,
			limit: this.config.limit,
			remaining: this.config.limit - window.count,
			resetAt,
			retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
		};
	}

	reset(): void {
		this.windows.clear();
	}
}
