// jest globalSetup of the e2e project: joins the n8n named by $N8N_E2E_CONNECTION when it answers, else starts one for
// the whole run (see realN8n.ts). Prints one status line; n8n's own log goes to a file.
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { send, startN8n, type N8nServer } from '../../scripts/n8n';
import { CONNECTION_ENV, readConnection } from './realN8n';

declare global {
	// Shared with e2eGlobalTeardown.ts (jest runs both in the same process).
	var __N8N_E2E_SERVER__: N8nServer | undefined;
}

async function answers(baseUrl: string): Promise<boolean> {
	try {
		return (await send(`${baseUrl}/healthz/readiness`, { timeoutMs: 5_000 })).status === 200;
	} catch {
		return false;
	}
}

export default async function globalSetup(): Promise<void> {
	const existing = readConnection();
	if (existing && (await answers(existing.baseUrl))) {
		process.stderr.write(`\ne2e: joining n8n ${existing.version} at ${existing.baseUrl}\n`);
		return;
	}
	const started = Date.now();
	const server = await startN8n({ onProgress: (message) => process.stderr.write(`\ne2e: ${message}`) });
	globalThis.__N8N_E2E_SERVER__ = server;
	const file = path.join(server.userFolder, 'harness-connection.json');
	const { baseUrl, apiKey, version, pid, userFolder, logFile, ownerPassword } = server;
	writeFileSync(file, JSON.stringify({ baseUrl, apiKey, version, pid, userFolder, logFile, ownerPassword }), { mode: 0o600 });
	chmodSync(file, 0o600);
	process.env[CONNECTION_ENV] = file;
	const t = server.timings;
	process.stderr.write(
		`\ne2e: n8n ready in ${((Date.now() - started) / 1000).toFixed(1)} s (install ${t.installSeconds.toFixed(1)} s, ` +
			`pack ${t.packSeconds.toFixed(1)} s, package install ${t.packageInstallSeconds.toFixed(1)} s, ` +
			`start to ready ${t.startToReadySeconds.toFixed(1)} s)\n`,
	);
}
