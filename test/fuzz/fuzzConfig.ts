// Shared settings of the property-based tests: one seed for every property (FUZZ_SEED, default fixed so that a run is
// repeatable), and a budget of cases per property scaled by FUZZ_SCALE (e.g. FUZZ_SCALE=10 for a long run).
//
//   FUZZ_SEED=12345 npx jest test/fuzz          # another seed
//   FUZZ_SCALE=10 npx jest test/fuzz            # ten times the cases
//
// A failure prints fast-check's seed, path and shrunk counterexample; rerun exactly that case with FUZZ_SEED and the
// printed path in `fuzzRuns(n, { path })`.
import type { Parameters } from 'fast-check';

export const DEFAULT_FUZZ_SEED = 20261125;

function integerFromEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
	return value;
}

export const FUZZ_SEED = Math.trunc(integerFromEnv('FUZZ_SEED', DEFAULT_FUZZ_SEED));
export const FUZZ_SCALE = integerFromEnv('FUZZ_SCALE', 1);

/** Cases a property worth `numRuns` at scale 1 runs at FUZZ_SCALE (for test titles too). */
export function scaled(numRuns: number): number {
	return Math.max(1, Math.round(numRuns * FUZZ_SCALE));
}

/** fast-check parameters for a property worth `numRuns` cases at scale 1. */
export function fuzzRuns<T>(numRuns: number, extra: Parameters<T> = {}): Parameters<T> {
	return { seed: FUZZ_SEED, numRuns: scaled(numRuns), ...extra };
}
