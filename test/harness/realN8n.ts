// Real-n8n harness for the jest e2e project.
//
// One n8n server is shared by every e2e suite of a run: the e2e project's globalSetup (e2eGlobalSetup.ts) installs n8n
// into .cache/ when missing, packs this package, starts n8n 2.41.1 on a free loopback port with a throwaway user folder
// and the tarball installed in <userFolder>/.n8n/nodes, creates an API key, and writes the connection (base URL, API
// key, log file) to a 0600 file named by $N8N_E2E_CONNECTION; globalTeardown stops it. Suites join it:
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
// Joining a server started elsewhere: set N8N_E2E_CONNECTION to a connection file before jest (`npm run build:tools &&
// node .build/scripts/n8n/cli.js start` prints one); the run then uses it and leaves it running (e2e in seconds).
// A suite run outside the e2e project (no globalSetup) gets a private server, stopped when the process exits.
// n8n's log goes to a file under $TMPDIR/n8n-nodes-zendesk-braze-logs/ (path in `connection.logFile`), never to the test output.
import { existsSync, readFileSync } from 'node:fs';

import { N8nApi, startN8n, type N8nConnection } from '../../scripts/n8n';

export type { N8nApi } from '../../scripts/n8n';

export const CONNECTION_ENV = 'N8N_E2E_CONNECTION';

export function readConnection(file = process.env[CONNECTION_ENV]): N8nConnection | undefined {
	if (!file || !existsSync(file)) return undefined;
	return JSON.parse(readFileSync(file, 'utf8')) as N8nConnection;
}

let privateServer: Promise<N8nApi> | undefined;

/** The shared n8n of this run (or a private one when the e2e globalSetup did not run). */
export async function connectN8n(): Promise<N8nApi> {
	const connection = readConnection();
	if (connection) return new N8nApi(connection);
	privateServer ??= startN8n().then((server) => server.api);
	return await privateServer;
}
