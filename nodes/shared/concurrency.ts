// Runs work over a list with at most a given number of calls under way at once. Pure: no n8n import.

/**
 * Calls `work` on each input, starting them in order and never more than `limit` at a time; a call starts as soon as
 * an earlier one ends. One settled result per input, in the inputs' order: a call that fails never stops the others.
 */
export async function mapWithConcurrency<T, R>(
	inputs: readonly T[],
	limit: number,
	work: (input: T, index: number) => Promise<R>,
): Promise<Array<PromiseSettledResult<R>>> {
	if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`The concurrency limit must be a whole number of at least 1, got ${limit}`);
	const results: Array<PromiseSettledResult<R>> = new Array(inputs.length);
	let next = 0;
	// Each runner takes the next input as soon as its previous one has settled.
	const runner = async () => {
		while (next < inputs.length) {
			const index = next++;
			try {
				results[index] = { status: 'fulfilled', value: await work(inputs[index], index) };
			} catch (reason) {
				results[index] = { status: 'rejected', reason };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, runner));
	return results;
}
