// The running sandbox's connection info, for `npm run demo` (another process): written by `npm start` to a 0600 file
// under the git-ignored `.n8n-run/`, removed when it stops. It holds secrets (n8n API key, inbound header value), so it
// is never printed.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot, send } from '../n8n';

export interface SandboxConnection {
	/** The `npm start` process that owns the sandbox. */
	pid: number;
	/** `login` is the editor's owner account (the password is random per start). */
	n8n: { baseUrl: string; apiKey: string; version: string; login: { email: string; password: string } };
	zendesk: { url: string };
	braze: { url: string };
	/** Where Braze's inbound-SMS webhook campaign posts, and the header that authenticates it. */
	inbound: { url: string; headerName: string; headerValue: string };
	campaigns: { reply: string; closing: string };
	workflows: { outbound: string; inbound: string };
}

export function connectionFile(): string {
	return path.join(repoRoot(), '.n8n-run', 'sandbox.json');
}

export function writeConnection(connection: SandboxConnection, file = connectionFile()): void {
	mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
	writeFileSync(file, JSON.stringify(connection, null, 2), { mode: 0o600 });
	chmodSync(file, 0o600);
}

/** Removes the file if it still describes this connection (a newer sandbox may have replaced it). */
export function removeConnection(connection: SandboxConnection, file = connectionFile()): void {
	if (readConnection(file)?.pid === connection.pid) rmSync(file, { force: true });
}

export function readConnection(file = connectionFile()): SandboxConnection | undefined {
	if (!existsSync(file)) return undefined;
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as SandboxConnection;
	} catch {
		return undefined;
	}
}

async function answers(url: string): Promise<boolean> {
	try {
		return (await send(url, { timeoutMs: 3_000 })).status === 200;
	} catch {
		return false;
	}
}

/** The sandbox `npm start` is running, if its n8n and both simulators answer. */
export async function findRunningSandbox(file = connectionFile()): Promise<SandboxConnection | undefined> {
	const connection = readConnection(file);
	if (!connection) return undefined;
	const checks = await Promise.all([
		answers(`${connection.n8n.baseUrl}/healthz/readiness`),
		answers(`${connection.zendesk.url}/__sim/state`),
		answers(`${connection.braze.url}/__sim/state`),
	]);
	return checks.every(Boolean) ? connection : undefined;
}
