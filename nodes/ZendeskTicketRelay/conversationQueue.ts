// Zendesk accepts 30 updates per ticket per API user per 10 minutes. A customer texting in a burst (40 SMS in a
// minute) would run out and lose the rest to 429s that last up to 10 minutes, far longer than Braze waits for an
// answer. So a conversation's messages go to Zendesk one write at a time: messages that arrive while a write is under
// way, or while the pace holds the next write back, wait together and go as one write. The first updates of a
// conversation are not held back; past them writes are spaced so that a ticket stays under Zendesk's limit however
// fast its customer texts. Everything lives in the n8n process: in queue mode each worker paces its own share, and
// Zendesk's own 429 (waited out by the transport, up to a minute) is the backstop. A message whose execution is
// cancelled while it waits leaves the queue and is never written; once part of a write, it goes through with it.
// A write may carry messages of several executions and is made in the context of its oldest message's execution: when
// it fails, its messages are tried again one by one, each in its own execution's context, so that one execution's
// failure (cancelled, its message refused) never fails another's message. Only when the failure is Zendesk's own (it
// is down: see zendeskUnavailable.ts) do they fail together, at once.
// Pure: no n8n import (the node hands it n8n's sleep).
import { MAX_DELIVERIES_PER_WRITE } from './relayMarker';

export interface Pace {
	/** Writes a conversation may make within `windowMs` before the next ones are spaced. */
	freeWrites: number;
	/** Time between two writes once the free ones are used. */
	spacingMs: number;
	windowMs: number;
	/** Most messages in one write. */
	maxBatch: number;
}

/**
 * Zendesk's ticket limit, 30 per 10 minutes, never reached by one process: at most 10 free writes plus one every
 * 35 s (17) in any 10 minutes. A message waits at most about 35 s for its turn, well inside Braze's 90 s timeout.
 */
export const ZENDESK_TICKET_PACE: Pace = { freeWrites: 10, spacingMs: 35_000, windowMs: 600_000, maxBatch: MAX_DELIVERIES_PER_WRITE };

/** How long the next write of a conversation must wait, given when its earlier writes started (oldest first). */
export function delayBeforeNextWrite(writes: readonly number[], now: number, pace: Pace): number {
	const recent = writes.filter((at) => at > now - pace.windowMs);
	if (recent.length < pace.freeWrites) return 0;
	return Math.max(0, recent[recent.length - 1] + pace.spacingMs - now);
}

/** Relays a batch of one conversation's messages in one write: one result per message, in order. */
export type BatchRelay<M, R> = (batch: M[]) => Promise<R[]>;

/** Waits `ms`; ends early (rejecting, or resolving) once `signal` aborts. The node passes n8n's sleep. */
export type Wait = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface QueueSettings {
	/** Now, in milliseconds; Date.now unless a test drives the clock. */
	clock?: () => number;
	/**
	 * Whether a failed write's error is one every message would meet alone (the vendor is down): its messages then
	 * fail together with it instead of being tried again one by one. Never, unless given.
	 */
	failsTogether?: (error: unknown) => boolean;
}

interface Waiting<M, R> {
	message: M;
	relayBatch: BatchRelay<M, R>;
	/** Its execution's cancel signal. */
	signal?: AbortSignal;
	resolve: (result: R) => void;
	reject: (error: unknown) => void;
}

interface Conversation<M, R> {
	waiting: Array<Waiting<M, R>>;
	writing: boolean;
	/** When its writes of the last window started, oldest first. */
	writes: number[];
	/** Ends the wait for the pace early: aborted when the last waiting message leaves. */
	paceWait?: AbortController;
}

export class ConversationQueue<M, R> {
	private readonly conversations = new Map<string, Conversation<M, R>>();
	private lastSweep = 0;
	private readonly clock: () => number;
	private readonly failsTogether: (error: unknown) => boolean;

	constructor(
		private readonly pace: Pace,
		private readonly wait: Wait,
		{ clock = Date.now, failsTogether = () => false }: QueueSettings = {},
	) {
		this.clock = clock;
		this.failsTogether = failsTogether;
	}

	/**
	 * Relays one execution's messages in their turn in conversation `key`, all joining the queue before the next write
	 * starts, so that they go together (up to the pace's maxBatch). One promise per message, in order: it resolves with
	 * the message's own result, or rejects with the error of its own write. A batch is written with the `relayBatch` of
	 * its oldest message; if that write fails, each of its messages is written again alone with its own `relayBatch`,
	 * unless `failsTogether` says the error is everyone's. When `signal` (n8n's execution cancel signal) aborts before
	 * a message's write starts, or before it is tried again alone, the message leaves the queue unwritten and its
	 * promise rejects with the signal's reason.
	 */
	relayEach(key: string, messages: M[], relayBatch: BatchRelay<M, R>, signal?: AbortSignal): Array<Promise<R>> {
		this.forgetIdle();
		let conversation = this.conversations.get(key);
		if (!conversation) this.conversations.set(key, (conversation = { waiting: [], writing: false, writes: [] }));
		const turn = conversation;
		const results = messages.map((message) => this.enqueue(turn, message, relayBatch, signal));
		if (!turn.writing && turn.waiting.length > 0) void this.drain(turn);
		return results;
	}

	/** Conversations kept: with messages waiting, a write under way or writes in the window. */
	get size(): number {
		return this.conversations.size;
	}

	/** Forgets every conversation, as a restarted n8n process would. */
	clear(): void {
		this.conversations.clear();
	}

	private enqueue(conversation: Conversation<M, R>, message: M, relayBatch: BatchRelay<M, R>, signal?: AbortSignal): Promise<R> {
		return new Promise<R>((resolve, reject) => {
			if (signal?.aborted) return reject(signal.reason);
			const entry: Waiting<M, R> = { message, relayBatch, signal, resolve, reject };
			if (signal) {
				const withdraw = () => this.withdraw(conversation, entry, signal.reason);
				signal.addEventListener('abort', withdraw, { once: true });
				entry.resolve = (result) => {
					signal.removeEventListener('abort', withdraw);
					resolve(result);
				};
				entry.reject = (error) => {
					signal.removeEventListener('abort', withdraw);
					reject(error);
				};
			}
			conversation.waiting.push(entry);
		});
	}

	/** Takes a message whose execution was cancelled out of the queue, unless its write has started. */
	private withdraw(conversation: Conversation<M, R>, entry: Waiting<M, R>, reason: unknown): void {
		const index = conversation.waiting.indexOf(entry);
		if (index === -1) return;
		conversation.waiting.splice(index, 1);
		entry.reject(reason);
		if (conversation.waiting.length === 0) conversation.paceWait?.abort();
	}

	/** Waits until the pace allows the next write, or until no message is left waiting. */
	private async waitForPace(conversation: Conversation<M, R>, delay: number): Promise<void> {
		const paceWait = new AbortController();
		conversation.paceWait = paceWait;
		try {
			await this.wait(delay, paceWait.signal);
		} catch {
			// Ended early: every waiting message was withdrawn.
		} finally {
			conversation.paceWait = undefined;
		}
	}

	private async drain(conversation: Conversation<M, R>): Promise<void> {
		conversation.writing = true;
		while (conversation.waiting.length > 0) {
			const delay = delayBeforeNextWrite(conversation.writes, this.clock(), this.pace);
			if (delay > 0) {
				await this.waitForPace(conversation, delay);
				continue; // who is still waiting, and the pace, are looked at again
			}
			const batch = conversation.waiting.splice(0, this.pace.maxBatch);
			const failure = await this.write(conversation, batch);
			if (!failure) continue;
			if (batch.length > 1 && !this.failsTogether(failure.error)) await this.writeEachAlone(conversation, batch);
			else for (const entry of batch) entry.reject(failure.error);
		}
		conversation.writing = false;
	}

	/**
	 * Writes the batch with its oldest message's relayBatch and resolves its messages; on failure, leaves them pending
	 * and returns the error.
	 */
	private async write(conversation: Conversation<M, R>, batch: Array<Waiting<M, R>>): Promise<{ error: unknown } | undefined> {
		const now = this.clock();
		conversation.writes = [...conversation.writes.filter((at) => at > now - this.pace.windowMs), now];
		try {
			const results = await batch[0].relayBatch(batch.map((entry) => entry.message));
			batch.forEach((entry, index) => entry.resolve(results[index]));
			return undefined;
		} catch (error) {
			return { error };
		}
	}

	/**
	 * After a failed write of several messages: each is written alone, in order, in its own execution's context, right
	 * away (it already had its turn; the pace counts these writes for the next ones). A message that landed with the
	 * failed write is recognised on the ticket, not added again. A cancelled execution's message is not tried again.
	 * Once Zendesk shows it is down, the messages left fail with that error rather than each waiting it out.
	 */
	private async writeEachAlone(conversation: Conversation<M, R>, batch: Array<Waiting<M, R>>): Promise<void> {
		for (const [index, entry] of batch.entries()) {
			if (entry.signal?.aborted) {
				entry.reject(entry.signal.reason);
				continue;
			}
			const failure = await this.write(conversation, [entry]);
			if (!failure) continue;
			entry.reject(failure.error);
			if (this.failsTogether(failure.error)) {
				for (const left of batch.slice(index + 1)) left.reject(failure.error);
				return;
			}
		}
	}

	/** Drops conversations that are idle and past their window, at most every tenth of a window, so the map stays small. */
	private forgetIdle(): void {
		const now = this.clock();
		if (now - this.lastSweep < this.pace.windowMs / 10) return;
		this.lastSweep = now;
		for (const [key, conversation] of this.conversations) {
			const lastWrite = conversation.writes[conversation.writes.length - 1] ?? 0;
			if (!conversation.writing && conversation.waiting.length === 0 && lastWrite <= now - this.pace.windowMs) {
				this.conversations.delete(key);
			}
		}
	}
}
