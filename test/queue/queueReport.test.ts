import { executionsLogged } from '../../scripts/queue/workerLog';
import { burstSummary, formatDirections, formatWorkers, workerFigures } from './queueReport';

describe('executionsLogged', () => {
	it('reads the execution ids a worker logged as started, once each, colour codes and other lines ignored', () => {
		const log = [
			'2026-11-26T14:30:01.123Z | info | Worker started execution 12 (job 12) {"file":"job-processor.js"}',
			'\u001b[32mWorker started execution 13 (job 13)\u001b[39m',
			'Worker finished execution 12 (job 12)',
			'Worker started execution 12 (job 12)',
			'n8n worker is now ready',
		].join('\n');
		expect(executionsLogged(log, 'started')).toEqual(['12', '13']);
	});

	it('reads the execution ids a process enqueued', () => {
		const log = ['Enqueued execution 7 (job 7)', 'Webhook listener waiting for requests.', 'Enqueued execution 8 (job 8)'].join('\n');
		expect(executionsLogged(log, 'enqueued')).toEqual(['7', '8']);
		expect(executionsLogged(log, 'started')).toEqual([]);
	});
});

describe('workerFigures', () => {
	it('counts each worker\'s executions and names the enqueued ones no worker, or several, started', () => {
		const figures = workerFigures({ enqueued: ['1', '2', '3', '4', '5'], startedBy: { 'worker-1': ['1', '2', '4'], 'worker-2': ['3', '4'] } });
		expect(figures).toEqual({ perWorker: { 'worker-1': 3, 'worker-2': 2 }, enqueued: 5, onNoWorker: ['5'], onSeveralWorkers: ['4'] });
	});
});

describe('burstSummary', () => {
	it('classifies each text by its copies in the tickets, and Braze\'s last answer when it has none', () => {
		const summary = burstSummary(['a', 'b', 'c', 'd'], ['a', 'b', 'b'], [200, 200, 500, 200]);
		expect(summary).toMatchObject({ sent: 4, deliveredOnce: 1, duplicated: 1, erroredToUser: 1, lost: 1 });
		expect(summary.sampleErrors).toEqual(["Braze's last try was answered 500"]);
	});
});

describe('report tables', () => {
	it('lists the workers, then the executions enqueued and those no or several workers started', () => {
		expect(formatWorkers(workerFigures({ enqueued: ['1', '2'], startedBy: { 'worker-1': ['1'], 'worker-2': ['2'] } }))).toBe(
			[
				'                              executions',
				'----------------------------  ----------',
				'worker-1                               1',
				'worker-2                               1',
				'enqueued                               2',
				'  started by no worker                 0',
				'  started by several workers           0',
			].join('\n'),
		);
	});

	it('has one column per direction and the goal of the figures that have one', () => {
		const once = burstSummary(['a'], ['a'], [200]);
		const table = formatDirections({ in: once, out: once }).split('\n');
		expect(table[0]).toMatch(/^\s+in\s+out\s+goal$/);
		expect(table.find((line) => line.startsWith('lost'))).toMatch(/^lost\s+0\s+0\s+0$/);
		expect(table.find((line) => line.startsWith('delivered exactly once'))).toMatch(/\s1\s+1\s*$/);
	});
});
