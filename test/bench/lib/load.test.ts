import { atFixedRate, withConcurrency } from '../../../bench/lib/load';

/** Jobs that end when the test says so, recording how many are under way at once. */
function controlledJobs() {
	const finish: Array<() => void> = [];
	const started: number[] = [];
	let running = 0;
	let most = 0;
	const job = (index: number) =>
		new Promise<void>((resolve) => {
			started.push(index);
			most = Math.max(most, ++running);
			finish[index] = () => {
				running -= 1;
				resolve();
			};
		});
	return { job, finish, started, most: () => most };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('load shapes', () => {
	it('keeps at most the given number of jobs under way, starting the next one as soon as one ends', async () => {
		const jobs = controlledJobs();
		const done = withConcurrency(5, 2, jobs.job);
		await settle();
		expect(jobs.started).toEqual([0, 1]);
		jobs.finish[1]();
		await settle();
		expect(jobs.started).toEqual([0, 1, 2]);
		for (const index of [0, 2, 3, 4]) {
			jobs.finish[index]();
			await settle();
		}
		await done;
		expect(jobs.started).toEqual([0, 1, 2, 3, 4]);
		expect(jobs.most()).toBe(2);
	});

	it('starts every job on schedule without waiting for earlier ones to end', async () => {
		const jobs = controlledJobs();
		const done = atFixedRate(3, 1_000, jobs.job);
		while (jobs.started.length < 3) await settle();
		expect(jobs.most()).toBe(3);
		jobs.finish.forEach((finish) => finish());
		await done;
	});
});
