// `npm run test:chaos`: the chaos run (test/chaos/chaosRun.ts) against a real n8n: the one named by
// $N8N_E2E_CONNECTION when set, else a fresh one started here and stopped at the end. Prints the report table, writes
// it as JSON to .results/chaos.json (chaos-long.json in long mode; git-ignored), and exits 1 when a message was lost or
// duplicated, or an agent reply failed with no note on its ticket.
//
//   CHAOS_LONG=1               1,500 conversations of 2 SMS and 2 replies, instead of 300 of 1 and 1
//   CHAOS_CONVERSATIONS=n      any number of conversations
//   CHAOS_CONCURRENCY=n        conversations in flight (default 8)
//   CHAOS_FAULT_RATE=0.07      share of vendor requests that fail
//   CHAOS_SEED=n               fault dice (a run replays with the same seed)
//   CHAOS_ZENDESK_TIMEOUT_MS=n  how long Zendesk waits for n8n before retrying a delivery (default 10,000, as Zendesk)
//   CHAOS_OUTAGE_REQUESTS=n    requests each vendor fails in a row halfway through (default 40; 0: none)
//
// Realism (docs/simulators.md), on by default:
//   CHAOS_SEARCH_LAG_MS=n      how far Zendesk search lags behind (default 60,000)
//   CHAOS_ATTRIBUTE_DELAY_MS=n how long Braze takes to show a /users/track write in its webhook body (default 3,000)
//   CHAOS_DELIVERY_ORDER=x     order of one update's webhook calls: fired, reverse, shuffle (default; seeded by CHAOS_SEED)
//   CHAOS_ESCAPE_JSON=0|1      Zendesk JSON-escapes placeholder values (default 0; the trigger's form bodies never are)
//   CHAOS_LOCALE=x             the Zendesk account's language: en, fr (default), de, es
//   CHAOS_FORM_PLACEMENT=x     where Zendesk puts a form webhook's pairs: body (default), query
//   CHAOS_EXTRA_USER_FIELDS=n  other apps' user fields before ours (default 150: ours past page 1)
//   CHAOS_TIDY=1               all of them off (the tidy simulators), unless set one by one above
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { runChaos, type ChaosOptions, type ChaosRealism, type ChaosReport } from '../test/chaos/chaosRun';
import { formatTable } from '../test/chaos/tally';
import { readConnection } from '../test/harness/realN8n';
import { N8nApi, repoRoot, startN8n, type N8nServer } from './n8n';

function numberFromEnv(name: string, fallback: number): number {
	const value = Number(process.env[name]);
	return process.env[name] !== undefined && Number.isFinite(value) ? value : fallback;
}

/** The variable's text as given (the simulator refuses a value it does not know, naming the switch), else `fallback`. */
function textFromEnv<T extends string>(name: string, fallback: T): T {
	return (process.env[name] || fallback) as T;
}

/** A real account's ways, each from its CHAOS_* variable; CHAOS_TIDY=1 makes the defaults the tidy ones. */
function realismFromEnv(seed: number): ChaosRealism {
	const tidy = process.env.CHAOS_TIDY === '1';
	const pick = <T>(realistic: T, tidyValue: T) => (tidy ? tidyValue : realistic);
	return {
		zendesk: {
			searchLagMs: numberFromEnv('CHAOS_SEARCH_LAG_MS', pick(60_000, 0)),
			deliveryOrder: textFromEnv('CHAOS_DELIVERY_ORDER', pick('shuffle', 'fired')),
			deliverySeed: seed,
			escapeJsonPlaceholders: (process.env.CHAOS_ESCAPE_JSON ?? pick('0', '1')) === '1',
			locale: textFromEnv('CHAOS_LOCALE', pick('fr', 'en')),
			formEncodedPlacement: textFromEnv('CHAOS_FORM_PLACEMENT', 'body'),
			extraUserFields: numberFromEnv('CHAOS_EXTRA_USER_FIELDS', pick(150, 0)),
		},
		brazeAttributeDelayMs: numberFromEnv('CHAOS_ATTRIBUTE_DELAY_MS', pick(3_000, 0)),
	};
}

/** The run's options from the CHAOS_* variables above (also the queue-mode run's, test/queue/cluster.spec.ts). */
export function optionsFromEnv(): ChaosOptions {
	const long = process.env.CHAOS_LONG === '1';
	const seed = numberFromEnv('CHAOS_SEED', 7);
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
		seed,
		realism: realismFromEnv(seed),
	};
}

function table(report: ChaosReport): string {
	const { inbound, outbound, ticketNotes: notes } = report;
	const row = (label: string, pick: (summary: ChaosReport['inbound']) => number, goal = ''): [string, number, number, string] => [
		label,
		pick(inbound),
		pick(outbound),
		goal,
	];
	// Notes are the agent's side of a reply: the SMS → Zendesk direction has none.
	const noteRow = (label: string, figure: string | number, goal = ''): [string, string, string | number, string] => [label, '–', figure, goal];
	return formatTable(
		[
			row('messages sent', (s) => s.sent),
			row('delivered exactly once', (s) => s.deliveredOnce),
			row('  of which after a failed execution', (s) => s.deliveredAfterFailedExecution),
			row('duplicated', (s) => s.duplicated, '0'),
			row('lost', (s) => s.lost, '0'),
			row('errored to the user (failed execution)', (s) => s.erroredToUser),
			noteRow('errored replies noted on their ticket', `${notes.errored - notes.erroredWithoutNote} of ${notes.errored}`, 'all'),
			noteRow('  "not sent" / "may or may not have been sent"', `${notes.erroredNotedNotSent} / ${notes.erroredNotedUnknown}`),
			noteRow('sent replies noted "may or may not have been sent"', notes.deliveredNotedUnknown),
			noteRow('sent replies noted "not sent"', notes.deliveredNotedNotSent, '0'),
			noteRow('replies noted more than once', notes.notedMoreThanOnce),
		],
		['', 'SMS → Zendesk', 'Zendesk → SMS', 'goal'],
	);
}

function realismLine({ realism }: ChaosOptions): string {
	if (!realism) return 'tidy simulators';
	const zendesk = Object.entries(realism.zendesk).map(([name, value]) => `${name} ${String(value)}`);
	return `Zendesk ${zendesk.join(', ')}; Braze attributeDelayMs ${realism.brazeAttributeDelayMs}`;
}

function print(report: ChaosReport): void {
	const faults = (byKind: Record<string, number>) => Object.entries(byKind).map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none';
	const lines = [
		`chaos: ${report.options.conversations} conversations, ${report.options.concurrency} at a time, ` +
			`${(report.options.faultRate * 100).toFixed(0)} % of vendor requests failing and an outage of ` +
			`${report.options.outageRequests} requests each, seed ${report.options.seed}, ` +
			`${report.durationSeconds} s on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`,
		`realism: ${realismLine(report.options)}`,
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
		...report.unnotedErrors.map((reply) => `NO NOTE on the ticket of the failed reply: ${reply}`),
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

/** A message lost or doubled, or a failed reply the agent cannot see on the ticket. */
function failed(report: ChaosReport): boolean {
	const { inbound, outbound } = report;
	return inbound.lost + outbound.lost + inbound.duplicated + outbound.duplicated + report.unnotedErrors.length > 0;
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
		if (failed(report)) process.exitCode = 1;
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
