// CPU time used by the processes of one process group (an n8n the harness started: n8n itself and its task runner),
// read from /proc (Linux). What each delivery costs the machine shows what bounds throughput once the CPU is busy.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export type CpuByProcess = Map<string, number>;

export interface ProcStat {
	processGroup: number;
	/** User + system time, in clock ticks. */
	ticks: number;
}

/** The process group and CPU ticks in one /proc/<pid>/stat line (the command, in parentheses, may hold spaces). */
export function parseProcStat(line: string): ProcStat {
	const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
	// After the command: state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime.
	return { processGroup: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** Which part of n8n a process is, from its arguments: n8n itself, its task runner, or a helper (the watchdog shell). */
export function processRole(argv: string[]): string {
	if (!/(^|\/)node$/.test(argv[0] ?? '')) return 'other';
	return argv.some((arg) => arg.includes('task-runner')) ? 'task runner' : 'n8n';
}

let ticksPerSecond: number | undefined;

function msPerTick(): number {
	ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	return 1000 / ticksPerSecond;
}

/** CPU milliseconds used so far by each role's processes in the group (processes that ended are not counted). */
export function groupCpuMs(processGroup: number): CpuByProcess {
	const byRole: CpuByProcess = new Map();
	for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		try {
			const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
			if (stat.processGroup !== processGroup) continue;
			const role = processRole(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
			byRole.set(role, (byRole.get(role) ?? 0) + stat.ticks * msPerTick());
		} catch {
			// the process ended between the listing and the read
		}
	}
	return byRole;
}

/** What each role used between two readings. */
export function cpuSince(before: CpuByProcess, after: CpuByProcess): CpuByProcess {
	return new Map([...after].map(([role, ms]) => [role, ms - (before.get(role) ?? 0)]));
}
