// jest globalSetup of the real-n8n projects (e2e: 2.x, n8n1: 1.x; the project's `globals.n8nLine` names the line): joins
// the n8n named by the line's connection variable when it answers and runs that line's version, else starts one for the
// whole run (see realN8n.ts). Prints one status line; n8n's own log goes to a file.
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { n8nVersion, send, startN8n, type N8nServer } from '../../scripts/n8n';
import { connectionEnv, lineOf, readConnection } from './realN8n';

declare global {
	// Shared with e2eGlobalTeardown.ts (jest runs both in the same process), by line.
	var __N8N_E2E_SERVERS__: Record<string, N8nServer> | undefined;
}

interface ProjectConfig {
	globals?: Record<string, unknown>;
}

async function answers(baseUrl: string): Promise<boolean> {
	try {
		return (await send(`${baseUrl}/healthz/readiness`, { timeoutMs: 5_000 })).status === 200;
	} catch {
		return false;
	}
}

export default async function globalSetup(_globalConfig: unknown, project: ProjectConfig = {}): Promise<void> {
	const line = lineOf(project.globals);
	const version = n8nVersion(line);
	const existing = readConnection(process.env[connectionEnv(line)]);
	if (existing?.version === version && (await answers(existing.baseUrl))) {
		process.stderr.write(`\ne2e: joining n8n ${existing.version} at ${existing.baseUrl}\n`);
		return;
	}
	const started = Date.now();
	const server = await startN8n({ version, onProgress: (message) => process.stderr.write(`\ne2e: ${message}`) });
	globalThis.__N8N_E2E_SERVERS__ = { ...globalThis.__N8N_E2E_SERVERS__, [line]: server };
	const file = path.join(server.userFolder, 'harness-connection.json');
	const { baseUrl, apiKey, pid, userFolder, logFile, ownerPassword } = server;
	writeFileSync(file, JSON.stringify({ baseUrl, apiKey, version, pid, userFolder, logFile, ownerPassword }), { mode: 0o600 });
	chmodSync(file, 0o600);
	process.env[connectionEnv(line)] = file;
	const t = server.timings;
	process.stderr.write(
		`\ne2e: n8n ${version} ready in ${((Date.now() - started) / 1000).toFixed(1)} s (install ${t.installSeconds.toFixed(1)} s, ` +
			`pack ${t.packSeconds.toFixed(1)} s, package install ${t.packageInstallSeconds.toFixed(1)} s, ` +
			`start to ready ${t.startToReadySeconds.toFixed(1)} s)\n`,
	);
}
