// In-process harness: runs a workflow JSON through n8n-core's WorkflowExecute inside the test process, the way n8n runs it
// (expressions, paired items, continueOnFail, credential injection), in about a millisecond plus the nodes' own work.
//
//   const run = await runWorkflow(workflowJson, { credentials: { zendeskRelayApi: {...} }, items: [{ text: 'hi' }] });
//   run.output('Parse Zendesk Comment')   // INodeExecutionData[] of output 0 of that node's last run
//   run.error                             // the execution error, if the workflow failed
//
// - Node types: our classes from nodes/** as `n8n-nodes-zendesk-braze.<name>`, plus stand-ins for the stock
//   `n8n-nodes-base.{manualTrigger,noOp,webhook,respondToWebhook,stickyNote}` (see stockNodes.ts).
// - Start: the Manual Trigger, emitting `items` (one empty item by default); or, with `trigger: { node, items }`, any
//   trigger node (e.g. a webhook) whose output is given, the way n8n starts an execution from a webhook's data.
// - Credentials: `credentials[type]` is the plaintext data of the one credential of that type. Nodes that declare the
//   type get it attached automatically when the workflow JSON has none (exported workflows carry placeholder ids).
//   Requests go out for real through n8n-core's httpRequestWithAuthentication, with the credential class's own
//   `authenticate`, so a simulator sees the real Authorization header. n8n 2.41's SSRF guard is off unless
//   N8N_SSRF_PROTECTION_ENABLED=true; the harness forces it off so loopback simulators are reachable.
// - Webhooks: `callWebhook` runs a node's `webhook()` on a fake request (rawBody, headers, body, query) and records what
//   it answered; `runWebhookWorkflow` does that and then runs the rest of the workflow like n8n's webhook route;
//   `runWebhookMethod` runs `webhookMethods.default.{checkExists,create,delete}` (activation / deactivation).
//   Pass the same `staticData` object to each call to keep what a node stores between them (e.g. a signing secret).
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	ICredentialsHelper,
	ICredentialType,
	IDataObject,
	IExecuteResponsePromiseData,
	IHookFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IPinData,
	IRun,
	IVersionedNodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { packageCredentialTypes, packageNodeTypes } from './packageTypes';
import {
	HttpHeaderAuthStub,
	ManualTriggerStub,
	NoOpStub,
	RespondToWebhookStub,
	StickyNoteStub,
	WebhookStub,
} from './stockNodes';

// n8n-core keeps an instance settings file (encryption key) under $N8N_USER_FOLDER/.n8n and creates it on first use:
// point it at one shared temp folder with a fixed test key so tests never write into the user's home.
process.env.N8N_USER_FOLDER ??= path.join(os.tmpdir(), 'n8n-nodes-zendesk-braze-inprocess');
process.env.N8N_ENCRYPTION_KEY ??= 'in-process-test-key-not-a-secret';
// n8n-core logs every node error to the console; the run result already carries them.
process.env.N8N_LOG_LEVEL ??= 'silent';
mkdirSync(process.env.N8N_USER_FOLDER, { recursive: true });

// Loaded after the environment above is set: n8n-core reads it when its services are first built.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('n8n-core') as typeof import('n8n-core');

/** n8n-core's hooks class, reached through the module so its type stays in one place. */
type Hooks = InstanceType<typeof core.ExecutionLifecycleHooks>;
/** n8n-core's extension of IWorkflowExecuteAdditionalData (hooks, SSRF bridge, ...). */
type AdditionalData = IWorkflowExecuteAdditionalData & { hooks?: Hooks };

export type WorkflowJson = Pick<IWorkflowBase, 'nodes' | 'connections'> &
	Partial<Pick<IWorkflowBase, 'id' | 'name' | 'settings' | 'pinData' | 'staticData'>>;

/** Plaintext credential data by credential type name. */
export type CredentialMap = {
	zendeskRelayApi?: IDataObject;
	brazeRelayApi?: IDataObject;
	httpHeaderAuth?: IDataObject;
} & Record<string, IDataObject | undefined>;

export interface RunOptions {
	credentials?: CredentialMap;
	/** Items the Manual Trigger emits (default: one empty item). */
	items?: IDataObject[];
	/** Start from this trigger node with this output instead of the Manual Trigger (webhook-started workflows). */
	trigger?: { node: string; items?: IDataObject[]; data?: INodeExecutionData[][] };
	/** Workflow static data, kept across calls when the same object is passed again. */
	staticData?: IDataObject;
	/** Execution mode seen by the nodes (default `manual` from the Manual Trigger, `webhook` with `trigger`). */
	mode?: WorkflowExecuteMode;
	/** Base of the URLs the nodes see for themselves (default http://127.0.0.1:5678). */
	instanceBaseUrl?: string;
	/** More node types by full type name (test probes); they take precedence over the package's. */
	nodeTypes?: Record<string, INodeType | IVersionedNodeType>;
}

export interface RunResult {
	/** Items of one output (default 0) of a node's last run; [] when the node did not run or returned nothing there. */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** Every output of a node's last run. */
	outputs(nodeName: string): INodeExecutionData[][];
	/** Whether the node ran at all. */
	ran(nodeName: string): boolean;
	/** The node's own error in its last run, if it failed. */
	nodeError(nodeName: string): ExecutionError | undefined;
	/** The execution's error (the failing node's), if the workflow failed. */
	error?: ExecutionError;
	/** What a Respond to Webhook node (or any node through `sendResponse`) answered, if one did. */
	response?: IExecuteResponsePromiseData;
	run: IRun;
}

// ---------------------------------------------------------------------------------------------------------------------
// Node and credential types

const STOCK_NODES = (items: IDataObject[]): Record<string, INodeType> => ({
	'n8n-nodes-base.manualTrigger': new ManualTriggerStub(items),
	'n8n-nodes-base.noOp': new NoOpStub(),
	'n8n-nodes-base.webhook': new WebhookStub(),
	'n8n-nodes-base.respondToWebhook': new RespondToWebhookStub(),
	'n8n-nodes-base.stickyNote': new StickyNoteStub(),
});

function isVersioned(type: INodeType | IVersionedNodeType): type is IVersionedNodeType {
	return 'nodeVersions' in type;
}

class HarnessNodeTypes implements INodeTypes {
	private readonly types: Map<string, INodeType | IVersionedNodeType>;

	constructor(items: IDataObject[], extra: Record<string, INodeType | IVersionedNodeType> = {}) {
		this.types = new Map<string, INodeType | IVersionedNodeType>([
			...Object.entries(STOCK_NODES(items)),
			...packageNodeTypes(),
			...Object.entries(extra),
		]);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const found = this.types.get(nodeType);
		if (!found) throw new Error(`In-process harness: unknown node type "${nodeType}" (known: ${[...this.types.keys()].join(', ')})`);
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const found = this.getByName(nodeType);
		return isVersioned(found) ? found.getNodeType(version) : found;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

function credentialTypes(): Map<string, ICredentialType> {
	const types = new Map<string, ICredentialType>(packageCredentialTypes());
	if (!types.has('httpHeaderAuth')) types.set('httpHeaderAuth', new HttpHeaderAuthStub());
	return types;
}

// ---------------------------------------------------------------------------------------------------------------------
// Credentials: the map's data, with the type's defaults applied and its authenticate run, as n8n's CredentialsHelper does.

class HarnessCredentialsHelper implements ICredentialsHelper {
	private readonly types = credentialTypes();

	constructor(private readonly credentials: CredentialMap) {}

	private type(name: string): ICredentialType {
		const found = this.types.get(name);
		if (!found) throw new Error(`In-process harness: unknown credential type "${name}"`);
		return found;
	}

	getParentTypes(name: string): string[] {
		const extended = this.types.get(name)?.extends ?? [];
		return [...extended, ...extended.flatMap((parent) => this.getParentTypes(parent))];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incoming as IHttpRequestOptions & Record<string, IDataObject | undefined>;
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('Workflow and node are required for declarative authentication');
			const resolve = (value: unknown) =>
				typeof value === 'string' && value.startsWith('=')
					? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials })
					: value;
			requestOptions.headers ??= {};
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				const target = (requestOptions[outerKey] ??= {}) as IDataObject;
				for (const [key, value] of Object.entries(outerValue as IDataObject)) {
					target[String(resolve(key))] = resolve(value) as IDataObject[string];
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('In-process harness: getCredentials (encrypted entities) is not available');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type];
		if (!data) throw new Error(`In-process harness: no "${type}" credentials were given to this run`);
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return { ...(withDefaults as ICredentialDataDecryptedObject) };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}
}

// ---------------------------------------------------------------------------------------------------------------------
// Workflow and additionalData

let networkConfigured = false;

/** n8n 2.41's SSRF guard is off by default; make sure an environment variable cannot turn it on for the simulators. */
function allowLoopback(): void {
	if (networkConfigured) return;
	// n8n-core's own copies (transitive dependencies, resolved from n8n-core so a hoisting change cannot split them).
	const fromCore = (id: string) => require.resolve(id, { paths: [path.dirname(require.resolve('n8n-core'))] });
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Container } = require(fromCore('@n8n/di')) as typeof import('@n8n/di');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { SsrfProtectionConfig } = require(fromCore('@n8n/config')) as typeof import('@n8n/config');
	Container.get(SsrfProtectionConfig).enabled = false;
	networkConfigured = true;
}

function attachCredentials(nodes: INode[], nodeTypes: INodeTypes, credentials: CredentialMap): INode[] {
	return nodes.map((original) => {
		const node: INode = structuredClone(original);
		let declared: Array<{ name: string }> = [];
		try {
			declared = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description.credentials ?? [];
		} catch {
			return node;
		}
		for (const { name } of declared) {
			if (!credentials[name]) continue;
			node.credentials ??= {};
			node.credentials[name] ??= { id: `harness-${name}`, name: `${name} (harness)` };
		}
		return node;
	});
}

function buildWorkflow(json: WorkflowJson, nodeTypes: INodeTypes, credentials: CredentialMap, staticData?: IDataObject) {
	return new Workflow({
		id: json.id ?? 'in-process',
		name: json.name ?? 'in-process workflow',
		nodes: attachCredentials(json.nodes, nodeTypes, credentials),
		connections: json.connections,
		active: false,
		nodeTypes,
		staticData: staticData ?? (json.staticData as IDataObject | undefined) ?? {},
		settings: { executionOrder: 'v1', ...(json.settings ?? {}) },
		pinData: json.pinData as IPinData | undefined,
	});
}

let executionCounter = 0;

function buildAdditionalData(
	workflow: Workflow,
	mode: WorkflowExecuteMode,
	credentials: CredentialMap,
	baseUrl = 'http://127.0.0.1:5678',
): AdditionalData {
	const executionId = `in-process-${++executionCounter}`;
	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: workflow.name ?? '',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		activeVersionId: null,
	};
	const base = baseUrl.replace(/\/+$/, '');
	const additionalData: Partial<AdditionalData> = {
		credentialsHelper: new HarnessCredentialsHelper(credentials),
		hooks: new core.ExecutionLifecycleHooks(mode, executionId, workflowData),
		executionId,
		workflowId: workflow.id,
		executeWorkflow: async () => {
			throw new Error('In-process harness: sub-workflows are not supported');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('In-process harness: task runners (Code node) are not available');
		},
	};
	return additionalData as AdditionalData;
}

function toItems(items: IDataObject[]): INodeExecutionData[] {
	return items.map((json) => ({ json: structuredClone(json) }));
}

function resultOf(run: IRun, response: IExecuteResponsePromiseData | undefined): RunResult {
	const runData = run.data.resultData.runData;
	const last = (nodeName: string) => runData[nodeName]?.at(-1);
	const outputs = (nodeName: string) => (last(nodeName)?.data?.main ?? []).map((items) => items ?? []);
	return {
		outputs,
		output: (nodeName, outputIndex = 0) => outputs(nodeName)[outputIndex] ?? [],
		ran: (nodeName) => (runData[nodeName]?.length ?? 0) > 0,
		nodeError: (nodeName) => last(nodeName)?.error,
		error: run.data.resultData.error,
		response,
		run,
	};
}

/** Runs a workflow JSON to the end and returns what each node produced. Never throws for a node's failure: see `error`. */
export async function runWorkflow(workflowJson: WorkflowJson, options: RunOptions = {}): Promise<RunResult> {
	allowLoopback();
	const credentials = options.credentials ?? {};
	const nodeTypes = new HarnessNodeTypes(options.items ?? [], options.nodeTypes);
	const workflow = buildWorkflow(workflowJson, nodeTypes, credentials, options.staticData);

	let startNode: INode | undefined;
	let pinData: IPinData | undefined = workflowJson.pinData as IPinData | undefined;
	if (options.trigger) {
		startNode = workflow.getNode(options.trigger.node) ?? undefined;
		if (!startNode) throw new Error(`In-process harness: no node named "${options.trigger.node}"`);
		const data = options.trigger.data ?? [toItems(options.trigger.items ?? [{}])];
		// The trigger's output, given: n8n's webhook route puts the webhook's data on the stack the same way.
		pinData = { ...(pinData ?? {}), [startNode.name]: data[0] ?? [] };
	} else {
		startNode = Object.values(workflow.nodes).find((node) => node.type === 'n8n-nodes-base.manualTrigger' && !node.disabled);
		if (!startNode) throw new Error('In-process harness: the workflow has no Manual Trigger; pass `trigger: { node, items }`');
	}

	const mode = options.mode ?? (options.trigger ? 'webhook' : 'manual');
	const additionalData = buildAdditionalData(workflow, mode, credentials, options.instanceBaseUrl);
	let response: IExecuteResponsePromiseData | undefined;
	additionalData.hooks?.addHandler('sendResponse', (answer) => {
		response ??= answer;
	});

	const execute = new core.WorkflowExecute(additionalData, mode);
	const run = await execute.run({ workflow, startNode, pinData });
	return resultOf(run, response);
}

// ---------------------------------------------------------------------------------------------------------------------
// Webhooks

export interface WebhookRequest {
	method?: string;
	/** Header names are lower-cased, as Node's HTTP server gives them. */
	headers?: Record<string, string>;
	/** A JSON body (object) or raw text; `rawBody` is derived from it unless given. */
	body?: unknown;
	rawBody?: Buffer | string;
	query?: Record<string, string>;
	/** The request URL as express gives it (path and query string); default `/` with `query` encoded after it. */
	url?: string;
	params?: Record<string, string>;
}

export interface WebhookAnswer {
	/** What the node itself wrote on the response object (e.g. a 401), if it did. */
	statusCode?: number;
	headers: Record<string, string>;
	body?: unknown;
	/** The node's return value: `workflowData` starts an execution; `noWebhookResponse` means it answered itself. */
	result: IWebhookResponseData;
}

export interface WebhookOptions {
	credentials?: CredentialMap;
	staticData?: IDataObject;
	/** `webhook` (production URL, default) or `manual` (test URL). */
	mode?: WorkflowExecuteMode;
	instanceBaseUrl?: string;
	/** Which of the node's webhooks (default `default`). */
	webhookName?: string;
	/** More node types by full type name (test probes). */
	nodeTypes?: Record<string, INodeType | IVersionedNodeType>;
}

/** The slice of express's Response a webhook node uses; records what was sent. */
class RecordingResponse {
	statusCode = 200;

	headers: Record<string, string> = {};

	body?: unknown;

	finished = false;

	status(code: number) {
		this.statusCode = code;
		return this;
	}

	setHeader(name: string, value: string) {
		this.headers[name.toLowerCase()] = String(value);
		return this;
	}

	set(name: string, value: string) {
		return this.setHeader(name, value);
	}

	header(name: string, value: string) {
		return this.setHeader(name, value);
	}

	getHeader(name: string) {
		return this.headers[name.toLowerCase()];
	}

	writeHead(code: number, headers?: Record<string, string>) {
		this.statusCode = code;
		for (const [name, value] of Object.entries(headers ?? {})) this.setHeader(name, value);
		return this;
	}

	send(body?: unknown) {
		this.body = body;
		this.finished = true;
		return this;
	}

	json(body: unknown) {
		this.setHeader('content-type', 'application/json');
		return this.send(body);
	}

	end(body?: unknown) {
		if (body !== undefined) this.body = Buffer.isBuffer(body) ? body.toString() : body;
		this.finished = true;
		return this;
	}

	sendStatus(code: number) {
		return this.status(code).send(String(code));
	}
}

function fakeRequest(request: WebhookRequest) {
	const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
	const rawText =
		request.rawBody !== undefined
			? request.rawBody.toString()
			: request.body === undefined
				? ''
				: typeof request.body === 'string'
					? request.body
					: JSON.stringify(request.body);
	let body = request.body;
	if (body === undefined && rawText) {
		try {
			body = JSON.parse(rawText);
		} catch {
			body = rawText;
		}
	}
	if (rawText && !headers['content-type']) headers['content-type'] = 'application/json';
	const rawBody = Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.from(rawText);
	return {
		method: (request.method ?? 'POST').toUpperCase(),
		headers,
		body: body ?? {},
		rawBody,
		readRawBody: async () => {},
		contentType: headers['content-type']?.split(';')[0].trim(),
		query: request.query ?? {},
		url: request.url ?? `/${request.query ? `?${new URLSearchParams(request.query).toString()}` : ''}`,
		params: request.params ?? {},
		get: (name: string) => headers[name.toLowerCase()],
		header: (name: string) => headers[name.toLowerCase()],
	};
}

function webhookSetup(workflowJson: WorkflowJson, nodeName: string, options: WebhookOptions) {
	allowLoopback();
	const credentials = options.credentials ?? {};
	const nodeTypes = new HarnessNodeTypes([], options.nodeTypes);
	const workflow = buildWorkflow(workflowJson, nodeTypes, credentials, options.staticData);
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`In-process harness: no node named "${nodeName}"`);
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const mode = options.mode ?? 'webhook';
	const additionalData = buildAdditionalData(workflow, mode, credentials, options.instanceBaseUrl);
	const description = (nodeType.description.webhooks ?? []).find((hook) => hook.name === (options.webhookName ?? 'default'));
	if (!description) throw new Error(`In-process harness: node "${nodeName}" has no "${options.webhookName ?? 'default'}" webhook`);
	const httpMethod = workflow.expression.getSimpleParameterValue(node, description.httpMethod, mode, {}, undefined, 'GET');
	const webhookPath = workflow.expression.getSimpleParameterValue(node, description.path, mode, {}, undefined, '');
	const webhookData: IWebhookData = {
		httpMethod: String(httpMethod) as IWebhookData['httpMethod'],
		node: node.name,
		path: String(webhookPath ?? ''),
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest: mode === 'manual',
	};
	return { workflow, node, nodeType, mode, additionalData, webhookData };
}

/** Runs one node's `webhook()` on a request, in-process. */
export async function callWebhook(
	workflowJson: WorkflowJson,
	nodeName: string,
	request: WebhookRequest,
	options: WebhookOptions = {},
): Promise<WebhookAnswer> {
	const { workflow, node, nodeType, mode, additionalData, webhookData } = webhookSetup(workflowJson, nodeName, options);
	if (!nodeType.webhook) throw new Error(`In-process harness: node "${nodeName}" is not a webhook node`);
	const response = new RecordingResponse();
	additionalData.httpRequest = fakeRequest(request) as unknown as AdditionalData['httpRequest'];
	additionalData.httpResponse = response as unknown as AdditionalData['httpResponse'];
	const context = new core.WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
	const result = await nodeType.webhook.call(context);
	return {
		statusCode: response.finished ? response.statusCode : undefined,
		headers: response.headers,
		body: response.body,
		result,
	};
}

export interface WebhookRunResult {
	/** What the caller would get back: the node's own answer, the Respond to Webhook node's, or n8n's default. */
	response: { statusCode: number; headers: Record<string, string>; body: unknown };
	webhook: WebhookAnswer;
	/** The execution the webhook started, if it started one. */
	execution?: RunResult;
}

/**
 * What n8n's webhook route does with one request: run the node's `webhook()`, and when it returns workflow data run the
 * workflow from that node. Response modes: `onReceived` (n8n's `{"message":"Workflow was started"}`), `responseNode`,
 * `lastNode` (first item of the last node).
 */
export async function runWebhookWorkflow(
	workflowJson: WorkflowJson,
	nodeName: string,
	request: WebhookRequest,
	options: WebhookOptions = {},
): Promise<WebhookRunResult> {
	const webhook = await callWebhook(workflowJson, nodeName, request, options);
	if (webhook.statusCode !== undefined || webhook.result.noWebhookResponse) {
		return {
			webhook,
			response: { statusCode: webhook.statusCode ?? 200, headers: webhook.headers, body: webhook.body },
		};
	}
	const { webhookResponse, workflowData } = webhook.result;
	if (!workflowData) {
		return { webhook, response: { statusCode: 200, headers: webhook.headers, body: webhookResponse ?? '' } };
	}
	const execution = await runWorkflow(workflowJson, {
		credentials: options.credentials,
		staticData: options.staticData,
		instanceBaseUrl: options.instanceBaseUrl,
		nodeTypes: options.nodeTypes,
		mode: options.mode ?? 'webhook',
		trigger: { node: nodeName, data: workflowData },
	});
	const node = workflowJson.nodes.find((candidate) => candidate.name === nodeName);
	const responseMode = String(node?.parameters?.responseMode ?? 'onReceived');
	if (webhookResponse !== undefined) {
		return { webhook, execution, response: { statusCode: 200, headers: webhook.headers, body: webhookResponse } };
	}
	if (responseMode === 'responseNode' && execution.response) {
		const { body, headers, statusCode } = execution.response;
		return {
			webhook,
			execution,
			response: { statusCode: Number(statusCode ?? 200), headers: (headers ?? {}) as Record<string, string>, body },
		};
	}
	if (responseMode === 'lastNode') {
		const lastNode = execution.run.data.resultData.lastNodeExecuted;
		const first = lastNode ? execution.output(lastNode)[0] : undefined;
		const failed = execution.error !== undefined;
		return {
			webhook,
			execution,
			response: failed
				? { statusCode: 500, headers: {}, body: { message: 'Error in workflow' } }
				: { statusCode: 200, headers: {}, body: first?.json ?? {} },
		};
	}
	return { webhook, execution, response: { statusCode: 200, headers: {}, body: { message: 'Workflow was started' } } };
}

type HookMethod = (this: IHookFunctions) => Promise<boolean>;

/** Runs a webhook node's `webhookMethods[webhookName].{checkExists|create|delete}` as n8n does on (de)activation. */
export async function runWebhookMethod(
	workflowJson: WorkflowJson,
	nodeName: string,
	method: 'checkExists' | 'create' | 'delete',
	options: WebhookOptions & { activation?: WorkflowActivateMode } = {},
): Promise<boolean | undefined> {
	const { workflow, node, nodeType, mode, additionalData, webhookData } = webhookSetup(workflowJson, nodeName, options);
	const methods = (nodeType.webhookMethods as Record<string, Partial<Record<string, HookMethod>>> | undefined)?.[
		options.webhookName ?? 'default'
	];
	const fn = methods?.[method];
	if (!fn) throw new Error(`In-process harness: node "${nodeName}" has no webhookMethods.${options.webhookName ?? 'default'}.${method}`);
	const context = new core.HookContext(workflow, node, additionalData, mode, options.activation ?? 'activate', webhookData);
	return await fn.call(context);
}

// ---------------------------------------------------------------------------------------------------------------------
// Resource locators

export interface ListSearchOptions {
	credentials?: CredentialMap;
	/** What the user typed in the list's search box. */
	filter?: string;
	/** The token the previous page answered, when the user scrolls on. */
	paginationToken?: string;
	/** The parameter whose list is open (what getCurrentNodeParameter reads from). */
	parameter?: string;
}

/**
 * Runs a node's `methods.listSearch[method]` as the editor does when a resource locator's "From List" opens, through
 * n8n-core's real LoadOptionsContext (credentials injected as in a run). Throws what the method throws.
 */
export async function runListSearch(
	workflowJson: WorkflowJson,
	nodeName: string,
	method: string,
	options: ListSearchOptions = {},
): Promise<INodeListSearchResult> {
	allowLoopback();
	const credentials = options.credentials ?? {};
	const nodeTypes = new HarnessNodeTypes([]);
	const workflow = buildWorkflow(workflowJson, nodeTypes, credentials);
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`In-process harness: no node named "${nodeName}"`);
	const search = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).methods?.listSearch?.[method];
	if (!search) throw new Error(`In-process harness: node "${nodeName}" has no listSearch method "${method}"`);
	const additionalData = buildAdditionalData(workflow, 'manual', credentials);
	const context = new core.LoadOptionsContext(workflow, node, additionalData, `parameters.${options.parameter ?? ''}`);
	return await search.call(context, options.filter, options.paginationToken);
}
