import { mean, percentile, summarize } from '../../../bench/lib/latency';

describe('latency figures', () => {
	it('takes nearest-rank percentiles from unsorted samples', () => {
		const samples = Array.from({ length: 100 }, (_, n) => 100 - n);
		expect(percentile(samples, 50)).toBe(50);
		expect(percentile(samples, 99)).toBe(99);
		expect(percentile([7], 99)).toBe(7);
	});

	it('counts sequential throughput from the time spent busy', () => {
		expect(summarize([10, 20, 30, 40])).toEqual({ count: 4, p50: 20, p99: 40, throughput: 40 });
	});

	it('refuses to summarize no samples', () => {
		expect(() => percentile([], 50)).toThrow('no samples');
		expect(() => mean([])).toThrow('no values');
	});

	it('averages', () => {
		expect(mean([10, 20, 60])).toBe(30);
	});
});
