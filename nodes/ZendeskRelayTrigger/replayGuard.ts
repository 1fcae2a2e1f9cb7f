// Remembers recently accepted deliveries so a repeat starts no second execution. Pure: the node keeps the returned
// record in the workflow's static data (never in process memory), so it holds across executions and workers.
//
// Two keys per delivery: Zendesk's invocation id catches its own retries (new timestamp, same id), and the signature
// catches a captured request replayed by someone else (the signature covers timestamp + body but not the id header).

/** Key → epoch milliseconds when it was first seen. Plain JSON, as static data must be. */
export type SeenRecord = Record<string, number>;

export interface ReplayGuardOptions {
	/** How long a key is remembered. */
	ttlMs: number;
	/** Upper bound on remembered keys; the oldest go first. */
	maxEntries: number;
}

export const DEFAULT_REPLAY_TTL_MS = 60 * 60 * 1000;
export const DEFAULT_REPLAY_MAX_ENTRIES = 1000;

/**
 * A replayed request must be refused for as long as its timestamp could still pass, i.e. the tolerance on both sides.
 */
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

export interface ReplayCheck {
	duplicate: boolean;
	/** The record to store back: pruned, and holding these keys when the delivery is new. */
	seen: SeenRecord;
}

export function checkReplay(
	previous: unknown,
	keys: string[],
	now: number,
	options: ReplayGuardOptions,
): ReplayCheck {
	const live = prune(asSeenRecord(previous), now, options.ttlMs);
	if (keys.some((key) => key in live)) return { duplicate: true, seen: live };
	for (const key of keys) live[key] = now;
	return { duplicate: false, seen: capped(live, options.maxEntries) };
}

function asSeenRecord(value: unknown): SeenRecord {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
	const record: SeenRecord = {};
	for (const [key, seenAt] of Object.entries(value as Record<string, unknown>)) {
		if (typeof seenAt === 'number' && Number.isFinite(seenAt)) record[key] = seenAt;
	}
	return record;
}

function prune(record: SeenRecord, now: number, ttlMs: number): SeenRecord {
	const live: SeenRecord = {};
	for (const [key, seenAt] of Object.entries(record)) {
		if (now - seenAt < ttlMs) live[key] = seenAt;
	}
	return live;
}

function capped(record: SeenRecord, maxEntries: number): SeenRecord {
	const entries = Object.entries(record);
	if (entries.length <= maxEntries) return record;
	entries.sort(([, a], [, b]) => b - a);
	return Object.fromEntries(entries.slice(0, maxEntries));
}
