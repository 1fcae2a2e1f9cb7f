import { checkReplay, deliveryKeys, replayOptions } from '../../../nodes/ZendeskRelayTrigger/replayGuard';

const options = { ttlMs: 1000, maxEntries: 3 };

describe('checkReplay', () => {
	it('accepts a new delivery and remembers its keys', () => {
		const result = checkReplay(undefined, ['id:a', 'sig:x'], 100, options);
		expect(result).toEqual({ duplicate: false, seen: { 'id:a': 100, 'sig:x': 100 } });
	});

	it('flags a repeat of any key: same invocation id (Zendesk retry) or same signature (replayed capture)', () => {
		const { seen } = checkReplay(undefined, ['id:a', 'sig:x'], 100, options);
		expect(checkReplay(seen, ['id:a', 'sig:y'], 200, options).duplicate).toBe(true);
		expect(checkReplay(seen, ['id:b', 'sig:x'], 200, options).duplicate).toBe(true);
		expect(checkReplay(seen, ['id:b', 'sig:y'], 200, options).duplicate).toBe(false);
	});

	it('forgets keys older than the ttl', () => {
		const { seen } = checkReplay(undefined, ['id:a'], 100, options);
		const later = checkReplay(seen, ['id:b'], 1100, options);
		expect(later.seen).toEqual({ 'id:b': 1100 });
		expect(checkReplay(later.seen, ['id:a'], 1101, options).duplicate).toBe(false);
	});

	it('keeps at most maxEntries, dropping the oldest first', () => {
		let seen = {};
		for (const [key, at] of [['k1', 1], ['k2', 2], ['k3', 3], ['k4', 4]] as const) {
			seen = checkReplay(seen, [key], at, options).seen;
		}
		expect(seen).toEqual({ k2: 2, k3: 3, k4: 4 });
	});

	it('ignores a corrupt stored record instead of failing', () => {
		expect(checkReplay('garbage', ['id:a'], 5, options)).toEqual({ duplicate: false, seen: { 'id:a': 5 } });
		expect(checkReplay({ 'id:a': 'x', 'id:b': 4 }, ['id:a'], 5, options)).toEqual({
			duplicate: false,
			seen: { 'id:a': 5, 'id:b': 4 },
		});
	});

	it('does not mutate the stored record it was given', () => {
		const stored = Object.freeze({ 'id:a': 1 });
		expect(() => checkReplay(stored, ['id:b'], 2, options)).not.toThrow();
		expect(stored).toEqual({ 'id:a': 1 });
	});
});

describe('deliveryKeys and replayOptions', () => {
	it('builds keys from the headers that are present', () => {
		expect(deliveryKeys(' inv-1 ', 'sig')).toEqual(['id:inv-1', 'sig:sig']);
		expect(deliveryKeys(undefined, 'sig')).toEqual(['sig:sig']);
		expect(deliveryKeys('', undefined)).toEqual([]);
	});

	it('remembers deliveries at least as long as a replayed timestamp could pass (both sides of the tolerance)', () => {
		expect(replayOptions(300).ttlMs).toBe(60 * 60 * 1000);
		expect(replayOptions(7200).ttlMs).toBe(2 * 7200 * 1000);
	});
});
