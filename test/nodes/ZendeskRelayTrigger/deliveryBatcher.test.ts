import { DeliveryBatcher, type Wait } from '../../../nodes/ZendeskRelayTrigger/deliveryBatcher';

/** A clock the test moves, and waits that end when the test says (or when their signal aborts). */
function manualTime() {
	let now = 1_000;
	const pending: Array<{ ms: number; end: () => void }> = [];
	const wait: Wait = async (ms, signal) =>
		await new Promise<void>((resolve, reject) => {
			signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
			pending.push({ ms, end: resolve });
		});
	return {
		clock: () => now,
		advance: (ms: number) => (now += ms),
		wait,
		pending,
		endWaits: () => pending.splice(0).forEach((waiting) => waiting.end()),
	};
}

describe('DeliveryBatcher', () => {
	it('starts at once a delivery that comes a whole window or more after the previous one', async () => {
		const time = manualTime();
		const batcher = new DeliveryBatcher<string>(time.wait, time.clock);
		expect(await batcher.gather('agentReply', 'a', 20)).toEqual(['a']);
		time.advance(20);
		expect(await batcher.gather('agentReply', 'b', 20)).toEqual(['b']);
		expect(time.pending).toHaveLength(0);
	});

	it('gathers a burst: the delivery right after another waits the window, those that follow join its execution', async () => {
		const time = manualTime();
		const batcher = new DeliveryBatcher<string>(time.wait, time.clock);
		expect(await batcher.gather('agentReply', 'a', 20)).toEqual(['a']);
		time.advance(5);
		const leader = batcher.gather('agentReply', 'b', 20);
		expect(time.pending.map((waiting) => waiting.ms)).toEqual([20]);
		time.advance(5);
		expect(await batcher.gather('agentReply', 'c', 20)).toBeUndefined();
		expect(await batcher.gather('agentReply', 'd', 20)).toBeUndefined();
		time.endWaits();
		expect(await leader).toEqual(['b', 'c', 'd']);
		// The window closed: the next burst opens its own execution.
		time.advance(1);
		const next = batcher.gather('agentReply', 'e', 20);
		time.endWaits();
		expect(await next).toEqual(['e']);
	});

	it('starts a full execution at once, without waiting out the window, and opens the next one for later deliveries', async () => {
		const time = manualTime();
		const batcher = new DeliveryBatcher<number>(time.wait, time.clock, 3);
		await batcher.gather('agentReply', 0, 50);
		const leader = batcher.gather('agentReply', 1, 50);
		await batcher.gather('agentReply', 2, 50);
		await batcher.gather('agentReply', 3, 50);
		expect(await leader).toEqual([1, 2, 3]);
		const nextLeader = batcher.gather('agentReply', 4, 50);
		time.endWaits();
		expect(await nextLeader).toEqual([4]);
	});

	it('never puts two events in one execution', async () => {
		const time = manualTime();
		const batcher = new DeliveryBatcher<string>(time.wait, time.clock);
		await batcher.gather('agentReply', 'reply-0', 20);
		const replies = batcher.gather('agentReply', 'reply-1', 20);
		expect(await batcher.gather('ticketSolved', 'solved-0', 20)).toEqual(['solved-0']);
		expect(await batcher.gather('agentReply', 'reply-2', 20)).toBeUndefined();
		time.endWaits();
		expect(await replies).toEqual(['reply-1', 'reply-2']);
	});

	it('with a window of 0 starts every delivery alone', async () => {
		const time = manualTime();
		const batcher = new DeliveryBatcher<string>(time.wait, time.clock);
		const started = await Promise.all(['a', 'b', 'c'].map(async (item) => await batcher.gather('agentReply', item, 0)));
		expect(started).toEqual([['a'], ['b'], ['c']]);
		expect(time.pending).toHaveLength(0);
	});
});
