// Remembers recently accepted deliveries so a repeat starts no second execution. Pure: no n8n import.
//
// Two keys per delivery: Zendesk's invocation id catches its own retries (new timestamp, same id), and the signature
// catches a captured request replayed by someone else (the signature covers timestamp + body but not the id header).
//
// The record lives in the memory of the process that answers Zendesk, not in the workflow's static data: n8n saves
// static data as one whole document, last writer wins, so a per-delivery write there would let concurrent deliveries
// drop each other's keys, let a delivery racing a re-publish write the old signing secret back, and cost more with
// every key remembered. Here a delivery costs the same whatever the record holds (see docs/trigger-state.md).

export interface ReplayGuardOptions {
	/** How long a key is remembered. */
	ttlMs: number;
	/** Upper bound on remembered keys; the oldest go first. */
	maxEntries: number;
}

export const DEFAULT_REPLAY_TTL_MS = 60 * 60 * 1000;
/** About 100 bytes a key: a few MB at most, for a burst of 25,000 deliveries within the hour. */
export const DEFAULT_REPLAY_MAX_ENTRIES = 50_000;

/** A replayed request must be refused for as long as its timestamp could still pass: the tolerance on both sides. */
export function replayOptions(toleranceSeconds: number): ReplayGuardOptions {
	return {
		ttlMs: Math.max(DEFAULT_REPLAY_TTL_MS, 2 * toleranceSeconds * 1000),
		maxEntries: DEFAULT_REPLAY_MAX_ENTRIES,
	};
}

export function deliveryKeys(invocationId: string | undefined, signature: string | undefined): string[] {
	const keys: string[] = [];
	if (invocationId?.trim()) keys.push(`id:${invocationId.trim()}`);
	if (signature?.trim()) keys.push(`sig:${signature.trim()}`);
	return keys;
}

export class ReplayGuard {
	/** Key → when it may be forgotten. Keys are added with the same TTL, so insertion order is expiry order. */
	private readonly seen = new Map<string, number>();

	constructor(private readonly options: ReplayGuardOptions) {}

	/** True for a new delivery, which is remembered from now on; false for a repeat. */
	admit(keys: readonly string[], now: number): boolean {
		this.forgetExpired(now);
		if (keys.some((key) => this.seen.has(key))) return false;
		for (const key of keys) this.seen.set(key, now + this.options.ttlMs);
		for (const oldest of this.seen.keys()) {
			if (this.seen.size <= this.options.maxEntries) break;
			this.seen.delete(oldest);
		}
		return true;
	}

	private forgetExpired(now: number): void {
		for (const [key, expiresAt] of this.seen) {
			if (expiresAt > now) return;
			this.seen.delete(key);
		}
	}
}

/** One guard per trigger node (workflow id + node name) in this process; a changed tolerance starts a new one. */
const guards = new Map<string, { ttlMs: number; guard: ReplayGuard }>();

export function replayGuardFor(scope: string, options: ReplayGuardOptions): ReplayGuard {
	const known = guards.get(scope);
	if (known && known.ttlMs === options.ttlMs) return known.guard;
	const guard = new ReplayGuard(options);
	guards.set(scope, { ttlMs: options.ttlMs, guard });
	return guard;
}
