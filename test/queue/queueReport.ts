// The queue-mode run's report: which worker ran how many executions, and what became of every message per direction
// (delivered exactly once, lost, duplicated, errored). Pure: the run (cluster.spec.ts) gathers the facts.
import type { ExecutionLog } from '../../scripts/queue/cluster';
import { classify, formatTable, summarize, type DirectionSummary } from '../chaos/tally';

export interface WorkerFigures {
	/** Executions each worker started, by worker name. */
	perWorker: Record<string, number>;
	/** Executions put on the queue. */
	enqueued: number;
	/** Enqueued executions no worker started. */
	onNoWorker: string[];
	/** Executions more than one worker started (a job taken twice). */
	onSeveralWorkers: string[];
}

export function workerFigures({ enqueued, startedBy }: ExecutionLog): WorkerFigures {
	const starts = new Map<string, number>();
	for (const ids of Object.values(startedBy)) for (const id of ids) starts.set(id, (starts.get(id) ?? 0) + 1);
	return {
		perWorker: Object.fromEntries(Object.entries(startedBy).map(([worker, ids]) => [worker, ids.length])),
		enqueued: enqueued.length,
		onNoWorker: enqueued.filter((id) => !starts.has(id)),
		onSeveralWorkers: [...starts].filter(([, count]) => count > 1).map(([id]) => id),
	};
}

/**
 * A burst's inbound messages, from the texts relayed into the customer's tickets (a comment may carry several) and
 * Braze's last answer per message: none relayed and Braze told of a failure is an error its campaign log shows.
 */
export function burstSummary(texts: string[], relayed: string[], finalStatuses: Array<number | undefined>): DirectionSummary {
	return summarize(
		texts.map((text, index) =>
			classify({
				copies: relayed.filter((piece) => piece === text).length,
				failedExecutions: finalStatuses[index] === 200 ? [] : [`Braze's last try was answered ${finalStatuses[index] ?? 'with no answer'}`],
			}),
		),
	);
}

export function formatWorkers(figures: WorkerFigures): string {
	return formatTable(
		[
			...Object.entries(figures.perWorker).map(([worker, count]): [string, number] => [worker, count]),
			['enqueued', figures.enqueued],
			['  started by no worker', figures.onNoWorker.length],
			['  started by several workers', figures.onSeveralWorkers.length],
		],
		['', 'executions'],
	);
}

/** One column per direction (and scenario). */
export function formatDirections(directions: Record<string, DirectionSummary>): string {
	const row = (label: string, pick: (summary: DirectionSummary) => number, goal = ''): [string, ...Array<string | number>] => [
		label,
		...Object.values(directions).map(pick),
		goal,
	];
	return formatTable(
		[
			row('messages sent', (s) => s.sent),
			row('delivered exactly once', (s) => s.deliveredOnce),
			row('lost', (s) => s.lost, '0'),
			row('duplicated', (s) => s.duplicated, '0'),
			row('errored (the user sees why)', (s) => s.erroredToUser),
		],
		['', ...Object.keys(directions), 'goal'],
	);
}
