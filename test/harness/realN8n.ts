// Real-n8n harness for the jest projects that run against a real n8n: `e2e` (n8n 2.41.1) and `n8n1` (n8n 1.123.81, the
// same package suites on the 1.x line; jest.config.js gives that project `globals.n8nLine = '1'`).
//
// One n8n server is shared by every suite of a project's run: the project's globalSetup (e2eGlobalSetup.ts) installs the
// line's n8n into .cache/ when missing, packs this package, starts n8n on a free loopback port with a throwaway user
// folder and the tarball installed in <userFolder>/.n8n/nodes, creates an API key, and writes the connection (base URL,
// API key, version, log file) to a 0600 file named by the line's connection variable ($N8N_E2E_CONNECTION for 2.x,
// $N8N1_E2E_CONNECTION for 1.x); globalTeardown stops it. Suites join it:
//
//   import { connectN8n } from '../harness/realN8n';
//   let n8n: N8nApi;
//   beforeAll(async () => { n8n = await connectN8n(); }, 15 * 60_000);  // instant with globalSetup; else a private start
//   const cred = await n8n.createCredential('zendeskRelayApi', { hostType: 'url', baseUrl: sim.url, email, apiToken });
//   const wf = await n8n.importWorkflow(json, { credentials: { zendeskRelayApi: cred } }); // published, webhooks answering
//   const answer = await n8n.callWebhook(wf.webhookPath('Webhook'), { body: {...}, headers: {...} });
//   const [execution] = await n8n.waitForExecutions(wf.id);              // newest first, with data
//   await n8n.deleteWorkflow(wf.id);                                     // optional: the server is thrown away anyway
//
// Suites share the server, so each creates its own credentials and workflows (importWorkflow gives webhook nodes fresh
// ids, so the same workflow JSON can be published by several suites) and never relies on other suites' executions.
// The client hides the lines' differences (publish on 2.x, activate on 1.x): a suite is written once for both.
// Joining a server started elsewhere: set the line's connection variable to a connection file before jest (`npm run
// build:tools && node .build/scripts/n8n/cli.js start` prints one; with N8N_LINE=1 for 1.x); the run then uses it and
// leaves it running (e2e in seconds).
// A suite run outside these projects (no globalSetup) gets a private server of its line, stopped when the process exits.
// n8n's log goes to a file under $TMPDIR/n8n-nodes-zendesk-braze-logs/ (path in `connection.logFile`), never to the test output.
import { existsSync, readFileSync } from 'node:fs';

import { connectionEnv, N8nApi, n8nVersion, startN8n, type N8nConnection, type N8nLine } from '../../scripts/n8n';

export type { N8nApi } from '../../scripts/n8n';
export { connectionEnv } from '../../scripts/n8n';

/** The 2.x line's connection variable (chaos runs and older callers read this one). */
export const CONNECTION_ENV = connectionEnv('2');

/**
 * The line a jest project runs: its `globals.n8nLine` (which jest also puts on the suites' globalThis), else $N8N_LINE
 * (e.g. `N8N_LINE=1 npx jest --selectProjects e2e <one suite>`), else 2.
 */
export function lineOf(globals: { n8nLine?: unknown } | undefined = globalThis as { n8nLine?: unknown }): N8nLine {
	const line = globals?.n8nLine ?? process.env.N8N_LINE;
	return line === '1' ? '1' : '2';
}

export function readConnection(file = process.env[CONNECTION_ENV]): N8nConnection | undefined {
	if (!file || !existsSync(file)) return undefined;
	return JSON.parse(readFileSync(file, 'utf8')) as N8nConnection;
}

let privateServer: Promise<N8nApi> | undefined;

/** The shared n8n of this project's run (or a private one when no globalSetup ran). */
export async function connectN8n(): Promise<N8nApi> {
	const connection = readConnection(process.env[connectionEnv(lineOf())]);
	if (connection) return new N8nApi(connection);
	privateServer ??= startN8n({ version: n8nVersion(lineOf()) }).then((server) => server.api);
	return await privateServer;
}
