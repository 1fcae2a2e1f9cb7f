// Secrets stay secret, and oversized calls are refused: this suite runs its own traffic through both shipped workflows
// in the shared n8n, with secrets it knows (a Zendesk API token, a Braze REST key, the Zendesk signing secret, and wrong
// ones), including failures (401s, 5xx past the retry budget, connection resets, a failed publish), then scans n8n's log
// file, every execution's data on the server and every error message and answer it saw for those secrets in plain,
// base64 and Basic-header form. It starts its own simulators and workflows, so it does not depend on other suites.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';

import type { CredentialRef, ImportedWorkflow } from '../../scripts/n8n';
import { INBOUND_WEBHOOK_NODE, ZENDESK_TRIGGER_NODE } from '../../scripts/sandbox/workflows';
import { allExecutions } from '../chaos/executions';
import { relayWorkflow, zendeskSetUp } from '../chaos/relayWorkflows';
import { eventually } from '../harness/eventually';
import { connectN8n, lineOf, type N8nApi } from '../harness/realN8n';
import { inboundSmsBody, startBrazeSimulator, type BrazeSimulator } from '../simulators/braze';
import { SANDBOX_TEMPLATES } from '../simulators/sandbox';
import { startZendeskSimulator, type ZendeskSimulator } from '../simulators/zendesk';

const HEADER = { name: 'X-Relay-Secret', value: `secrets-suite-${randomBytes(12).toString('hex')}` };
const WRONG = { zendeskToken: `wrong${randomBytes(16).toString('hex')}`, brazeKey: `wrong${randomBytes(16).toString('hex')}` };
const TWENTY_MB = 20 * 1024 * 1024;
/** An Authorization header value, or a credential field with its value, as they would appear if printed. */
const CREDENTIAL_SHAPES = [
	/\bBasic [A-Za-z0-9+/]{20,}={0,2}/g,
	/\bBearer [A-Za-z0-9._~+/-]{16,}/g,
	/"(apiToken|apiKey|api_key|signing_secret|secret)"\s*:\s*"[^"*]{8,}"/g,
];

/** The forms a secret could leak in: as is, base64, and the Basic header value Zendesk's API takes. */
function leakForms(secret: string, email?: string): string[] {
	const forms = [secret, Buffer.from(secret).toString('base64')];
	if (email) forms.push(Buffer.from(`${email}/token:${secret}`).toString('base64'));
	return forms;
}

describe('secrets and oversized calls in a real n8n', () => {
	let n8n: N8nApi;
	let zendesk: ZendeskSimulator;
	let braze: BrazeSimulator;
	const credentials: CredentialRef[] = [];
	const workflows: ImportedWorkflow[] = [];
	/** Every answer body and error message this suite saw. */
	const seen: string[] = [];

	let inbound: ImportedWorkflow;
	let outbound: ImportedWorkflow;

	const credential = async (type: string, data: Record<string, unknown>) => {
		const ref = await n8n.createCredential(type, data);
		credentials.push(ref);
		return ref;
	};
	const publish = async (direction: 'inbound' | 'outbound', refs: { zendeskRelayApi: CredentialRef; brazeRelayApi: CredentialRef; httpHeaderAuth: CredentialRef }) => {
		const workflow = await n8n.importWorkflow(relayWorkflow(direction, refs), { name: `secrets ${direction}`, credentials: refs });
		workflows.push(workflow);
		return workflow;
	};
	const textSms = async (workflow: ImportedWorkflow, externalId: string, text: string, headers = { [HEADER.name]: HEADER.value }) => {
		const brazeId = randomBytes(12).toString('hex');
		const body = inboundSmsBody({ externalId, brazeId, phone: '+15550142', firstName: 'Sam', body: text, dispatchId: `${externalId}-${text}` });
		const answer = await n8n.callWebhook(workflow.webhookPath(INBOUND_WEBHOOK_NODE), { body, headers });
		seen.push(JSON.stringify(answer.body ?? ''));
		return answer;
	};
	const executionsOf = async (workflow: ImportedWorkflow) => await n8n.listExecutions({ workflowId: workflow.id, includeData: true });
	const finished = async (workflow: ImportedWorkflow, count: number) => {
		const done = await n8n.waitForExecutions(workflow.id, count, 60_000);
		seen.push(...done.map((execution) => execution.data?.resultData.error?.message ?? ''));
		return done;
	};

	beforeAll(async () => {
		n8n = await connectN8n();
		zendesk = await startZendeskSimulator({ rateLimit: false, webhookDelivery: { retryDelayMs: 50, retryAfterScale: 0.01 } });
		braze = await startBrazeSimulator({ campaigns: SANDBOX_TEMPLATES, rateLimit: false });
		const good = {
			zendeskRelayApi: await credential('zendeskRelayApi', zendesk.credentials),
			brazeRelayApi: await credential('brazeRelayApi', braze.credentials),
			httpHeaderAuth: await credential('httpHeaderAuth', HEADER),
		};
		inbound = await publish('inbound', good);
		outbound = await publish('outbound', good);
		await zendeskSetUp(zendesk, outbound.json);
	}, 15 * 60_000);

	afterAll(async () => {
		for (const workflow of workflows) await n8n?.deleteWorkflow(workflow.id).catch(() => undefined);
		for (const ref of credentials) await n8n?.deleteCredential(ref.id).catch(() => undefined);
		await Promise.all([zendesk?.close(), braze?.close()]);
	}, 60_000);

	// n8n reads at most N8N_PAYLOAD_SIZE_MAX (16 MiB) of a webhook body; past that its body parser throws
	// PayloadTooLargeError, which n8n 2.41 answers with 500 (not 413), or it answers the auth failure and closes the
	// connection while the body is still being sent.
	it.each([
		['the inbound SMS webhook', () => inbound.webhookUrl(INBOUND_WEBHOOK_NODE), { [HEADER.name]: HEADER.value }],
		['the inbound SMS webhook, without the header secret', () => inbound.webhookUrl(INBOUND_WEBHOOK_NODE), {}],
		['the Zendesk trigger', () => outbound.webhookUrl(ZENDESK_TRIGGER_NODE), {}],
	])('refuses a 20 MB body to %s, and starts nothing', async (_name, url, headers: Record<string, string>) => {
		const before = (await executionsOf(inbound)).length + (await executionsOf(outbound)).length;
		const answer = await postOversized(url(), headers);
		seen.push(answer.body);
		expect(answer.status === undefined || answer.status >= 400).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect((await executionsOf(inbound)).length + (await executionsOf(outbound)).length).toBe(before);
	}, 60_000);

	it('relays in both directions with the genuine secrets', async () => {
		const answer = await textSms(inbound, 'sam-1', 'SUPPORT my order is late');
		expect(answer.status).toBe(200);
		const [ticket] = zendesk.tickets();
		zendesk.agentComment(ticket.id, { authorId: zendesk.createAgent('Kim Agent').id, body: 'On its way today.' });
		await zendesk.waitForWebhooks();
		const [execution] = await finished(outbound, 1);
		expect(execution.status).toBe('success');
		expect(braze.sms.map((sms) => sms.externalUserId)).toEqual(['sam-1']);
	}, 120_000);

	it('fails visibly when the vendors fail past the retry budget or drop the connection', async () => {
		zendesk.faults.script([{ kind: 'status', status: 503, times: 10 }]);
		expect((await textSms(inbound, 'sam-2', 'SUPPORT first failure')).status).toBeGreaterThanOrEqual(500);
		zendesk.faults.clear();
		zendesk.faults.script([{ kind: 'reset', times: 10 }]);
		expect((await textSms(inbound, 'sam-3', 'SUPPORT second failure')).status).toBeGreaterThanOrEqual(500);
		zendesk.faults.clear();

		const [ticket] = zendesk.tickets();
		braze.faults.script([{ kind: 'status', status: 500, path: '/campaigns/trigger/send', times: 10 }]);
		zendesk.agentComment(ticket.id, { body: 'This reply meets a Braze outage.' });
		await zendesk.waitForWebhooks();
		await finished(outbound, 2);
		braze.faults.clear();
		braze.faults.script([{ kind: 'reset', path: '/campaigns/trigger/send' }]);
		zendesk.agentComment(ticket.id, { body: 'This reply meets a dropped connection.' });
		await zendesk.waitForWebhooks();
		const done = await finished(outbound, 3);
		braze.faults.clear();
		expect(done.filter((execution) => execution.status === 'error')).toHaveLength(2);
	}, 180_000);

	it("fails visibly with 401s when a token or key is wrong, in a relay and in a publish's Zendesk setup", async () => {
		const wrongZendesk = await credential('zendeskRelayApi', { ...zendesk.credentials, apiToken: WRONG.zendeskToken });
		const wrongBraze = await credential('brazeRelayApi', { ...braze.credentials, apiKey: WRONG.brazeKey });
		const header = await credential('httpHeaderAuth', HEADER);
		const good = { zendeskRelayApi: await credential('zendeskRelayApi', zendesk.credentials), httpHeaderAuth: header };

		const noZendesk = await publish('inbound', { ...good, zendeskRelayApi: wrongZendesk, brazeRelayApi: wrongBraze });
		expect((await textSms(noZendesk, 'sam-4', 'SUPPORT wrong token')).status).toBeGreaterThanOrEqual(500);
		const noBraze = await publish('inbound', { ...good, brazeRelayApi: wrongBraze });
		expect((await textSms(noBraze, 'sam-5', 'SUPPORT wrong key')).status).toBeGreaterThanOrEqual(500);
		expect(zendesk.log.filter((request) => request.status === 401)).toHaveLength(1);
		const errors = [...(await finished(noZendesk, 1)), ...(await finished(noBraze, 1))].map((execution) => execution.data?.resultData.error?.message);
		expect(errors).toEqual([expect.stringMatching(/Zendesk.*401/), expect.stringMatching(/Braze.*401/)]);

		// Publishing sets Zendesk up with the token; n8n answers the publish before that call is made.
		const refs = { ...good, zendeskRelayApi: wrongZendesk, brazeRelayApi: wrongBraze };
		const unpublished = await n8n.importWorkflow(relayWorkflow('outbound', refs), { name: 'secrets outbound, wrong token', credentials: refs, publish: false });
		workflows.push(unpublished);
		const refused = await n8n.publishWorkflow(unpublished.id).then(
			() => undefined,
			(error: Error) => error.message,
		);
		seen.push(refused ?? '');
		await eventually('the setup call with the wrong token', () => zendesk.log.filter((request) => request.status === 401).length, (count) => count >= 2);
		// The publish itself looked fine: n8n's log is where an operator learns that this workflow gets no Zendesk events.
		const setupFailure = new RegExp(`Zendesk Relay Trigger: workflow ${unpublished.id} gets no Zendesk events\\. Could not set up Zendesk: .*401`);
		await eventually('the log line of the failed setup', () => readFileSync(n8n.connection.logFile!, 'utf8'), (log) => setupFailure.test(log));
	}, 180_000);

	it("finds no API token, REST key or signing secret in n8n's log, any execution's data or any error message", async () => {
		const secrets = [
			...leakForms(zendesk.apiToken, zendesk.email),
			...leakForms(WRONG.zendeskToken, zendesk.email),
			...leakForms(braze.apiKey),
			...leakForms(WRONG.brazeKey),
			...[...zendesk.store.webhooks.values()].flatMap((webhook) => leakForms(webhook.signing_secret)),
		];
		const logFile = n8n.connection.logFile;
		expect(logFile).toBeDefined();
		const executions = await allExecutions(n8n, { includeData: true });
		// n8n 1.x saves the workflow's static data with every execution (2.x does not), and the Zendesk Relay Trigger keeps
		// its signing secret there: a known exposure on 1.x (docs/testing.md), left out of this scan on 1.x only.
		const withoutStaticData = (key: string, value: unknown) => (lineOf() === '1' && key === 'staticData' ? undefined : value);
		const haystacks = { log: readFileSync(logFile!, 'utf8'), executions: JSON.stringify(executions, withoutStaticData), errors: seen.join('\n') };
		expect(executions.length).toBeGreaterThan(5);
		const leaks = Object.entries(haystacks).flatMap(([where, text]) => secrets.filter((secret) => text.includes(secret)).map(() => where));
		expect(leaks).toEqual([]);
		// Other suites' secrets are not known here: look for anything shaped like a credential in the same places.
		const shaped = Object.entries(haystacks).flatMap(([where, text]) =>
			CREDENTIAL_SHAPES.flatMap((shape) => (text.match(shape) ?? []).map((found) => `${where}: ${found.slice(0, 24)}…`)),
		);
		expect(shaped).toEqual([]);
	}, 120_000);

	// n8n's stock Webhook node records the request headers in its output item, which the execution keeps (also as the
	// next node's input), so the Braze header secret is readable by whoever can open the workflow's executions (README,
	// "Security"). It appears in no log line and no error message.
	it('shows the inbound header secret only in the request headers an execution records', async () => {
		const executions = await allExecutions(n8n, { includeData: true });
		const errors = executions.map((execution) => JSON.stringify(execution.data?.resultData.error ?? ''));
		expect(JSON.stringify(executions)).toContain(HEADER.value);
		const elsewhere = [readFileSync(n8n.connection.logFile!, 'utf8'), ...seen, ...errors];
		expect(elsewhere.filter((text) => text.includes(HEADER.value))).toEqual([]);
	}, 120_000);
});

/** POSTs 20 MB of JSON; the answer's status, or undefined when n8n closed the connection without one. */
async function postOversized(url: string, headers: Record<string, string>): Promise<{ status?: number; body: string }> {
	const body = Buffer.from(JSON.stringify({ message: 'x'.repeat(TWENTY_MB) }));
	return await new Promise((resolve) => {
		const request = httpRequest(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
			response.on('error', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
		});
		// n8n may answer and close while the body is still being written (EPIPE): the answer, if any, has been read.
		request.on('error', (error) => setTimeout(() => resolve({ body: error.message }), 200));
		request.end(body);
	});
}
