import { fittedLastOverFirst } from '../../../bench/lib/trend';

describe('trend of a series of windows', () => {
	it('is 1 for a flat series and the ratio of the ends for a straight one', () => {
		expect(fittedLastOverFirst([90, 90, 90, 90])).toBeCloseTo(1);
		expect(fittedLastOverFirst([91, 87, 83, 79, 75, 71, 67, 63, 59, 55])).toBeCloseTo(55 / 91);
	});

	it('is not decided by one slow window at either end', () => {
		const flatButFirstSlow = [50, 100, 100, 100, 100, 100, 100, 100, 100, 100];
		expect(flatButFirstSlow[9] / flatButFirstSlow[0]).toBe(2);
		expect(fittedLastOverFirst(flatButFirstSlow)).toBeLessThan(1.3);
	});

	it('needs two windows', () => {
		expect(() => fittedLastOverFirst([1])).toThrow('two values');
	});
});
