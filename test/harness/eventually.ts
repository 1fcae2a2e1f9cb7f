// Waits for an effect that happens after an answer (n8n runs webhook lifecycle hooks and executions asynchronously).
export async function eventually<T>(
	what: string,
	probe: () => T | Promise<T>,
	done: (value: T) => boolean,
	timeoutMs = 30_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`still waiting after ${timeoutMs} ms for ${what}; last value: ${JSON.stringify(value)}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
