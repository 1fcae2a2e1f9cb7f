// Command line for the real-n8n harness (after `npm run build:tools`):
//   node .build/scripts/n8n/cli.js start [--port 5678]   start n8n with this package; Ctrl-C stops it. Prints the
//                                                       connection file: `N8N_E2E_CONNECTION=<file> npm run test:e2e`
//                                                       then runs the e2e suites against this server. With N8N_LINE=1
//                                                       it starts n8n 1.x and prints N8N1_E2E_CONNECTION (test:n8n1).
//   node .build/scripts/n8n/cli.js measure [--cold]      start once and print the timings as JSON; --cold installs n8n
//                                                       into a temporary cache first, with an empty npm cache too, as
//                                                       on a fresh machine (minutes, ~4 GB, removed after).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { connectionEnv, n8nMajor } from './runtime';
import { startN8n } from './server';

function option(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? undefined : process.argv[index + 1];
}

async function start(): Promise<void> {
	const port = option('port');
	const server = await startN8n({
		port: port ? Number(port) : undefined,
		onProgress: (message) => console.error(message),
	});
	const file = path.join(server.userFolder, 'harness-connection.json');
	const { baseUrl, apiKey, version, pid, userFolder, logFile, ownerPassword } = server;
	writeFileSync(file, JSON.stringify({ baseUrl, apiKey, version, pid, userFolder, logFile, ownerPassword }), { mode: 0o600 });
	chmodSync(file, 0o600);
	console.log(`n8n ${version} ready on ${baseUrl} (${server.timings.startToReadySeconds.toFixed(1)} s to ready)`);
	console.log(`log: ${logFile}`);
	console.log(`${connectionEnv(n8nMajor(version) === 1 ? '1' : '2')}=${file}`);
	console.log('Ctrl-C stops it.');
	// n8n runs detached and unreferenced: keep this process (whose exit stops n8n) alive until a signal.
	const keepAlive = setInterval(() => {}, 1 << 30);
	const stop = () => {
		console.error('stopping n8n…');
		clearInterval(keepAlive);
		void server.stop().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

async function measure(): Promise<void> {
	const cold = process.argv.includes('--cold');
	const cache = cold ? mkdtempSync(path.join(os.tmpdir(), 'n8n-cold-cache-')) : undefined;
	if (cache) {
		process.env.N8N_CACHE_DIR = path.join(cache, 'n8n');
		process.env.npm_config_cache = path.join(cache, 'npm');
	}
	try {
		const started = Date.now();
		const server = await startN8n({ onProgress: (message) => console.error(message) });
		const totalSeconds = (Date.now() - started) / 1000;
		await server.stop();
		console.log(JSON.stringify({ cold, ...server.timings, totalSeconds, loadAverage: os.loadavg()[0], cpus: os.cpus().length }));
	} finally {
		if (cache) rmSync(cache, { recursive: true, force: true });
	}
}

const command = process.argv[2];
const commands: Record<string, () => Promise<void>> = { start, measure };
if (!command || !commands[command]) {
	console.error('usage: cli.js start [--port N] | measure [--cold]');
	process.exit(2);
}
commands[command]().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
