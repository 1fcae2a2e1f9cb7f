// Stopping the detached processes the harnesses start (an n8n watchdog, the queue cluster's guard), from the process
// that started them: a polite TERM with a bounded wait, and a last-resort TERM if the starter ends without stopping them.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const FATAL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Sends TERM to `pid` and waits up to `timeoutMs` for it to be gone. Returns false if there was nothing to signal
 * (the process had already ended), true otherwise, whether or not it ended in time.
 */
export async function terminateAndWait(pid: number, timeoutMs: number): Promise<boolean> {
	try {
		process.kill(pid, 'SIGTERM');
	} catch {
		return false;
	}
	const deadline = Date.now() + timeoutMs;
	while (isAlive(pid) && Date.now() < deadline) await sleep(100);
	return true;
}

/**
 * Sends TERM to `pid` when this process exits or receives INT/TERM/HUP without having stopped it first. Returns the
 * function that removes these handlers (call it once the process is stopped the ordinary way).
 */
export function terminateOnExit(pid: number): () => void {
	const onExit = () => {
		try {
			process.kill(pid, 'SIGTERM');
		} catch {
			// already gone
		}
	};
	const onSignal = (signal: NodeJS.Signals) => {
		onExit();
		removeHandlers();
		// Die of the signal as the process would have without us, unless its owner handles the signal itself.
		if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
	};
	const removeHandlers = () => {
		process.off('exit', onExit);
		for (const signal of FATAL_SIGNALS) process.off(signal, onSignal);
	};
	process.on('exit', onExit);
	for (const signal of FATAL_SIGNALS) process.on(signal, onSignal);
	return removeHandlers;
}
