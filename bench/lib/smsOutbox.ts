// Watches the Braze simulator's SMS outbox for the SMS a bench expects: each must arrive exactly once, for its
// recipient, from its campaign, with its exact text, within the deadline. Anything else is written to `wrong`, which
// fails the bench: a wrong answer never counts as fast.
import type { BrazeSms } from '../../test/simulators/braze';

export interface ExpectedSms {
	/** The exact text; unique per delivery (the bench puts a sequence number in each reply). */
	text: string;
	externalUserId: string;
	campaignId: string;
}

interface Waiting {
	expected: ExpectedSms;
	deadline: number;
	arrived: (atMs: number) => void;
}

export class SmsOutbox {
	/** How far the outbox has been read. */
	private read = 0;

	private readonly waiting = new Map<string, Waiting>();

	/** Texts already received, so a second copy is caught however late it comes. */
	private readonly received = new Set<string>();

	private timer?: NodeJS.Timeout;

	constructor(
		private readonly outbox: readonly BrazeSms[],
		private readonly wrong: string[],
		private readonly now: () => number = Date.now,
	) {}

	/** Reads the outbox every millisecond (the simulator runs in this process: an SMS lands between two reads). */
	start(): void {
		this.timer ??= setInterval(() => this.scan(), 1);
	}

	stop(): void {
		clearInterval(this.timer);
		this.timer = undefined;
	}

	/**
	 * Resolves with the time Braze recorded the SMS (epoch ms), or NaN once `timeoutMs` passed without it (and the
	 * miss is written to `wrong`).
	 */
	expect(expected: ExpectedSms, timeoutMs: number): Promise<number> {
		if (this.waiting.has(expected.text) || this.received.has(expected.text)) {
			throw new Error(`SmsOutbox: the text "${expected.text}" is expected twice`);
		}
		return new Promise((arrived) => this.waiting.set(expected.text, { expected, deadline: this.now() + timeoutMs, arrived }));
	}

	get outstanding(): number {
		return this.waiting.size;
	}

	scan(): void {
		for (; this.read < this.outbox.length; this.read++) this.check(this.outbox[this.read]);
		const now = this.now();
		for (const [text, waiting] of this.waiting) {
			if (waiting.deadline > now) continue;
			this.waiting.delete(text);
			this.wrong.push(`no SMS "${text}" for ${waiting.expected.externalUserId} in time`);
			waiting.arrived(Number.NaN);
		}
	}

	private check(sms: BrazeSms): void {
		const waiting = this.waiting.get(sms.text);
		if (!waiting) {
			this.wrong.push(this.received.has(sms.text) ? `SMS "${sms.text}" sent twice` : `unexpected SMS "${sms.text}"`);
			return;
		}
		this.waiting.delete(sms.text);
		this.received.add(sms.text);
		const { externalUserId, campaignId } = waiting.expected;
		if (sms.externalUserId !== externalUserId || sms.campaignId !== campaignId) {
			this.wrong.push(`SMS "${sms.text}" went to ${String(sms.externalUserId)} by ${sms.campaignId}, not ${externalUserId} by ${campaignId}`);
		}
		waiting.arrived(Date.parse(sms.at));
	}
}
