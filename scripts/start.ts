// `npm start`: the pinned real n8n on 127.0.0.1 with this package installed and both workflows published, wired to the
// real Zendesk and Braze (live mode: every variable of .env.example set) or to local simulators (sandbox mode: none
// set). Prints what to open, never a secret; Ctrl-C stops everything it started. `npm start -- --queue` runs n8n as a
// queue-mode cluster instead (main, webhook process, two workers, PostgreSQL, Redis: scripts/queue/cluster.ts).
import { createServer } from 'node:net';
import path from 'node:path';

import { OWNER_EMAIL, repoRoot, type StartOptions } from './n8n';
import { clusterSummary, startQueueCluster, type QueueCluster } from './queue/cluster';
import { ConfigError, INBOUND_HEADER, readStartConfig, withDotEnv, type StartConfig } from './sandbox/config';
import { connectionFile, removeConnection, writeConnection } from './sandbox/connection';
import { startStack, type RunningStack } from './sandbox/stack';

async function portIsFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const probe = createServer();
		probe.once('error', () => resolve(false));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
}

function summary(stack: RunningStack, config: StartConfig): string[] {
	const relative = path.relative(process.cwd(), connectionFile()) || connectionFile();
	const t = stack.timings;
	const lines = [
		'',
		`Ready in ${stack.timings.totalSeconds.toFixed(1)} s — n8n ${stack.server.version}, ${
			stack.mode === 'sandbox' ? 'SANDBOX mode (Zendesk and Braze simulators on loopback)' : 'LIVE mode (your Zendesk and Braze)'
		}`,
		`  (pack ${t.packSeconds.toFixed(1)} s, package install ${t.packageInstallSeconds.toFixed(1)} s, n8n start ${t.startToReadySeconds.toFixed(1)} s, ` +
			`credentials + workflows ${t.setupSeconds.toFixed(1)} s${t.installSeconds > 0 ? `, n8n install ${t.installSeconds.toFixed(0)} s` : ''})`,
		'',
		`  n8n editor           ${stack.server.baseUrl}/  (log in as ${OWNER_EMAIL}; the password is in the connection file)`,
		`  inbound SMS webhook  POST ${stack.inboundUrl}  (header ${INBOUND_HEADER})`,
		...stack.workflows.map((workflow) => `  published workflow   ${stack.server.baseUrl}/workflow/${workflow.id}  "${workflow.name}"`),
	];
	if (stack.sandbox) {
		lines.push(
			`  Zendesk simulator    ${stack.sandbox.zendesk.url}  (state: ${stack.sandbox.zendesk.url}/__sim/state)`,
			`  Braze simulator      ${stack.sandbox.braze.url}  (state, SMS outbox: ${stack.sandbox.braze.url}/__sim/state)`,
			`  connection file      ${relative}  (0600; holds the editor password, the n8n API key and the webhook secret)`,
			'',
			'Play a whole SMS conversation in another terminal:  npm run demo',
		);
	} else if (config.mode === 'live') {
		lines.push(
			'',
			`Zendesk calls ${config.publicUrl}/webhook/… (WEBHOOK_URL): make sure it reaches this n8n on port ${config.port}.`,
			'Point the Braze inbound-SMS webhook campaign at the inbound URL above, with the same header secret (INBOUND_WEBHOOK_SECRET).',
		);
	}
	lines.push(`n8n log: ${stack.server.logFile}`, 'Ctrl-C stops everything.');
	return lines;
}

function stopOnSignals(stack: RunningStack): void {
	let stopping = false;
	const stop = (signal: NodeJS.Signals) => {
		if (stopping) {
			console.error(`${signal} again: exiting now`);
			process.exit(130);
		}
		stopping = true;
		console.error('\nStopping: unpublishing the workflows, stopping n8n and the simulators…');
		void stack
			.stop()
			.then(() => {
				removeConnection(stack.connection);
				console.error('Stopped.');
				process.exit(0);
			})
			.catch((error: unknown) => {
				console.error(`stopping failed: ${(error as Error).message}`);
				process.exit(1);
			});
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		// The n8n harness stops n8n at once on a signal; here the workflows are unpublished first (in live mode that
		// removes the webhook and triggers the Zendesk trigger created), then n8n stops. Its exit handler stays.
		process.removeAllListeners(signal);
		process.once(signal, stop);
	}
}

async function main(): Promise<void> {
	const config = readStartConfig(withDotEnv(process.env, path.join(repoRoot(), '.env')));
	if (!(await portIsFree(config.port))) {
		throw new ConfigError(`port ${config.port} on 127.0.0.1 is in use (another npm start?). Stop it, or set N8N_PORT.`);
	}
	console.error(
		config.mode === 'sandbox'
			? 'No Zendesk/Braze variables set: starting the SANDBOX (local simulators). See .env.example for live mode.'
			: 'Zendesk and Braze variables set: starting in LIVE mode.',
	);
	let cluster: QueueCluster | undefined;
	const startCluster = async ({ port, env, onProgress }: StartOptions) => (cluster = await startQueueCluster({ port, env, onProgress })).asServer();
	const stack = await startStack(config, {
		onProgress: (message) => console.error(`… ${message}`),
		startServer: process.argv.includes('--queue') ? startCluster : undefined,
	});
	stopOnSignals(stack);
	if (stack.sandbox) writeConnection(stack.connection);
	console.log([...summary(stack, config), ...(cluster ? clusterSummary(cluster) : [])].join('\n'));
}

main().catch((error: unknown) => {
	console.error(error instanceof ConfigError ? error.message : `npm start failed: ${(error as Error).message}`);
	process.exit(error instanceof ConfigError ? 2 : 1);
});
