// Two ways to offer load: at a fixed rate whatever the answers (open loop), or as fast as the system takes it with a
// bounded number of jobs under way (closed loop).

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts job 0…count-1 at `perSecond`, on schedule even when earlier jobs are still under way; waits for all. */
export async function atFixedRate(count: number, perSecond: number, job: (index: number) => Promise<void>): Promise<void> {
	const started = performance.now();
	const jobs: Array<Promise<void>> = [];
	for (let index = 0; index < count; index++) {
		const wait = started + (index * 1000) / perSecond - performance.now();
		if (wait > 0) await sleep(wait);
		jobs.push(job(index));
	}
	await Promise.all(jobs);
}

/** Runs job 0…count-1 with at most `concurrency` under way, each next one starting as soon as one ends. */
export async function withConcurrency(count: number, concurrency: number, job: (index: number) => Promise<void>): Promise<void> {
	let next = 0;
	const lane = async () => {
		while (next < count) await job(next++);
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}
