// Everything `npm start` runs: the pinned real n8n with this package, its three credentials, both workflows published,
// and in sandbox mode the Zendesk and Braze simulators they point at. Shared by `npm start`, `npm run demo` (when no
// sandbox is running) and the e2e test, so all three exercise the same setup.
import { randomBytes } from 'node:crypto';

import { triggersFor, type RelayEvent } from '../../nodes/ZendeskRelayTrigger/triggerDefinitions';
import { startSandbox, SANDBOX_CAMPAIGNS, type Sandbox } from '../../test/simulators/sandbox';
import { OWNER_EMAIL, startN8n, type CredentialRef, type ImportedWorkflow, type N8nApi, type N8nServer, type StartOptions, type StartTimings } from '../n8n';
import { INBOUND_HEADER, type StartConfig, type VendorSettings } from './config';
import type { SandboxConnection } from './connection';
import { fillPlaceholders, INBOUND_WEBHOOK_NODE, loadWorkflow, WORKFLOW_FILES, ZENDESK_TRIGGER_NODE, type WorkflowValues } from './workflows';

export interface RunningStack {
	mode: StartConfig['mode'];
	server: N8nServer;
	/** Only in sandbox mode. */
	sandbox?: Sandbox;
	/** Everything a client needs to play a conversation (holds secrets: never print it). */
	connection: SandboxConnection;
	/** The inbound webhook URL Braze must call (the public one in live mode). */
	inboundUrl: string;
	workflows: Array<{ id: string; name: string }>;
	timings: StartTimings & { setupSeconds: number; totalSeconds: number };
	/** Unpublishes the workflows (so the Zendesk trigger removes its webhook and triggers), stops n8n and the simulators. */
	stop(): Promise<void>;
}

export interface StackOptions {
	/** Short progress lines, no secrets. */
	onProgress?: (message: string) => void;
	/** Overrides the config's port (tests and the demo pick a free one). */
	port?: number;
	/** Starts n8n (default: one n8n process; `npm start -- --queue`: a queue-mode cluster behind the same interface). */
	startServer?: (options: StartOptions) => Promise<N8nServer>;
}

type Vendors = Pick<VendorSettings, 'zendesk' | 'braze' | 'campaigns' | 'inboundSecret'>;

function sandboxVendors(sandbox: Sandbox): Vendors {
	return {
		zendesk: sandbox.info.zendesk.credentials,
		braze: sandbox.info.braze.credentials,
		campaigns: SANDBOX_CAMPAIGNS,
		inboundSecret: randomBytes(24).toString('base64url'),
	};
}

async function createCredentials(api: N8nApi, vendors: Vendors): Promise<WorkflowValues['credentials']> {
	const create = (type: string, data: Record<string, unknown>, name: string): Promise<CredentialRef> =>
		api.createCredential(type, data, name);
	return {
		zendeskRelayApi: await create('zendeskRelayApi', vendors.zendesk, 'Zendesk Relay API'),
		brazeRelayApi: await create('brazeRelayApi', vendors.braze, 'Braze Relay API'),
		httpHeaderAuth: await create('httpHeaderAuth', { name: INBOUND_HEADER, value: vendors.inboundSecret }, 'Braze webhook secret'),
	};
}

export async function startStack(config: StartConfig, options: StackOptions = {}): Promise<RunningStack> {
	const started = Date.now();
	const progress = options.onProgress ?? (() => {});
	const sandbox = config.mode === 'sandbox' ? await startSandbox({ fast: true }) : undefined;
	if (sandbox) progress(`Zendesk simulator on ${sandbox.zendesk.url}, Braze simulator on ${sandbox.braze.url}`);
	let server: N8nServer | undefined;
	try {
		server = await (options.startServer ?? startN8n)({
			port: options.port ?? config.port,
			onProgress: progress,
			// Live mode: Zendesk must call n8n's public address; n8n gives its webhook nodes that URL.
			env: config.mode === 'live' ? { WEBHOOK_URL: `${config.publicUrl}/` } : undefined,
		});
		const setupStarted = Date.now();
		const vendors = config.mode === 'live' ? config : sandboxVendors(sandbox as Sandbox);
		const credentials = await createCredentials(server.api, vendors);
		const values: WorkflowValues = { credentials, campaigns: vendors.campaigns };
		const imported: ImportedWorkflow[] = [];
		for (const file of [WORKFLOW_FILES.outbound, WORKFLOW_FILES.inbound]) {
			progress(`importing and publishing ${file}`);
			imported.push(
				await server.api.importWorkflow(fillPlaceholders(loadWorkflow(file), values), { credentials, freshWebhookIds: false }),
			);
		}
		if (sandbox) await waitForZendeskSetup(sandbox.zendesk, zendeskTriggers(imported[0]));
		const [outbound, inbound] = imported;
		const inboundPath = inbound.webhookPath(INBOUND_WEBHOOK_NODE);
		const connection: SandboxConnection = {
			pid: process.pid,
			n8n: {
				baseUrl: server.baseUrl,
				apiKey: server.apiKey,
				version: server.version,
				login: { email: OWNER_EMAIL, password: server.ownerPassword ?? '' },
			},
			zendesk: { url: sandbox?.zendesk.url ?? '' },
			braze: { url: sandbox?.braze.url ?? '' },
			inbound: { url: inbound.webhookUrl(INBOUND_WEBHOOK_NODE), headerName: INBOUND_HEADER, headerValue: vendors.inboundSecret },
			campaigns: vendors.campaigns,
			workflows: { outbound: outbound.id, inbound: inbound.id },
		};
		const running = server;
		let stopping: Promise<void> | undefined;
		return {
			mode: config.mode,
			server,
			sandbox,
			connection,
			inboundUrl: config.mode === 'live' ? `${config.publicUrl}/webhook/${inboundPath}` : connection.inbound.url,
			workflows: imported.map(({ id, name }) => ({ id, name })),
			timings: { ...server.timings, setupSeconds: (Date.now() - setupStarted) / 1000, totalSeconds: (Date.now() - started) / 1000 },
			stop: () => (stopping ??= stopStack(running, sandbox, imported.map(({ id }) => id))),
		};
	} catch (error) {
		await server?.stop();
		await sandbox?.close();
		throw error;
	}
}

/** How many Zendesk triggers the Zendesk Relay Trigger creates for its selected events (Agent Reply needs two). */
function zendeskTriggers(workflow: ImportedWorkflow): number {
	const node = workflow.json.nodes.find((candidate) => candidate.name === ZENDESK_TRIGGER_NODE);
	return triggersFor((node?.parameters?.events as RelayEvent[] | undefined) ?? []).length;
}

/**
 * Publishing returns once n8n registered the webhook, while the Zendesk trigger may still be creating its webhook and
 * triggers in Zendesk; "ready" means an agent's reply is relayed, so wait for them (bounded).
 */
async function waitForZendeskSetup(zendesk: Sandbox['zendesk'], triggers: number, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (zendesk.webhooks().length < 1 || zendesk.triggers().length < triggers) {
		if (Date.now() > deadline) {
			throw new Error(`the Zendesk Relay Trigger did not create its webhook and ${triggers} triggers within ${timeoutMs / 1000} s`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

async function stopStack(server: N8nServer, sandbox: Sandbox | undefined, workflowIds: string[]): Promise<void> {
	for (const id of workflowIds) await server.api.unpublishWorkflow(id).catch(() => undefined);
	await server.stop();
	await sandbox?.close();
}
