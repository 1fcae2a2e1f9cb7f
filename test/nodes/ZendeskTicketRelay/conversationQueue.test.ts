// The per-conversation queue on a simulated clock: one write at a time per conversation, messages that wait go
// together, order kept, and the pace that keeps a ticket under Zendesk's 30 updates per 10 minutes.
import {
	ConversationQueue,
	delayBeforeNextWrite,
	ZENDESK_TICKET_PACE,
	type BatchRelay,
	type Pace,
} from '../../../nodes/ZendeskTicketRelay/conversationQueue';
import { isZendeskUnavailable } from '../../../nodes/ZendeskTicketRelay/zendeskUnavailable';
import { VendorRequestError } from '../../../nodes/shared/vendorError';

/** One message of its own execution. */
async function relayOne(
	queue: ConversationQueue<string, string>,
	key: string,
	message: string,
	relayBatch: BatchRelay<string, string>,
	signal?: AbortSignal,
): Promise<string> {
	const [result] = queue.relayEach(key, [message], relayBatch, signal);
	return await result;
}

const PACE: Pace = { freeWrites: 3, spacingMs: 1_000, windowMs: 10_000, maxBatch: 4 };

/** A clock that only moves when the queue sleeps, and a log of the batches written and when. */
function harness(pace = PACE) {
	let now = 0;
	const batches: Array<{ at: number; messages: string[] }> = [];
	const queue = new ConversationQueue<string, string>(
		pace,
		async (ms) => {
			// Time passes only once the sleeper has let everything else that was ready run first.
			await Promise.resolve();
			now += ms;
		},
		{ clock: () => now },
	);
	const relay = async (key: string, message: string) =>
		await relayOne(queue, key, message, async (batch) => {
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

	it('fails a lone message whose write fails with its error, and goes on with the next ones', async () => {
		let fail = true;
		const queue = new ConversationQueue<string, string>(PACE, async () => {});
		const relayBatch = async (batch: string[]) => {
			if (fail) {
				fail = false;
				throw new Error('Zendesk said no');
			}
			return batch.map((text) => `${text} ok`);
		};
		const first = relayOne(queue, 'marie', 'a', relayBatch);
		const second = relayOne(queue, 'marie', 'b', relayBatch);
		await expect(first).rejects.toThrow('Zendesk said no');
		await expect(second).resolves.toBe('b ok');
	});

	it("puts one execution's messages of a conversation into one write, in order", async () => {
		const { queue, batches } = harness();
		const relayBatch = async (batch: string[]) => {
			batches.push({ at: 0, messages: batch });
			return batch.map((text) => `${text} ok`);
		};
		const results = await Promise.all(queue.relayEach('marie', ['a', 'b', 'c'], relayBatch));
		expect(batches.map((batch) => batch.messages)).toEqual([['a', 'b', 'c']]);
		expect(results).toEqual(['a ok', 'b ok', 'c ok']);
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

describe('ConversationQueue when a write of several messages fails', () => {
	/**
	 * Executions writing into one ticket. A first message holds the conversation's write until `open()`, so that the
	 * messages relayed meanwhile wait and go together in the next write. Each write is recorded with the execution
	 * whose relayBatch made it; `refuse` decides whether Zendesk refuses a batch, and with what.
	 */
	function sharedTicket(refuse: (batch: string[]) => unknown = () => undefined) {
		const queue = new ConversationQueue<string, string>(PACE, async () => {}, { failsTogether: isZendeskUnavailable });
		const ticket: string[] = [];
		const writes: Array<{ by: string; messages: string[] }> = [];
		const execution =
			(by: string, before: () => Promise<void> = async () => {}) =>
			async (batch: string[]) => {
				writes.push({ by, messages: batch });
				await before();
				const error = refuse(batch);
				if (error) throw error;
				ticket.push(...batch);
				return batch.map((text) => `${text} by ${by}`);
			};
		let open = () => {};
		const opened = new Promise<void>((resolve) => (open = resolve));
		const opener = relayOne(queue, 'marie', 'opener', execution('O', async () => await opened));
		const relay = (message: string, by: string, signal?: AbortSignal, before?: () => Promise<void>) =>
			relayOne(queue, 'marie', message, execution(by, before), signal);
		return { ticket, writes, relay, open: async () => (open(), await opener) };
	}
	const settled = async () => await new Promise((resolve) => setImmediate(resolve));
	const zendeskDown = new VendorRequestError('zendesk', 'PUT', '/api/v2/tickets/7.json', {
		statusCode: 503,
		attempts: 5,
		reason: 'server error (503), still failing after 5 tries',
	});
	const refusedData = new VendorRequestError('zendesk', 'PUT', '/api/v2/tickets/7.json', {
		statusCode: 422,
		body: { error: 'RecordInvalid', description: 'Comment: Value is too long' },
		attempts: 1,
		reason: 'HTTP 422',
	});

	it("tries each message again alone with its own execution's relayBatch: only the refused one fails", async () => {
		const { ticket, writes, relay, open } = sharedTicket((batch) => (batch.includes('too long') ? refusedData : undefined));
		const results = Promise.allSettled([relay('a', 'A'), relay('too long', 'B'), relay('c', 'C')]);
		await open();
		const [a, tooLong, c] = await results;
		expect(a).toEqual({ status: 'fulfilled', value: 'a by A' });
		expect(tooLong).toEqual({ status: 'rejected', reason: refusedData });
		expect(c).toEqual({ status: 'fulfilled', value: 'c by C' });
		expect(writes.slice(1)).toEqual([
			{ by: 'A', messages: ['a', 'too long', 'c'] },
			{ by: 'A', messages: ['a'] },
			{ by: 'B', messages: ['too long'] },
			{ by: 'C', messages: ['c'] },
		]);
		expect(ticket).toEqual(['opener', 'a', 'c']);
	});

	it("writes the others under their own executions when the write's owner is cancelled mid-write", async () => {
		const { ticket, writes, relay, open } = sharedTicket();
		const owner = new AbortController();
		// The owner's write waits (as the transport waits out a 429) until its execution is cancelled.
		const untilCancelled = async () =>
			await new Promise<void>((_resolve, reject) => owner.signal.addEventListener('abort', () => reject(owner.signal.reason)));
		const mine = relay('mine', 'A', owner.signal, untilCancelled);
		const theirs = relay('theirs', 'B');
		await open();
		await settled();
		expect(writes.at(-1)).toEqual({ by: 'A', messages: ['mine', 'theirs'] });
		owner.abort(new Error('The execution was cancelled'));

		await expect(mine).rejects.toThrow('The execution was cancelled');
		await expect(theirs).resolves.toBe('theirs by B');
		expect(writes.slice(2)).toEqual([{ by: 'B', messages: ['theirs'] }]);
		expect(ticket).toEqual(['opener', 'theirs']);
	});

	it('fails every message at once with the error when Zendesk is down past the retries, without trying each again', async () => {
		const { ticket, writes, relay, open } = sharedTicket((batch) => (batch.includes('opener') ? undefined : zendeskDown));
		const results = Promise.allSettled([relay('a', 'A'), relay('b', 'B'), relay('c', 'C')]);
		await open();
		expect(await results).toEqual(Array(3).fill({ status: 'rejected', reason: zendeskDown }));
		expect(writes.slice(1)).toEqual([{ by: 'A', messages: ['a', 'b', 'c'] }]);
		expect(ticket).toEqual(['opener']);
	});

	it('stops trying the messages alone once Zendesk turns out to be down: the ones left fail with that error', async () => {
		let tries = 0;
		const { writes, relay, open } = sharedTicket((batch) => {
			if (batch.includes('opener')) return undefined;
			tries++;
			return tries === 1 ? refusedData : zendeskDown;
		});
		const results = Promise.allSettled([relay('a', 'A'), relay('b', 'B'), relay('c', 'C')]);
		await open();
		expect((await results).map((result) => (result.status === 'rejected' ? result.reason : result))).toEqual([
			zendeskDown,
			zendeskDown,
			zendeskDown,
		]);
		expect(writes.slice(1)).toEqual([
			{ by: 'A', messages: ['a', 'b', 'c'] },
			{ by: 'A', messages: ['a'] },
		]);
	});
});

describe('ConversationQueue when an execution is cancelled', () => {
	/**
	 * The pace holds a message back until the test lets time pass (`release`) or the wait's signal aborts; the writes
	 * made and the waits' signals are recorded.
	 */
	function pacedQueue() {
		let now = 0;
		const waits: Array<{ signal: AbortSignal; release: () => void }> = [];
		const queue = new ConversationQueue<string, string>(
			{ ...PACE, freeWrites: 1 },
			async (ms, signal) =>
				await new Promise<void>((resolve, reject) => {
					const release = () => {
						now += ms;
						resolve();
					};
					waits.push({ signal: signal as AbortSignal, release });
					signal?.addEventListener('abort', () => reject(signal.reason));
				}),
			{ clock: () => now },
		);
		const written: string[][] = [];
		const relay = async (message: string, signal?: AbortSignal) =>
			await relayOne(queue, 'marie', message, async (batch) => {
				written.push(batch);
				return batch.map((text) => `${text} ok`);
			}, signal);
		return { relay, written, waits };
	}
	const cancelled = () => new Error('The execution was cancelled');

	it('takes a waiting message out of the queue unwritten, rejects it with the reason, and writes the others', async () => {
		const { relay, written, waits } = pacedQueue();
		await relay('first');
		const execution = new AbortController();
		const mine = relay('mine', execution.signal);
		const theirs = relay('theirs');
		await Promise.resolve();
		execution.abort(cancelled());
		await expect(mine).rejects.toThrow('The execution was cancelled');
		expect(waits).toHaveLength(1);
		expect(waits[0].signal.aborted).toBe(false); // "theirs" still waits for the pace
		waits[0].release();
		await expect(theirs).resolves.toBe('theirs ok');
		expect(written).toEqual([['first'], ['theirs']]);
	});

	it("ends the pace's wait once every waiting message has left, and serves the next message afresh", async () => {
		const { relay, written, waits } = pacedQueue();
		await relay('first');
		const execution = new AbortController();
		const mine = relay('mine', execution.signal);
		await Promise.resolve();
		expect(waits).toHaveLength(1);
		execution.abort(cancelled());
		await expect(mine).rejects.toThrow('The execution was cancelled');
		expect(waits[0].signal.aborted).toBe(true);
		// The drain that waited has stopped: a later message starts a new one, which waits for the pace in turn.
		void relay('later');
		await new Promise((resolve) => setImmediate(resolve));
		expect(waits).toHaveLength(2);
		expect(written).toEqual([['first']]);
	});

	it('refuses at once a message whose execution is already cancelled', async () => {
		const { relay, written } = pacedQueue();
		const execution = new AbortController();
		execution.abort(cancelled());
		await expect(relay('late', execution.signal)).rejects.toThrow('The execution was cancelled');
		expect(written).toEqual([]);
	});

	it('lets a message whose write has started go through: a write half done is not undone', async () => {
		const execution = new AbortController();
		const queue = new ConversationQueue<string, string>(PACE, async () => {});
		const result = relayOne(queue, 'marie', 'hello', async (batch) => {
			execution.abort(cancelled());
			return batch.map((text) => `${text} ok`);
		}, execution.signal);
		await expect(result).resolves.toBe('hello ok');
	});
});
