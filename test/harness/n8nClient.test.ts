// The real-n8n client's own logic, against a stand-in HTTP server (the real thing is exercised by test/e2e/).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { N8nApi, N8nApiError, prepareWorkflow, send, type WorkflowJson } from '../../scripts/n8n';

const workflow: WorkflowJson = {
	name: 'exported',
	nodes: [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: 'abc',
			parameters: { path: 'abc', httpMethod: 'POST' },
			credentials: { httpHeaderAuth: { id: 'placeholder', name: 'Token' } },
		},
		{
			name: 'Fixed Path',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: 'def',
			parameters: { path: 'inbound', httpMethod: 'POST' },
		},
		{ name: 'Relay', type: 'n8n-nodes-zendesk-braze.zendeskTicketRelay', typeVersion: 1, parameters: {} },
	],
	connections: {},
	settings: { executionOrder: 'v1', timezone: 'Europe/Paris', binaryMode: 'separate', callerPolicy: 'workflowsFromSameOwner' },
	id: 'old-id',
	active: true,
	tags: [],
};

describe('prepareWorkflow', () => {
	it('points credential references at the given ones, keeps known settings only, and renews webhook ids', () => {
		const prepared = prepareWorkflow(workflow, { credentials: { httpHeaderAuth: { id: '7', name: 'Relay token' } } });
		expect(prepared.nodes[0].credentials).toEqual({ httpHeaderAuth: { id: '7', name: 'Relay token' } });
		expect(prepared.settings).toEqual({ executionOrder: 'v1', timezone: 'Europe/Paris', callerPolicy: 'workflowsFromSameOwner' });
		expect(prepared.nodes[0].webhookId).not.toBe('abc');
		expect(prepared.nodes[0].parameters?.path).toBe(prepared.nodes[0].webhookId);
		expect(prepared.nodes[1].webhookId).not.toBe('def');
		expect(prepared.nodes[1].parameters?.path).toBe('inbound');
		expect(prepared.nodes[2]).toEqual(workflow.nodes[2]);
		expect(workflow.nodes[0].webhookId).toBe('abc');
	});

	it('keeps webhook ids when asked to', () => {
		const prepared = prepareWorkflow(workflow, { freshWebhookIds: false, name: 'renamed' });
		expect(prepared.nodes.map((node) => node.webhookId)).toEqual(['abc', 'def', undefined]);
		expect(prepared.name).toBe('renamed');
	});
});

describe('N8nApi against a stand-in server', () => {
	let server: Server;
	let baseUrl: string;
	let registeredAfter = 0;
	const requests: Array<{ method?: string; url?: string; apiKey?: string; body: string; connection?: string }> = [];

	beforeAll(async () => {
		const started = Date.now();
		server = createServer((request, response) => {
			let body = '';
			request.on('data', (chunk: Buffer) => (body += chunk.toString()));
			request.on('end', () => {
				requests.push({
					method: request.method,
					url: request.url,
					apiKey: request.headers['x-n8n-api-key'] as string | undefined,
					body,
					connection: request.headers.connection,
				});
				if (request.url?.startsWith('/webhook/late') && request.method === 'OPTIONS') {
					response.statusCode = Date.now() - started > registeredAfter ? 204 : 404;
					response.end();
					return;
				}
				if (request.url === '/api/v1/credentials' && request.method === 'POST') {
					const { type } = JSON.parse(body) as { type: string };
					response.setHeader('content-type', 'application/json; charset=utf-8');
					if (type === 'unknownType') {
						response.statusCode = 400;
						response.end(JSON.stringify({ message: 'request.body.type is not a known credential type' }));
						return;
					}
					response.end(JSON.stringify({ id: 'c1', name: 'n' }));
					return;
				}
				response.statusCode = 200;
				response.setHeader('content-type', 'text/plain');
				response.end('plain');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
	});

	it('sends the API key, parses JSON answers, and throws N8nApiError with the server message otherwise', async () => {
		const api = new N8nApi({ baseUrl, apiKey: 'k3y', version: 'test' });
		await expect(api.createCredential('httpHeaderAuth', { name: 'a', value: 'b' }, 'n')).resolves.toEqual({ id: 'c1', name: 'n' });
		expect(requests.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/credentials', apiKey: 'k3y', connection: 'close' });
		expect(JSON.parse(requests.at(-1)?.body ?? '{}')).toEqual({ name: 'n', type: 'httpHeaderAuth', data: { name: 'a', value: 'b' } });

		const failure = api.createCredential('unknownType', {});
		await expect(failure).rejects.toBeInstanceOf(N8nApiError);
		await expect(failure).rejects.toThrow('n8n API POST /credentials answered 400: request.body.type is not a known credential type');
	});

	it('waits for a webhook until its preflight stops answering 404', async () => {
		registeredAfter = 300;
		const api = new N8nApi({ baseUrl, apiKey: 'k', version: 'test' });
		await api.waitForWebhook('late/path', 'POST', 5_000);
		const preflights = requests.filter((request) => request.url === '/webhook/late/path');
		expect(preflights.length).toBeGreaterThan(1);
		expect(preflights.every((request) => request.method === 'OPTIONS')).toBe(true);
	});

	it('gives up on a webhook that never registers, saying which', async () => {
		registeredAfter = Number.POSITIVE_INFINITY;
		const api = new N8nApi({ baseUrl, apiKey: 'k', version: 'test' });
		await expect(api.waitForWebhook('late/never', 'POST', 300)).rejects.toThrow(
			'webhook POST /webhook/late/never not registered after 300 ms (last status 404)',
		);
	});

	it('send() uses a fresh connection per request and keeps non-JSON bodies as text', async () => {
		const answer = await send(`${baseUrl}/anything`);
		expect(answer).toMatchObject({ status: 200, body: 'plain' });
		expect(requests.at(-1)?.connection).toBe('close');
	});
});
