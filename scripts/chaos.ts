// `npm run test:chaos`: the chaos run (test/chaos/chaosRun.ts) against a real n8n: the one named by
// $N8N_E2E_CONNECTION when set, else a fresh one started here and stopped at the end. Prints the report table, writes
// it as JSON to .results/chaos.json (chaos-long.json in long mode; git-ignored), and exits 1 when a message was lost.
//
//   CHAOS_LONG=1               1,500 conversations of 2 SMS and 2 replies, instead of 300 of 1 and 1
//   CHAOS_CONVERSATIONS=n      any number of conversations
//   CHAOS_CONCURRENCY=n        conversations in flight (default 8)
//   CHAOS_FAULT_RATE=0.07      share of vendor requests that fail
//   CHAOS_SEED=n               fault dice (a run replays with the same seed)
//   CHAOS_ZENDESK_TIMEOUT_MS=n  how long Zendesk waits for n8n before retrying a delivery (default 10,000, as Zendesk)
//   CHAOS_OUTAGE_REQUESTS=n    requests each vendor fails in a row halfway through (default 40; 0: none)
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { runChaos, type ChaosOptions, type ChaosReport } from '../test/chaos/chaosRun';
import { formatTable } from '../test/chaos/tally';
import { readConnection } from '../test/harness/realN8n';
import { N8nApi, repoRoot, startN8n, type N8nServer } from './n8n';

function numberFromEnv(name: string, fallback: number): number {
	const value = Number(process.env[name]);
	return process.env[name] !== undefined && Number.isFinite(value) ? value : fallback;
}

/** The run's options from the CHAOS_* variables above (also the queue-mode run's, test/queue/cluster.spec.ts). */
export function optionsFromEnv(): ChaosOptions {
	const long = process.env.CHAOS_LONG === '1';
	return {
		conversations: numberFromEnv('CHAOS_CONVERSATIONS', long ? 1500 : 300),
		// CI: one customer SMS and one agent reply per conversation; long mode: a follow-up each way too.
		inboundPerConversation: long ? 2 : 1,
		outboundPerConversation: long ? 2 : 1,
		concurrency: numberFromEnv('CHAOS_CONCURRENCY', 8),
		faultRate: numberFromEnv('CHAOS_FAULT_RATE', 0.07),
		// The nodes' per-try timeout is 30 s.
		slowMs: 31_000,
		outageRequests: numberFromEnv('CHAOS_OUTAGE_REQUESTS', 40),
		brazeBackoffMs: 250,
		zendeskTimeoutMs: numberFromEnv('CHAOS_ZENDESK_TIMEOUT_MS', 10_000),
		seed: numberFromEnv('CHAOS_SEED', 7),
	};
}

function table(report: ChaosReport): string {
	const { inbound, outbound } = report;
	const row = (label: string, pick: (summary: ChaosReport['inbound']) => number, goal = ''): [string, number, number, string] => [
		label,
		pick(inbound),
		pick(outbound),
		goal,
	];
	return formatTable(
		[
			row('messages sent', (s) => s.sent),
			row('delivered exactly once', (s) => s.deliveredOnce),
			row('  of which after a failed execution', (s) => s.deliveredAfterFailedExecution),
			row('duplicated', (s) => s.duplicated, '0'),
			row('lost', (s) => s.lost, '0'),
			row('errored to the user (failed execution)', (s) => s.erroredToUser),
		],
		['', 'SMS → Zendesk', 'Zendesk → SMS', 'goal'],
	);
}

function print(report: ChaosReport): void {
	const faults = (byKind: Record<string, number>) => Object.entries(byKind).map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none';
	const lines = [
		`chaos: ${report.options.conversations} conversations, ${report.options.concurrency} at a time, ` +
			`${(report.options.faultRate * 100).toFixed(0)} % of vendor requests failing and an outage of ` +
			`${report.options.outageRequests} requests each, seed ${report.options.seed}, ` +
			`${report.durationSeconds} s on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`,
		'',
		table(report),
		'',
		`vendor requests: Zendesk ${report.vendorRequests.zendesk}, Braze ${report.vendorRequests.braze}; faults injected: ${report.faultsInjected.total}`,
		`  Zendesk: ${faults(report.faultsInjected.zendesk)}`,
		`  Braze:   ${faults(report.faultsInjected.braze)}`,
		`webhook retries: Braze → n8n ${report.webhookRetries.braze}, Zendesk deliveries retried ${report.webhookRetries.zendesk}, ` +
			`Zendesk deliveries run twice ${report.webhookRetries.zendeskReplayedIntoExecutions}`,
		`executions: inbound ${faults(report.executions.inbound)}; outbound ${faults(report.executions.outbound)}`,
		...report.inbound.sampleErrors.map((message) => `  inbound error:  ${message}`),
		...report.outbound.sampleErrors.map((message) => `  outbound error: ${message}`),
		...report.duplicateCauses.map((cause) => `duplicate: ${cause}`),
		...report.lostMessages.map((message) => `LOST ${message}`),
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
	const options = optionsFromEnv();
	const connection = readConnection();
	let server: N8nServer | undefined;
	if (!connection) server = await startN8n({ onProgress: (message) => process.stderr.write(`chaos: ${message}\n`) });
	try {
		const report = await runChaos(connection ? new N8nApi(connection) : server!.api, options, (line) =>
			process.stderr.write(`chaos: ${line}\n`),
		);
		print(report);
		const file = path.join(repoRoot(), '.results', process.env.CHAOS_LONG === '1' ? 'chaos-long.json' : 'chaos.json');
		mkdirSync(path.dirname(file), { recursive: true });
		const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, n8n: (connection ?? server!).version };
		writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), machine, ...report }, null, '\t')}\n`);
		process.stdout.write(`written to ${path.relative(process.cwd(), file)}\n`);
		if (report.inbound.lost + report.outbound.lost > 0) process.exitCode = 1;
	} finally {
		await server?.stop();
	}
}

// Run only as a script: the queue-mode test imports optionsFromEnv.
if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(`chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	});
}
