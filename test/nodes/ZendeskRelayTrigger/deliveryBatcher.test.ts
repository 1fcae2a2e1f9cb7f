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
	it('starts at once deliveries that come one after the other, each a little after the previous one', async () => {
		const time = manualTime();
		const batcher = new DeliveryBatcher<string>(time.wait, time.clock);
		for (const item of ['a', 'b', 'c', 'd']) {
			expect(await batcher.gather('agentReply', item, 20)).toEqual([item]);
			time.advance(15);
		}
		expect(time.pending).toHaveLength(0);
	});

	it('gathers a burst: a delivery that comes when two others came within the window waits it out, those that follow join it', async () => {
		const time = manualTime();
		const batcher = new DeliveryBatcher<string>(time.wait, time.clock);
		expect(await batcher.gather('agentReply', 'a', 20)).toEqual(['a']);
		time.advance(5);
		expect(await batcher.gather('agentReply', 'b', 20)).toEqual(['b']);
		time.advance(5);
		const leader = batcher.gather('agentReply', 'c', 20);
		expect(time.pending.map((waiting) => waiting.ms)).toEqual([20]);
		time.advance(5);
		expect(await batcher.gather('agentReply', 'd', 20)).toBeUndefined();
		expect(await batcher.gather('agentReply', 'e', 20)).toBeUndefined();
		time.endWaits();
		expect(await leader).toEqual(['c', 'd', 'e']);
		// The burst goes on: the next delivery opens the next execution.
		time.advance(1);
		const next = batcher.gather('agentReply', 'f', 20);
		time.endWaits();
		expect(await next).toEqual(['f']);
	});

	it('starts a full execution at once, without waiting out the window, and opens the next one for later deliveries', async () => {
		const time = manualTime();
		const batcher = new DeliveryBatcher<number>(time.wait, time.clock, 3);
		await batcher.gather('agentReply', -1, 50);
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
		await batcher.gather('agentReply', 'reply-1', 20);
		const replies = batcher.gather('agentReply', 'reply-2', 20);
		expect(await batcher.gather('ticketSolved', 'solved-0', 20)).toEqual(['solved-0']);
		expect(await batcher.gather('agentReply', 'reply-3', 20)).toBeUndefined();
		time.endWaits();
		expect(await replies).toEqual(['reply-2', 'reply-3']);
	});

	it('with a window of 0 starts every delivery alone', async () => {
		const time = manualTime();
		const batcher = new DeliveryBatcher<string>(time.wait, time.clock);
		const started = await Promise.all(['a', 'b', 'c'].map(async (item) => await batcher.gather('agentReply', item, 0)));
		expect(started).toEqual([['a'], ['b'], ['c']]);
		expect(time.pending).toHaveLength(0);
	});
});
