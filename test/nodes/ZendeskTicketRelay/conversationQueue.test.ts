// The per-conversation queue on a simulated clock: one write at a time per conversation, messages that wait go
// together, order kept, and the pace that keeps a ticket under Zendesk's 30 updates per 10 minutes.
import {
	ConversationQueue,
	delayBeforeNextWrite,
	ZENDESK_TICKET_PACE,
	type Pace,
} from '../../../nodes/ZendeskTicketRelay/conversationQueue';

const PACE: Pace = { freeWrites: 3, spacingMs: 1_000, windowMs: 10_000, maxBatch: 4 };

/** A clock that only moves when the queue sleeps, and a log of the batches written and when. */
function harness(pace = PACE) {
	let now = 0;
	const batches: Array<{ at: number; messages: string[] }> = [];
	const queue = new ConversationQueue<string, string>(
		pace,
		() => now,
		async (ms) => {
			// Time passes only once the sleeper has let everything else that was ready run first.
			await Promise.resolve();
			now += ms;
		},
	);
	const relay = async (key: string, message: string) =>
		await queue.relay(key, message, async (batch) => {
			batches.push({ at: now, messages: batch });
			await Promise.resolve();
			return batch.map((text) => `${text} in write ${batches.length}`);
		});
	return { queue, relay, batches, advance: (ms: number) => (now += ms) };
}

describe('delayBeforeNextWrite', () => {
	it('lets the free writes of a window go at once, then spaces the next ones from the last', () => {
		expect(delayBeforeNextWrite([], 0, PACE)).toBe(0);
		expect(delayBeforeNextWrite([0, 100], 200, PACE)).toBe(0);
		expect(delayBeforeNextWrite([0, 100, 200], 300, PACE)).toBe(900);
		expect(delayBeforeNextWrite([0, 100, 200], 1_500, PACE)).toBe(0);
	});

	it('forgets writes older than the window', () => {
		expect(delayBeforeNextWrite([0, 100, 200], 10_150, PACE)).toBe(0);
	});

	it("keeps any 10 minutes of one conversation under Zendesk's 30 updates, however fast the customer texts", () => {
		const writes: number[] = [];
		for (let now = 0; now < 3_600_000; now += 500) {
			if (delayBeforeNextWrite(writes, now, ZENDESK_TICKET_PACE) === 0) writes.push(now);
		}
		const busiestWindow = Math.max(...writes.map((start) => writes.filter((at) => at >= start && at < start + 600_000).length));
		expect(busiestWindow).toBeLessThanOrEqual(28);
		expect(busiestWindow).toBeGreaterThanOrEqual(25);
	});
});

describe('ConversationQueue', () => {
	it('writes a lone message at once, on its own', async () => {
		const { relay, batches } = harness();
		await expect(relay('marie', 'hello')).resolves.toBe('hello in write 1');
		expect(batches).toEqual([{ at: 0, messages: ['hello'] }]);
	});

	it('puts the messages that arrive during a write into the next write, in the order they came', async () => {
		const { relay, batches } = harness();
		const results = await Promise.all(['a', 'b', 'c', 'd'].map((text) => relay('marie', text)));
		expect(batches.map((batch) => batch.messages)).toEqual([['a'], ['b', 'c', 'd']]);
		expect(results).toEqual(['a in write 1', 'b in write 2', 'c in write 2', 'd in write 2']);
	});

	it('never puts more than maxBatch messages in one write', async () => {
		const { relay, batches } = harness();
		await Promise.all(Array.from({ length: 10 }, (_, index) => relay('marie', `m${index}`)));
		expect(batches.map((batch) => batch.messages.length)).toEqual([1, 4, 4, 1]);
		expect(batches.flatMap((batch) => batch.messages)).toEqual(Array.from({ length: 10 }, (_, index) => `m${index}`));
	});

	it('spaces writes once the free ones are used, and the waiting messages go together', async () => {
		const { relay, batches, advance } = harness();
		for (const text of ['1', '2', '3']) await relay('marie', text);
		advance(100);
		await Promise.all(['4', '5'].map((text) => relay('marie', text)));
		expect(batches.map(({ at, messages }) => [at, messages])).toEqual([
			[0, ['1']],
			[0, ['2']],
			[0, ['3']],
			[1_000, ['4', '5']],
		]);
	});

	it('keeps conversations apart: one customer waiting for the pace never holds another back', async () => {
		const { relay, batches } = harness();
		for (const text of ['1', '2', '3']) await relay('marie', text);
		await Promise.all([relay('marie', '4'), relay('paul', 'hi')]);
		expect(batches.slice(-2)).toEqual([
			{ at: 0, messages: ['hi'] },
			{ at: 1_000, messages: ['4'] },
		]);
	});

	it('fails every message of a failed write with its error, and goes on with the next ones', async () => {
		let fail = true;
		const queue = new ConversationQueue<string, string>(PACE);
		const relayBatch = async (batch: string[]) => {
			if (fail) {
				fail = false;
				throw new Error('Zendesk said no');
			}
			return batch.map((text) => `${text} ok`);
		};
		const first = queue.relay('marie', 'a', relayBatch);
		const second = queue.relay('marie', 'b', relayBatch);
		await expect(first).rejects.toThrow('Zendesk said no');
		await expect(second).resolves.toBe('b ok');
	});

	it('forgets a conversation once it is idle and its window has passed', async () => {
		const { queue, relay, advance } = harness();
		await relay('marie', 'hello');
		expect(queue.size).toBe(1);
		advance(PACE.windowMs + 1);
		await relay('paul', 'hi');
		expect(queue.size).toBe(1);
	});
});
