import {
	DEFAULT_REPLAY_MAX_ENTRIES,
	DEFAULT_REPLAY_TTL_MS,
	ReplayGuard,
	deliveryKeys,
	replayGuardFor,
	replayOptions,
} from '../../../nodes/ZendeskRelayTrigger/replayGuard';

const options = { ttlMs: 1000, maxEntries: 3 };

describe('ReplayGuard', () => {
	it('admits a new delivery once: the same keys again are a repeat', () => {
		const guard = new ReplayGuard(options);
		expect(guard.admit(['id:a', 'sig:x'], 100)).toBe(true);
		expect(guard.admit(['id:a', 'sig:x'], 101)).toBe(false);
	});

	it('takes any one known key for a repeat: same invocation id (Zendesk retry) or same signature (replayed capture)', () => {
		const guard = new ReplayGuard(options);
		guard.admit(['id:a', 'sig:x'], 100);
		expect(guard.admit(['id:a', 'sig:y'], 200)).toBe(false);
		expect(guard.admit(['id:b', 'sig:x'], 200)).toBe(false);
		expect(guard.admit(['id:b', 'sig:y'], 200)).toBe(true);
	});

	it('does not remember the keys of a repeat it refused', () => {
		const guard = new ReplayGuard(options);
		guard.admit(['id:a'], 100);
		expect(guard.admit(['id:a', 'sig:new'], 200)).toBe(false);
		expect(guard.admit(['sig:new'], 300)).toBe(true);
	});

	it('forgets a delivery once its time to live is over, not before', () => {
		const guard = new ReplayGuard(options);
		guard.admit(['id:a'], 100);
		expect(guard.admit(['id:a'], 1099)).toBe(false);
		expect(guard.admit(['id:a'], 1100)).toBe(true);
	});

	it('keeps at most maxEntries keys, forgetting the oldest first', () => {
		const guard = new ReplayGuard(options);
		for (const [key, at] of [['k1', 1], ['k2', 2], ['k3', 3], ['k4', 4]] as const) guard.admit([key], at);
		expect(guard.admit(['k1'], 5)).toBe(true); // dropped to make room for k4; now k1 pushes k2 out
		expect(guard.admit(['k3'], 6)).toBe(false);
		expect(guard.admit(['k4'], 6)).toBe(false);
		expect(guard.admit(['k2'], 6)).toBe(true);
	});

	it('admits a delivery that has no key at all (no id, no signature) every time', () => {
		const guard = new ReplayGuard(options);
		expect(guard.admit([], 1)).toBe(true);
		expect(guard.admit([], 2)).toBe(true);
	});
});

describe('replayGuardFor', () => {
	it('gives each trigger node (workflow id + node name) its own memory, kept across calls', () => {
		const first = replayGuardFor('wf-guard-1|Zendesk Relay Trigger', options);
		expect(first.admit(['id:shared'], 1)).toBe(true);
		expect(replayGuardFor('wf-guard-1|Zendesk Relay Trigger', options).admit(['id:shared'], 2)).toBe(false);
		expect(replayGuardFor('wf-guard-2|Zendesk Relay Trigger', options).admit(['id:shared'], 2)).toBe(true);
	});

	it('starts a new memory when the time to live changes (the tolerance was changed)', () => {
		replayGuardFor('wf-guard-3|T', options).admit(['id:a'], 1);
		expect(replayGuardFor('wf-guard-3|T', { ...options, ttlMs: 5000 }).admit(['id:a'], 2)).toBe(true);
	});
});

describe('deliveryKeys and replayOptions', () => {
	it('build keys from the headers that are present, trimmed', () => {
		expect(deliveryKeys(' inv-1 ', 'sig')).toEqual(['id:inv-1', 'sig:sig']);
		expect(deliveryKeys(undefined, 'sig')).toEqual(['sig:sig']);
		expect(deliveryKeys('', undefined)).toEqual([]);
		expect(deliveryKeys('  ', ' ')).toEqual([]);
	});

	it('remember deliveries at least as long as a replayed timestamp could pass (both sides of the tolerance)', () => {
		expect(replayOptions(300)).toEqual({ ttlMs: DEFAULT_REPLAY_TTL_MS, maxEntries: DEFAULT_REPLAY_MAX_ENTRIES });
		expect(DEFAULT_REPLAY_TTL_MS).toBe(60 * 60 * 1000);
		expect(replayOptions(7200).ttlMs).toBe(2 * 7200 * 1000);
	});
});
