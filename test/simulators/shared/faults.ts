// Injectable faults: by script (the next N matching requests) or by rate (seeded, so a failing run can be replayed).
import { matchesFilter, type RequestFilter } from './requestLog';

export type Fault =
	/** Answer this status instead of processing the request (body/headers default to the vendor's 5xx/429 answer). */
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	/** Answer only after `delayMs`: 'late' processes the request at once (the state changes), 'lost' never processes it. */
	| { kind: 'slow'; delayMs: number; mode: 'late' | 'lost' }
	/** Destroy the connection; with `afterProcessing` the request takes effect first (the answer is what gets lost). */
	| { kind: 'reset'; afterProcessing?: boolean };

export type ScriptedFault = Fault & RequestFilter & { /** How many matching requests it hits, default 1. */ times?: number };

export interface FaultRate extends RequestFilter {
	/** Chance per matching request, 0..1. */
	probability: number;
	/** One fault, or several picked at random. */
	faults: Fault | Fault[];
	/** Seed for repeatable runs (default 1). */
	seed?: number;
}

export function describeFault(fault: Fault): string {
	if (fault.kind === 'status') return `status:${fault.status}`;
	if (fault.kind === 'slow') return `slow:${fault.mode}`;
	return fault.afterProcessing ? 'reset:processed' : 'reset';
}

/** mulberry32: tiny, fast and good enough for fault dice. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface ActiveRate extends FaultRate {
	random: () => number;
}

export class FaultInjector {
	private queue: Array<ScriptedFault & { left: number }> = [];

	private rates: ActiveRate[] = [];

	/** Faults injected so far, in order. */
	readonly injected: Array<{ method: string; path: string; fault: string }> = [];

	/** Queue faults for the next matching requests, in order. */
	script(faults: ScriptedFault[]): this {
		for (const fault of faults) this.queue.push({ ...fault, left: fault.times ?? 1 });
		return this;
	}

	/** Inject faults on a share of matching requests. */
	rate(rate: FaultRate): this {
		if (rate.probability < 0 || rate.probability > 1) throw new RangeError('probability must be within 0..1');
		this.rates.push({ ...rate, random: seededRandom(rate.seed ?? 1) });
		return this;
	}

	clear(): void {
		this.queue = [];
		this.rates = [];
		this.injected.length = 0;
	}

	/** Scripted faults that have not fired yet. */
	get pending(): number {
		return this.queue.reduce((sum, fault) => sum + fault.left, 0);
	}

	/** The fault for this request, if any; consumes scripted entries. */
	next(method: string, path: string): Fault | undefined {
		const fault = this.fromScript(method, path) ?? this.fromRates(method, path);
		if (fault) this.injected.push({ method, path, fault: describeFault(fault) });
		return fault;
	}

	private fromScript(method: string, path: string): Fault | undefined {
		const index = this.queue.findIndex((entry) => matchesFilter(entry, method, path));
		if (index < 0) return undefined;
		const entry = this.queue[index];
		entry.left -= 1;
		if (entry.left <= 0) this.queue.splice(index, 1);
		return toFault(entry);
	}

	private fromRates(method: string, path: string): Fault | undefined {
		for (const rate of this.rates) {
			if (!matchesFilter(rate, method, path)) continue;
			if (rate.random() >= rate.probability) continue;
			const choices = Array.isArray(rate.faults) ? rate.faults : [rate.faults];
			return choices[Math.floor(rate.random() * choices.length)];
		}
		return undefined;
	}
}

function toFault(entry: ScriptedFault): Fault {
	if (entry.kind === 'status') return { kind: 'status', status: entry.status, body: entry.body, headers: entry.headers };
	if (entry.kind === 'slow') return { kind: 'slow', delayMs: entry.delayMs, mode: entry.mode };
	return { kind: 'reset', afterProcessing: entry.afterProcessing };
}
