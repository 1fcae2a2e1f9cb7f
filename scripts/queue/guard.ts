// The cluster guard: one small detached bash process per cluster that stops everything the cluster started — the n8n
// processes (their whole process groups, task runners included), Redis and PostgreSQL — and removes the cluster's temp
// folder, when told to (stop()) or when the process that started the cluster is gone (crash, Ctrl-C, kill -9, a
// failed test with --forceExit). Every way out goes through the same stop sequence, so nothing outlives a run.
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, openSync } from 'node:fs';
import path from 'node:path';

import { terminateAndWait } from '../n8n/processes';

// Arguments: <watched pid> <cluster folder>. The folder holds n8n.pids (one process-group leader per line),
// redis/redis.pid and postgres/pgdata/postmaster.pid. n8n goes first (it holds connections to both services):
// TERM lets it shut down gracefully (N8N_GRACEFUL_SHUTDOWN_TIMEOUT), KILL takes what is left of each group.
// PostgreSQL gets SIGINT, its "fast" shutdown.
const GUARD = `
watch=$1; dir=$2
alive() { for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }
wait_gone() { for _ in $(seq 1 100); do alive "$@" || return 0; sleep 0.2; done; return 1; }
stop_all() {
  trap '' TERM INT HUP
  n8n=$(cat "$dir/n8n.pids" 2>/dev/null)
  for pid in $n8n; do kill -TERM "$pid" 2>/dev/null; done
  wait_gone $n8n
  for pid in $n8n; do kill -KILL -- "-$pid" 2>/dev/null; done
  services=""
  redis=$(cat "$dir/redis/redis.pid" 2>/dev/null) && kill -TERM "$redis" 2>/dev/null && services="$services $redis"
  postgres=$(head -n 1 "$dir/postgres/pgdata/postmaster.pid" 2>/dev/null) && kill -INT "$postgres" 2>/dev/null && services="$services $postgres"
  wait_gone $services || for pid in $services; do kill -KILL "$pid" 2>/dev/null; done
  rm -rf -- "$dir"
  exit 0
}
trap stop_all TERM INT HUP
while kill -0 "$watch" 2>/dev/null; do sleep 0.5 & wait $! 2>/dev/null; done
stop_all
`;

export interface ClusterGuard {
	pid: number;
	/** Hands an n8n process group to the guard (before anything can fail, so it is never missed). */
	adopt(pid: number): void;
	/** Runs the stop sequence and waits for it to finish. Idempotent. */
	stop(timeoutMs?: number): Promise<void>;
}

export function startGuard(clusterDir: string, logFile: string, watchPid = process.pid): ClusterGuard {
	const pidsFile = path.join(clusterDir, 'n8n.pids');
	appendFileSync(pidsFile, '');
	const log = openSync(logFile, 'a');
	const child = spawn('bash', ['-c', GUARD, 'queue-cluster-guard', String(watchPid), clusterDir], { detached: true, stdio: ['ignore', log, log] });
	closeSync(log);
	child.unref();
	const pid = child.pid;
	if (pid === undefined) throw new Error('queue cluster: could not start the cluster guard');
	let stopped: Promise<boolean> | undefined;
	return {
		pid,
		adopt: (n8nPid) => appendFileSync(pidsFile, `${n8nPid}\n`),
		stop: async (timeoutMs = 60_000) => {
			stopped ??= terminateAndWait(pid, timeoutMs);
			await stopped;
		},
	};
}
