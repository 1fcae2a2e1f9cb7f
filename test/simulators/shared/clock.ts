// Simulators read time through a Clock so tests can compress or freeze it (rate-limit windows, idempotency TTLs).
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** A clock that only moves when told to: `advance(ms)`. */
export class ManualClock {
	private current: number;

	constructor(start = Date.UTC(2026, 0, 1)) {
		this.current = start;
	}

	readonly now: Clock = () => this.current;

	advance(ms: number): void {
		this.current += ms;
	}
}
