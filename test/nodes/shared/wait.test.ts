import { sleepUnlessCancelled } from '../../../nodes/shared/wait';

// A wait that ignored its signal would run for a minute and fail the test on jest's timeout.
describe('sleepUnlessCancelled', () => {
	const MINUTE = 60_000;

	it('waits its time when nothing cancels it', async () => {
		jest.useFakeTimers();
		try {
			let done = false;
			const waiting = sleepUnlessCancelled(1_000, new AbortController().signal).then(() => (done = true));
			await jest.advanceTimersByTimeAsync(999);
			expect(done).toBe(false);
			await jest.advanceTimersByTimeAsync(1);
			await waiting;
			expect(done).toBe(true);
		} finally {
			jest.useRealTimers();
		}
	});

	it('stops waiting as soon as the execution is cancelled, with the cancel reason', async () => {
		const execution = new AbortController();
		const waiting = sleepUnlessCancelled(MINUTE, execution.signal);
		setImmediate(() => execution.abort(new Error('The execution was cancelled')));
		await expect(waiting).rejects.toThrow('The execution was cancelled');
	});

	it('does not start waiting for an execution already cancelled', async () => {
		const execution = new AbortController();
		execution.abort(new Error('The execution was cancelled'));
		await expect(sleepUnlessCancelled(MINUTE, execution.signal)).rejects.toThrow('The execution was cancelled');
	});
});
