// Latency samples of sequential requests and the figures drawn from them.

export interface LatencySummary {
	count: number;
	p50: number;
	p99: number;
	/** Requests per second while busy: one request at a time, so count / sum of latencies. */
	throughput: number;
}

export function mean(values: number[]): number {
	if (values.length === 0) throw new Error('mean of no values');
	return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: number[], p: number): number {
	if (samples.length === 0) throw new Error('percentile of no samples');
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(samplesMs: number[]): LatencySummary {
	const busyMs = samplesMs.reduce((sum, ms) => sum + ms, 0);
	return {
		count: samplesMs.length,
		p50: percentile(samplesMs, 50),
		p99: percentile(samplesMs, 99),
		throughput: (samplesMs.length * 1000) / busyMs,
	};
}

/** Milliseconds `work` took, with its result. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
	const started = process.hrtime.bigint();
	const result = await work();
	return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}
