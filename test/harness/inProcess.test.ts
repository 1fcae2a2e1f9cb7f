import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { vendorRequest } from '../../nodes/shared/transport';
import { callWebhook, runWebhookMethod, runWebhookWorkflow, runWorkflow, type WorkflowJson } from './inProcess';
import { PACKAGE_NAME, packageCredentialTypes, packageNodeTypes } from './packageTypes';

// ---- test probes: node types that exist only in these tests ------------------------------------------------------

/** Evaluates its `value` parameter per item (expressions included) into `json.value`; fails on `json.fail`. */
class ProbeNode implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (const [itemIndex, item] of this.getInputData().entries()) {
			try {
				if (item.json.fail) throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: asked to fail`, { itemIndex });
				out.push({ json: { ...item.json, value: this.getNodeParameter('value', itemIndex) }, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
			}
		}
		return [out];
	}
}

/** Calls a vendor through the package's shared transport (httpRequestWithAuthentication + the credential classes). */
class VendorProbe implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Vendor Probe',
		name: 'vendorProbe',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Vendor Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'zendeskRelayApi', required: true },
			{ name: 'brazeRelayApi', required: true },
		],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const zendesk = await vendorRequest(this, 'zendesk', { method: 'GET', path: '/api/v2/users/me.json' });
		const braze = await vendorRequest(this, 'braze', { method: 'POST', path: '/users/track', body: { attributes: [] } });
		return [[{ json: { zendesk: zendesk.body, braze: braze.body }, pairedItem: { item: 0 } }]];
	}
}

/** A webhook trigger that keeps a secret in static data on activation and checks it on every request. */
class SecretWebhookProbe implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Secret Webhook',
		name: 'secretWebhook',
		group: ['trigger'],
		version: 1,
		description: '',
		defaults: { name: 'Secret Webhook' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', path: 'secret', responseMode: 'onReceived' }],
		properties: [],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return this.getWorkflowStaticData('node').secret !== undefined;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				this.getWorkflowStaticData('node').secret = 's3cret';
				this.getWorkflowStaticData('node').url = this.getNodeWebhookUrl('default');
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				delete this.getWorkflowStaticData('node').secret;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		if (request.headers['x-secret'] !== this.getWorkflowStaticData('node').secret) {
			this.getResponseObject().status(401).json({ error: 'bad secret' });
			return { noWebhookResponse: true };
		}
		return { workflowData: [[{ json: { raw: request.rawBody.toString(), body: request.body as IDataObject } }]] };
	}
}

const probes = {
	'test.probe': new ProbeNode(),
	'test.vendorProbe': new VendorProbe(),
	'test.secretWebhook': new SecretWebhookProbe(),
};

function node(name: string, type: string, parameters: INodeParameters = {}, extra: Partial<INode> = {}): INode {
	return { id: name, name, type, typeVersion: 1, position: [0, 0], parameters, ...extra };
}

function chain(...names: string[]): WorkflowJson['connections'] {
	const connections: WorkflowJson['connections'] = {};
	for (let i = 0; i + 1 < names.length; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

// ---- tests --------------------------------------------------------------------------------------------------------

describe('in-process harness: running workflows', () => {
	const manualToNoOp: WorkflowJson = {
		nodes: [node('Start', 'n8n-nodes-base.manualTrigger'), node('Pass', 'n8n-nodes-base.noOp')],
		connections: chain('Start', 'Pass'),
	};

	it('runs Manual Trigger → No Op with the items given', async () => {
		const run = await runWorkflow(manualToNoOp, { items: [{ a: 1 }, { a: 2 }] });
		expect(run.error).toBeUndefined();
		expect(run.run.status).toBe('success');
		expect(run.output('Start').map((item) => item.json)).toEqual([{ a: 1 }, { a: 2 }]);
		expect(run.output('Pass').map((item) => item.json)).toEqual([{ a: 1 }, { a: 2 }]);
		expect(run.ran('Pass')).toBe(true);
	});

	it('feeds one empty item when none are given, as n8n does', async () => {
		const run = await runWorkflow(manualToNoOp);
		expect(run.output('Pass').map((item) => item.json)).toEqual([{}]);
	});

	it('does not let a node mutate the caller\'s items', async () => {
		const items = [{ nested: { n: 1 } }];
		await runWorkflow(manualToNoOp, { items });
		expect(items).toEqual([{ nested: { n: 1 } }]);
	});

	it('evaluates expressions: $json, $("Node").item, $workflow, $execution, built-in extensions', async () => {
		const workflow: WorkflowJson = {
			name: 'expressions',
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger'),
				node('Pass', 'n8n-nodes-base.noOp'),
				node('Probe', 'test.probe', {
					value:
						'={{ $json.a * 10 }}|{{ $("Start").item.json.name.toUpperCase() }}|{{ $workflow.name }}|{{ $execution.mode }}|{{ "a b".split(" ").length }}|{{ [3,1,2].max() }}',
				}),
			],
			connections: chain('Start', 'Pass', 'Probe'),
		};
		const run = await runWorkflow(workflow, { items: [{ a: 1, name: 'ann' }, { a: 2, name: 'bob' }], nodeTypes: probes });
		expect(run.error).toBeUndefined();
		expect(run.output('Probe').map((item) => item.json.value)).toEqual(['10|ANN|expressions|test|2|3', '20|BOB|expressions|test|2|3']);
		expect(run.output('Probe').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('reports a node failure as the execution error, and honours continueOnFail', async () => {
		const workflow: WorkflowJson = {
			nodes: [node('Start', 'n8n-nodes-base.manualTrigger'), node('Probe', 'test.probe', { value: 'x' })],
			connections: chain('Start', 'Probe'),
		};
		const failed = await runWorkflow(workflow, { items: [{ ok: 1 }, { fail: true }], nodeTypes: probes });
		expect(failed.run.status).toBe('error');
		expect(failed.error?.message).toBe('Item 1: asked to fail');
		expect(failed.nodeError('Probe')?.message).toBe('Item 1: asked to fail');
		expect(failed.output('Probe')).toEqual([]);

		workflow.nodes[1] = { ...workflow.nodes[1], onError: 'continueRegularOutput' };
		const continued = await runWorkflow(workflow, { items: [{ ok: 1 }, { fail: true }], nodeTypes: probes });
		expect(continued.error).toBeUndefined();
		expect(continued.output('Probe').map((item) => item.json)).toEqual([{ ok: 1, value: 'x' }, { error: 'Item 1: asked to fail' }]);
	});

	it('starts from a given trigger node and its output (webhook-started workflows)', async () => {
		const workflow: WorkflowJson = {
			nodes: [node('Hook', 'n8n-nodes-base.webhook', { path: 'x', httpMethod: 'POST' }), node('Pass', 'n8n-nodes-base.noOp')],
			connections: chain('Hook', 'Pass'),
		};
		const run = await runWorkflow(workflow, { trigger: { node: 'Hook', items: [{ body: { a: 1 } }] } });
		expect(run.error).toBeUndefined();
		expect(run.output('Pass').map((item) => item.json)).toEqual([{ body: { a: 1 } }]);
	});

	it('runs a hundred small workflows quickly', async () => {
		const started = performance.now();
		for (let i = 0; i < 100; i++) await runWorkflow(manualToNoOp, { items: [{ i }] });
		expect(performance.now() - started).toBeLessThan(5_000);
	});
});

describe('in-process harness: HTTP through n8n-core with our credential classes', () => {
	let server: Server;
	let baseUrl: string;
	const seen: Array<{ method?: string; url?: string; authorization?: string; body: string }> = [];

	beforeAll(async () => {
		server = createServer((request: IncomingMessage, response) => {
			let body = '';
			request.on('data', (chunk: Buffer) => (body += chunk.toString()));
			request.on('end', () => {
				seen.push({ method: request.method, url: request.url, authorization: request.headers.authorization, body });
				response.setHeader('content-type', 'application/json');
				response.end(JSON.stringify({ path: request.url }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
	});

	it('sends real requests to loopback with the Authorization header each credential class builds', async () => {
		const workflow: WorkflowJson = {
			nodes: [node('Start', 'n8n-nodes-base.manualTrigger'), node('Call', 'test.vendorProbe')],
			connections: chain('Start', 'Call'),
		};
		const run = await runWorkflow(workflow, {
			nodeTypes: probes,
			credentials: {
				zendeskRelayApi: { hostType: 'url', baseUrl: `${baseUrl}/`, email: 'agent@acme.test', apiToken: 'tok' },
				brazeRelayApi: { instance: 'custom', customUrl: baseUrl, apiKey: 'braze-key' },
			},
		});
		expect(run.error).toBeUndefined();
		expect(run.output('Call')[0].json).toEqual({ zendesk: { path: '/api/v2/users/me.json' }, braze: { path: '/users/track' } });
		expect(seen).toEqual([
			{
				method: 'GET',
				url: '/api/v2/users/me.json',
				authorization: `Basic ${Buffer.from('agent@acme.test/token:tok').toString('base64')}`,
				body: '',
			},
			{ method: 'POST', url: '/users/track', authorization: 'Bearer braze-key', body: '{"attributes":[]}' },
		]);
	});

	it('fails the node clearly when a run lacks the credentials the node needs', async () => {
		const workflow: WorkflowJson = {
			nodes: [node('Start', 'n8n-nodes-base.manualTrigger'), node('Call', 'test.vendorProbe')],
			connections: chain('Start', 'Call'),
		};
		const run = await runWorkflow(workflow, { nodeTypes: probes });
		expect(run.error?.message).toMatch(/credentials/i);
	});
});

describe('in-process harness: webhooks', () => {
	const headerAuthFlow: WorkflowJson = {
		nodes: [
			node('Hook', 'n8n-nodes-base.webhook', {
				httpMethod: 'POST',
				path: 'inbound',
				authentication: 'headerAuth',
				responseMode: 'responseNode',
			}, { typeVersion: 2, webhookId: 'abc' }),
			node('Echo', 'test.probe', { value: '={{ $json.body.message }}' }),
			node('Respond', 'n8n-nodes-base.respondToWebhook', {
				respondWith: 'json',
				responseBody: '={{ { "got": $json.value } }}',
				options: { responseCode: 201 },
			}),
		],
		connections: chain('Hook', 'Echo', 'Respond'),
	};
	const credentials = { httpHeaderAuth: { name: 'X-Relay-Token', value: 'letmein' } };

	it('runs the stock-like Webhook → node → Respond to Webhook path and returns the response node\'s answer', async () => {
		const result = await runWebhookWorkflow(
			headerAuthFlow,
			'Hook',
			{ headers: { 'x-relay-token': 'letmein' }, body: { message: 'hello' } },
			{ credentials, nodeTypes: probes },
		);
		expect(result.execution?.error).toBeUndefined();
		expect(result.execution?.output('Hook')[0].json).toMatchObject({
			body: { message: 'hello' },
			webhookUrl: 'http://127.0.0.1:5678/webhook/inbound',
			executionMode: 'production',
		});
		expect(result.response).toEqual({ statusCode: 201, headers: {}, body: { got: 'hello' } });
	});

	it('answers 403 and starts nothing when the header auth is wrong', async () => {
		const result = await runWebhookWorkflow(
			headerAuthFlow,
			'Hook',
			{ headers: { 'x-relay-token': 'nope' }, body: { message: 'hello' } },
			{ credentials, nodeTypes: probes },
		);
		expect(result.execution).toBeUndefined();
		expect(result.response).toEqual({ statusCode: 403, headers: {}, body: 'Authorization data is wrong!' });
	});

	it('keeps static data across activation and requests, and gives webhook() the raw body', async () => {
		const workflow: WorkflowJson = {
			id: 'wf1',
			nodes: [node('Trigger', 'test.secretWebhook', {}, { webhookId: 'hook-1' }), node('Pass', 'n8n-nodes-base.noOp')],
			connections: chain('Trigger', 'Pass'),
		};
		const staticData: IDataObject = {};
		const options = { staticData, nodeTypes: probes };
		expect(await runWebhookMethod(workflow, 'Trigger', 'checkExists', options)).toBe(false);
		expect(await runWebhookMethod(workflow, 'Trigger', 'create', options)).toBe(true);
		expect(staticData['node:Trigger']).toEqual({ secret: 's3cret', url: 'http://127.0.0.1:5678/webhook/hook-1/secret' });
		expect(await runWebhookMethod(workflow, 'Trigger', 'checkExists', options)).toBe(true);

		const refused = await callWebhook(workflow, 'Trigger', { headers: { 'x-secret': 'wrong' }, body: { a: 1 } }, options);
		expect(refused).toMatchObject({ statusCode: 401, body: { error: 'bad secret' }, result: { noWebhookResponse: true } });

		const raw = '{"a": 1,  "spaced": true}';
		const accepted = await runWebhookWorkflow(workflow, 'Trigger', { headers: { 'x-secret': 's3cret' }, rawBody: raw }, options);
		expect(accepted.response).toEqual({ statusCode: 200, headers: {}, body: { message: 'Workflow was started' } });
		expect(accepted.execution?.output('Pass')[0].json).toEqual({ raw, body: { a: 1, spaced: true } });

		await runWebhookMethod(workflow, 'Trigger', 'delete', { ...options, activation: 'manual' });
		expect(staticData['node:Trigger']).toEqual({ url: 'http://127.0.0.1:5678/webhook/hook-1/secret' });
	});
});

describe('in-process harness: the package\'s own types', () => {
	it('keys our credential classes by name', () => {
		expect([...packageCredentialTypes().keys()]).toEqual(expect.arrayContaining(['zendeskRelayApi', 'brazeRelayApi']));
	});

	it('keys every node class under nodes/ as n8n-nodes-zendesk-braze.<name>', () => {
		for (const [type, nodeType] of packageNodeTypes()) {
			expect(type).toBe(`${PACKAGE_NAME}.${nodeType.description.name}`);
		}
	});
});
