// The package's one way to wait (between a request's tries, for a conversation's turn): n8n's own sleep, as n8n's rules
// for community nodes ask instead of timer globals, ended as soon as the execution is cancelled.
import { sleep } from 'n8n-workflow';

/**
 * Waits `ms`; rejects with the signal's reason as soon as `signal` aborts. Give it n8n's execution cancel signal
 * (`this.getExecutionCancelSignal()`) so that a cancelled execution stops waiting at once.
 */
export async function sleepUnlessCancelled(ms: number, signal?: AbortSignal): Promise<void> {
	await sleep(ms, signal);
	// n8n 1.x's sleep takes no signal: there the wait runs its course, and a cancelled execution stops here instead.
	signal?.throwIfAborted();
}

