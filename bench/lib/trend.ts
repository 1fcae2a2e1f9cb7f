// Whether a series of measurements (throughput per window) stays flat, read from all its points rather than the first
// and last alone: one noisy window on a shared machine must not decide it.

/** The least-squares line through values at 0…n-1: its value at the last point over its value at the first (1 = flat). */
export function fittedLastOverFirst(values: number[]): number {
	const n = values.length;
	if (n < 2) throw new Error('a trend needs at least two values');
	const meanX = (n - 1) / 2;
	const meanY = values.reduce((sum, value) => sum + value, 0) / n;
	let covariance = 0;
	let variance = 0;
	values.forEach((value, x) => {
		covariance += (x - meanX) * (value - meanY);
		variance += (x - meanX) ** 2;
	});
	const slope = covariance / variance;
	const first = meanY - slope * meanX;
	return (first + slope * (n - 1)) / first;
}
