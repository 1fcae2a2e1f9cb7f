// Deliveries that arrive in a burst (an agent's macro on many tickets, Zendesk catching up after an outage) start one
// execution together instead of one each: what bounds how many SMS a second n8n sends is its own cost per execution,
// not the relay's work, and Braze Trigger Send puts up to 50 recipients in one request. A delivery that comes alone
// starts its execution at once, so a quiet account waits for nothing; one that comes within the window after the
// previous one waits, with those that join it, until the window has passed or the execution is full (the price: replies
// that follow each other that closely wait up to the window, milliseconds beside an SMS's way to a phone). Only deliveries
// of the same group (the node passes the event) share an execution, so an execution takes one branch of the workflow
// and one branch's failure never holds back another's SMS. Pure: no n8n import (the node hands it n8n's sleep).
import type { RelayItem } from './payload';

/** Waits `ms`; ends early (rejecting, or resolving) once `signal` aborts. The node passes n8n's sleep. */
export type Wait = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Braze's cap on recipients in one campaign send: a full execution is one request. */
export const MAX_DELIVERIES_PER_EXECUTION = 50;

interface Gathering<T> {
	items: T[];
	/** Aborted when the execution is full, so that it starts without waiting out the window. */
	full: AbortController;
}

export class DeliveryBatcher<T> {
	private readonly lastArrival = new Map<string, number>();
	private readonly open = new Map<string, Gathering<T>>();

	constructor(
		private readonly wait: Wait,
		private readonly clock: () => number = Date.now,
		private readonly maxItems = MAX_DELIVERIES_PER_EXECUTION,
	) {}

	/**
	 * The items to start an execution with (this delivery's first, then those that joined it, in arrival order), or
	 * undefined when this delivery joined the execution another delivery is gathering.
	 */
	async gather(group: string, item: T, windowMs: number): Promise<T[] | undefined> {
		const now = this.clock();
		const previous = this.lastArrival.get(group);
		this.lastArrival.set(group, now);
		const open = this.open.get(group);
		if (open) {
			open.items.push(item);
			if (open.items.length >= this.maxItems) this.close(group, open);
			return undefined;
		}
		if (!(windowMs > 0) || previous === undefined || now - previous >= windowMs) return [item];
		const gathering: Gathering<T> = { items: [item], full: new AbortController() };
		this.open.set(group, gathering);
		try {
			await this.wait(windowMs, gathering.full.signal);
		} catch {
			// Ended early: the execution is full.
		}
		this.close(group, gathering);
		return gathering.items;
	}

	private close(group: string, gathering: Gathering<T>): void {
		if (this.open.get(group) === gathering) this.open.delete(group);
		gathering.full.abort();
	}
}

/** One batcher per trigger node (workflow id + node name) in this process. */
const batchers = new Map<string, DeliveryBatcher<RelayItem>>();

export function deliveryBatcherFor(scope: string, wait: Wait): DeliveryBatcher<RelayItem> {
	let batcher = batchers.get(scope);
	if (!batcher) batchers.set(scope, (batcher = new DeliveryBatcher<RelayItem>(wait)));
	return batcher;
}
