// A small client for a running n8n: the public API (/api/v1, API key) for credentials, workflows and executions, and the
// webhook routes. Works against any server the harness started (see server.ts), from jest or from scripts.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';

import { n8nMajor, repoRoot } from './runtime';

export interface N8nConnection {
	/** e.g. http://127.0.0.1:5678 */
	baseUrl: string;
	/** Public API key of the instance owner (a throwaway instance's secret: never print it). */
	apiKey: string;
	version: string;
	/** Process group of the server, when this process or a parent started it. */
	pid?: number;
	userFolder?: string;
	/** n8n's own log. */
	logFile?: string;
	/** Password of the owner (`OWNER_EMAIL`), for logging in to the editor (test/e2e/editor.test.ts). Never print it. */
	ownerPassword?: string;
}

export interface CredentialRef {
	id: string;
	name: string;
}

export interface WorkflowJson {
	name?: string;
	nodes: Array<{
		name: string;
		type: string;
		typeVersion: number;
		parameters?: Record<string, unknown>;
		credentials?: Record<string, CredentialRef>;
		webhookId?: string;
		[key: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	staticData?: unknown;
	pinData?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface ImportOptions {
	/** Workflow name (default: the JSON's, else "harness workflow"). */
	name?: string;
	/** Credentials to use, by type: every node reference of that type is pointed at this one. */
	credentials?: Record<string, CredentialRef>;
	/**
	 * Give every webhook node a fresh webhookId (default true), so several suites can publish the same workflow on one
	 * server. A stock Webhook whose path was its webhookId (n8n's default) follows the new id.
	 */
	freshWebhookIds?: boolean;
	/** Publish (activate) it and wait until its webhooks answer (default true). */
	publish?: boolean;
}

export interface ImportedWorkflow {
	id: string;
	name: string;
	/** The JSON as sent to n8n (after credential and webhook id rewriting). */
	json: WorkflowJson;
	/** The production webhook path of a trigger node, e.g. `inbound` or `<webhookId>/zendesk-relay`. */
	webhookPath(nodeName: string): string;
	/** `${baseUrl}/webhook/${webhookPath(nodeName)}` */
	webhookUrl(nodeName: string): string;
}

export interface Execution {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	startedAt: string;
	stoppedAt?: string | null;
	workflowId: string;
	data?: {
		resultData: {
			runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: { message: string } }>>;
			error?: { message: string; node?: { name: string } };
			lastNodeExecuted?: string;
		};
	};
}

export interface HttpAnswer {
	status: number;
	/** Lower-case header names. */
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON when the answer is JSON, else text (undefined when empty). */
	body: unknown;
}

export type WebhookCall = HttpAnswer;

/**
 * One HTTP request on a fresh connection. (Reusing keep-alive connections, as fetch does, races n8n closing idle ones:
 * a request sent as the server closes the socket fails with "other side closed", and a webhook call cannot be retried
 * blindly. Loopback connections are cheap.)
 */
export async function send(
	url: string,
	options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
	return await new Promise((resolve, reject) => {
		const request = httpRequest(
			url,
			{ method: options.method ?? 'GET', headers: options.headers, agent: false, timeout: options.timeoutMs ?? 60_000 },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('error', reject);
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let body: unknown = text === '' ? undefined : text;
					if (text && String(response.headers['content-type'] ?? '').includes('json')) {
						try {
							body = JSON.parse(text);
						} catch {
							// keep the text
						}
					}
					resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
				});
			},
		);
		request.on('timeout', () => request.destroy(new Error(`${options.method ?? 'GET'} ${url}: no answer within the timeout`)));
		request.on('error', reject);
		request.end(options.body);
	});
}

/** The instance owner's login; the password is random per start (`N8nConnection.ownerPassword`). */
export const OWNER_EMAIL = 'owner@example.com';

/** A call to the editor's own API (/rest`route`) as the logged-in owner; throws N8nApiError on a non-200 answer. */
export type RestCall = <T>(method: string, route: string, body?: unknown) => Promise<T>;

/** Logs the owner in (session cookie) for calls to /rest routes. */
export async function loginOwner(baseUrl: string, password: string): Promise<RestCall> {
	const login = await send(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER_EMAIL, password }),
	});
	if (login.status !== 200) throw new Error(`n8n owner login failed (${login.status})`);
	const setCookie = login.headers['set-cookie'] ?? [];
	const cookie = (Array.isArray(setCookie) ? setCookie : [setCookie]).map((entry) => entry.split(';')[0]).join('; ');
	return async <T>(method: string, route: string, body?: unknown): Promise<T> => {
		const response = await send(`${baseUrl}/rest${route}`, {
			method,
			headers: { cookie, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (response.status !== 200) throw new N8nApiError(response.status, method, `/rest${route}`, response.body);
		return (response.body as { data: T }).data;
	};
}

export class N8nApiError extends Error {
	constructor(
		readonly status: number,
		readonly method: string,
		readonly route: string,
		readonly body: unknown,
	) {
		const detail = typeof body === 'object' && body && 'message' in body ? (body as { message: unknown }).message : body;
		super(`n8n API ${method} ${route} answered ${status}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
		this.name = 'N8nApiError';
	}
}

const STOCK_WEBHOOK = 'n8n-nodes-base.webhook';
const WORKFLOW_SETTINGS = new Set([
	'saveExecutionProgress',
	'saveManualExecutions',
	'saveDataErrorExecution',
	'saveDataSuccessExecution',
	'executionTimeout',
	'errorWorkflow',
	'timezone',
	'executionOrder',
	'callerPolicy',
	'callerIds',
]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let packageWebhookPaths: Map<string, string> | undefined;

/** The fixed webhook path our own trigger nodes declare, read from the built package (dist/). */
function packageWebhookPath(type: string): string | undefined {
	if (!packageWebhookPaths) {
		packageWebhookPaths = new Map();
		const root = repoRoot();
		const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
			name: string;
			n8n?: { nodes?: string[] };
		};
		for (const file of manifest.n8n?.nodes ?? []) {
			const full = path.join(root, file);
			if (!existsSync(full)) continue;
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			for (const exported of Object.values(require(full) as Record<string, unknown>)) {
				if (typeof exported !== 'function') continue;
				const description = (new (exported as new () => { description?: Record<string, unknown> })()).description;
				const hook = (description?.webhooks as Array<{ path?: unknown }> | undefined)?.[0];
				if (description && typeof hook?.path === 'string' && !hook.path.startsWith('=')) {
					packageWebhookPaths.set(`${manifest.name}.${String(description.name)}`, hook.path);
				}
			}
		}
	}
	return packageWebhookPaths.get(type);
}

/**
 * The workflow as importWorkflow sends it: name, known settings only (the public API rejects others), credentials of
 * the given types pointed at the given ones, and (by default) fresh webhook ids.
 */
export function prepareWorkflow(source: WorkflowJson, options: ImportOptions = {}): WorkflowJson {
	const json = structuredClone(source);
	json.name = options.name ?? json.name ?? 'harness workflow';
	const settings = Object.fromEntries(Object.entries(json.settings ?? {}).filter(([key]) => WORKFLOW_SETTINGS.has(key)));
	json.settings = { executionOrder: 'v1', ...settings };
	for (const node of json.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			const replacement = options.credentials?.[type];
			if (replacement && node.credentials) node.credentials[type] = { ...replacement };
		}
		if ((options.freshWebhookIds ?? true) && node.webhookId) {
			const fresh = randomUUID();
			if (node.type === STOCK_WEBHOOK && node.parameters?.path === node.webhookId) node.parameters.path = fresh;
			node.webhookId = fresh;
		}
	}
	return json;
}

export class N8nApi {
	constructor(readonly connection: N8nConnection) {}

	get baseUrl(): string {
		return this.connection.baseUrl;
	}

	/** Calls /api/v1`route`; throws N8nApiError on a non-2xx answer. */
	async request<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
		const answer = await send(`${this.baseUrl}/api/v1${route}`, {
			method,
			headers: {
				'X-N8N-API-KEY': this.connection.apiKey,
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (answer.status < 200 || answer.status >= 300) throw new N8nApiError(answer.status, method, route, answer.body);
		return answer.body as T;
	}

	// ---- credentials --------------------------------------------------------------------------------------------

	/**
	 * Creates a credential from plaintext data (n8n encrypts it); `type` is e.g. `zendeskRelayApi`. Both routes check
	 * the data against the type (400 for a missing required field). On n8n 1.x it goes through the editor's route, as a
	 * user's does: 1.x's public API builds its check from the type's fields wrongly when one choice shows one of two
	 * fields (Zendesk Address: subdomain or base URL), and refuses every valid base-URL Zendesk credential.
	 */
	async createCredential(type: string, data: Record<string, unknown>, name = `${type} ${randomUUID().slice(0, 8)}`): Promise<CredentialRef> {
		const created = this.isV1
			? await (await this.ownerSession())<{ id: string; name: string }>('POST', '/credentials', { name, type, data })
			: await this.request<{ id: string; name: string }>('POST', '/credentials', { name, type, data });
		return { id: created.id, name: created.name };
	}

	private session: Promise<RestCall> | undefined;

	private async ownerSession(): Promise<RestCall> {
		this.session ??= loginOwner(this.baseUrl, this.connection.ownerPassword ?? '');
		return await this.session;
	}

	/** Creates one credential per entry (type → plaintext data); returns refs by type, ready for `importWorkflow`. */
	async createCredentials(byType: Record<string, Record<string, unknown>>): Promise<Record<string, CredentialRef>> {
		const refs: Record<string, CredentialRef> = {};
		for (const [type, data] of Object.entries(byType)) refs[type] = await this.createCredential(type, data);
		return refs;
	}

	async deleteCredential(id: string): Promise<void> {
		await this.request('DELETE', `/credentials/${id}`);
	}

	// ---- workflows ----------------------------------------------------------------------------------------------

	/** Creates the workflow, and by default publishes it and waits until its webhooks answer. */
	async importWorkflow(source: WorkflowJson, options: ImportOptions = {}): Promise<ImportedWorkflow> {
		const json = prepareWorkflow(source, options);
		const created = await this.request<{ id: string; name: string }>('POST', '/workflows', {
			name: json.name,
			nodes: json.nodes,
			connections: json.connections,
			settings: json.settings,
			...(json.staticData ? { staticData: json.staticData } : {}),
		});
		const webhookPath = (nodeName: string) => {
			const node = json.nodes.find((candidate) => candidate.name === nodeName);
			if (!node) throw new Error(`n8n harness: workflow has no node "${nodeName}"`);
			if (node.type === STOCK_WEBHOOK) return String(node.parameters?.path ?? '').replace(/^\/+/, '');
			const suffix = packageWebhookPath(node.type);
			if (!node.webhookId || suffix === undefined) {
				throw new Error(`n8n harness: cannot tell the webhook path of "${nodeName}" (${node.type})`);
			}
			return `${node.webhookId}/${suffix}`;
		};
		const imported: ImportedWorkflow = {
			id: created.id,
			name: created.name,
			json,
			webhookPath,
			webhookUrl: (nodeName) => this.webhookUrl(webhookPath(nodeName)),
		};
		if (options.publish ?? true) {
			await this.publishWorkflow(created.id);
			const triggers = json.nodes.filter(
				(node) => !node.disabled && (node.type === STOCK_WEBHOOK || (node.webhookId && packageWebhookPath(node.type) !== undefined)),
			);
			for (const node of triggers) {
				const method = node.type === STOCK_WEBHOOK ? String(node.parameters?.httpMethod ?? 'GET') : 'POST';
				await this.waitForWebhook(webhookPath(node.name), method);
			}
		}
		return imported;
	}

	/** n8n 1.x has no publishing: a workflow is activated, and deleted without being archived first. */
	private get isV1(): boolean {
		return n8nMajor(this.connection.version) === 1;
	}

	/** Publishes the workflow (1.x: activates it), which runs its triggers' setup (webhookMethods). */
	async publishWorkflow(id: string): Promise<void> {
		if (this.isV1) await this.request('POST', `/workflows/${id}/activate`);
		else await this.request('POST', `/workflows/${id}/publish`, {});
	}

	/** Unpublishes the workflow (1.x: deactivates it), which runs its triggers' teardown. */
	async unpublishWorkflow(id: string): Promise<void> {
		await this.request('POST', `/workflows/${id}/${this.isV1 ? 'deactivate' : 'unpublish'}`);
	}

	/** Unpublishes, archives (2.x deletes only archived workflows) and deletes a workflow. */
	async deleteWorkflow(id: string): Promise<void> {
		await this.unpublishWorkflow(id).catch(() => undefined);
		if (!this.isV1) await this.request('POST', `/workflows/${id}/archive`).catch(() => undefined);
		// n8n 2.41 answers 409 "still being unpublished" for a moment after an unpublish (its deactivation hooks run).
		for (let attempt = 1; ; attempt++) {
			try {
				await this.request('DELETE', `/workflows/${id}`);
				return;
			} catch (error) {
				if (!(error instanceof N8nApiError && error.status === 409) || attempt >= 40) throw error;
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}
	}

	// ---- executions ---------------------------------------------------------------------------------------------

	async listExecutions(query: { workflowId?: string; status?: string; includeData?: boolean; limit?: number } = {}): Promise<Execution[]> {
		const params = new URLSearchParams();
		if (query.workflowId) params.set('workflowId', query.workflowId);
		if (query.status) params.set('status', query.status);
		params.set('includeData', String(query.includeData ?? true));
		params.set('limit', String(query.limit ?? 100));
		const answer = await this.request<{ data: Execution[] }>('GET', `/executions?${params.toString()}`);
		return answer.data;
	}

	async getExecution(id: string, includeData = true): Promise<Execution> {
		return await this.request<Execution>('GET', `/executions/${id}?includeData=${includeData}`);
	}

	/** Waits until the workflow has at least `count` finished executions (success or error); newest first. */
	async waitForExecutions(workflowId: string, count = 1, timeoutMs = 30_000): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const executions = await this.listExecutions({ workflowId, includeData: true });
			const done = executions.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
			if (done.length >= count) return done;
			if (Date.now() > deadline) {
				throw new Error(`n8n harness: ${done.length} of ${count} executions of workflow ${workflowId} finished within ${timeoutMs} ms`);
			}
			await sleep(100);
		}
	}

	// ---- webhooks -----------------------------------------------------------------------------------------------

	webhookUrl(webhookPath: string): string {
		return `${this.baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`;
	}

	/**
	 * Waits until a production webhook is registered. A CORS preflight (OPTIONS + Origin) answers 204 without running the
	 * workflow once the path is registered, and 404 before.
	 */
	async waitForWebhook(webhookPath: string, method = 'POST', timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		let last = 0;
		for (;;) {
			try {
				const response = await send(this.webhookUrl(webhookPath), {
					method: 'OPTIONS',
					headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method.toUpperCase() },
				});
				last = response.status;
				if (response.status >= 200 && response.status < 300) return;
			} catch {
				last = -1;
			}
			if (Date.now() > deadline) {
				throw new Error(`n8n harness: webhook ${method} /webhook/${webhookPath} not registered after ${timeoutMs} ms (last status ${last})`);
			}
			await sleep(100);
		}
	}

	/** Sends one request to a production webhook path. An object body is sent as JSON; a string or Buffer as is. */
	async callWebhook(
		webhookPath: string,
		request: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
	): Promise<WebhookCall> {
		const isText = typeof request.body === 'string' || Buffer.isBuffer(request.body);
		return await send(this.webhookUrl(webhookPath), {
			method: request.method ?? 'POST',
			headers: {
				...(request.body === undefined || isText ? {} : { 'content-type': 'application/json' }),
				...request.headers,
			},
			body: request.body === undefined ? undefined : isText ? (request.body as string | Buffer) : JSON.stringify(request.body),
		});
	}
}
