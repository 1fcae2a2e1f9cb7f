// mapWithConcurrency: a bounded number of calls under way, results in the inputs' order, failures kept apart.
import { mapWithConcurrency } from '../../../nodes/shared/concurrency';

/** Work whose calls end when the test says so, recording how many were under way at most. */
function controlledWork() {
	const running = new Map<number, { resolve: (value: string) => void; reject: (error: Error) => void }>();
	let mostAtOnce = 0;
	const work = async (_input: string, index: number) =>
		await new Promise<string>((resolve, reject) => {
			running.set(index, { resolve, reject });
			mostAtOnce = Math.max(mostAtOnce, running.size);
		}).finally(() => running.delete(index));
	const settle = async () => await new Promise((resolve) => setImmediate(resolve));
	return { work, running, settle, mostAtOnce: () => mostAtOnce };
}

describe('mapWithConcurrency', () => {
	it('never has more than the limit under way, and starts the next input as soon as one ends', async () => {
		const { work, running, settle, mostAtOnce } = controlledWork();
		const done = mapWithConcurrency(['a', 'b', 'c', 'd', 'e'], 2, work);
		await settle();
		expect([...running.keys()]).toEqual([0, 1]);
		running.get(1)?.resolve('B');
		await settle();
		expect([...running.keys()]).toEqual([0, 2]);
		for (let index = 0; index < 5; index++) {
			running.get(index)?.resolve(`${index}`);
			await settle();
		}
		await done;
		expect(mostAtOnce()).toBe(2);
	});

	it('gives the results in the order of the inputs, whatever order they end in', async () => {
		const delays = [30, 0, 10, 20];
		const results = await mapWithConcurrency(delays, 3, async (ms, index) => {
			await new Promise((resolve) => setTimeout(resolve, ms));
			return `input ${index}`;
		});
		expect(results).toEqual(delays.map((_, index) => ({ status: 'fulfilled', value: `input ${index}` })));
	});

	it('goes on with the other inputs when one fails, and reports its error in its place', async () => {
		const started: string[] = [];
		const results = await mapWithConcurrency(['ok', 'bad', 'ok too', 'last'], 1, async (input) => {
			started.push(input);
			if (input === 'bad') throw new Error('bad input');
			return input.toUpperCase();
		});
		expect(started).toEqual(['ok', 'bad', 'ok too', 'last']);
		expect(results).toEqual([
			{ status: 'fulfilled', value: 'OK' },
			{ status: 'rejected', reason: new Error('bad input') },
			{ status: 'fulfilled', value: 'OK TOO' },
			{ status: 'fulfilled', value: 'LAST' },
		]);
	});

	it('runs everything at once when the limit is above the number of inputs, and nothing for no input', async () => {
		const { work, running, settle } = controlledWork();
		const done = mapWithConcurrency(['a', 'b'], 10, work);
		await settle();
		expect(running.size).toBe(2);
		running.forEach((call) => call.resolve('x'));
		await expect(done).resolves.toHaveLength(2);
		await expect(mapWithConcurrency([], 3, work)).resolves.toEqual([]);
	});

	it('refuses a limit below 1 or not whole, which would run nothing or wait forever', async () => {
		await expect(mapWithConcurrency(['a'], 0, async (input) => input)).rejects.toThrow('at least 1, got 0');
		await expect(mapWithConcurrency(['a'], 1.5, async (input) => input)).rejects.toThrow('got 1.5');
	});
});
