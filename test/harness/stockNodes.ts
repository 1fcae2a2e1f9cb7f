// Small stand-ins for the few stock n8n nodes our workflows and tests use, so the in-process harness can run a workflow
// JSON exported from n8n without n8n-nodes-base (which is not installable next to n8n-core here). They keep the stock
// type names, parameter names and output shapes; they do not reproduce every option.
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

function description(partial: Partial<INodeTypeDescription> & Pick<INodeTypeDescription, 'name'>): INodeTypeDescription {
	return {
		displayName: partial.name,
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: partial.name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...partial,
	};
}

/** `n8n-nodes-base.manualTrigger`: emits the items the run was given (one empty item when none, as n8n does). */
export class ManualTriggerStub implements INodeType {
	description = description({ name: 'manualTrigger', group: ['trigger'], version: 1, inputs: [] });

	trigger: INodeType['trigger'];

	constructor(items: IDataObject[] = []) {
		// n8n calls `trigger` with its trigger context as `this`; the items come from the run that built this instance.
		this.trigger = async function (this: ITriggerFunctions): Promise<ITriggerResponse> {
			const data = (items.length ? items : [{}]).map((json) => ({ json: structuredClone(json) }));
			return { manualTriggerFunction: async () => this.emit([data]) };
		};
	}
}

/** `n8n-nodes-base.noOp`: passes its items through. */
export class NoOpStub implements INodeType {
	description = description({ name: 'noOp', version: 1 });

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** `n8n-nodes-base.stickyNote`: never runs; exists so exported workflows with notes load. */
export class StickyNoteStub implements INodeType {
	description = description({
		name: 'stickyNote',
		inputs: [],
		outputs: [],
		version: [1, 2],
		properties: [
			{ displayName: 'Content', name: 'content', type: 'string', default: '' },
			{ displayName: 'Height', name: 'height', type: 'number', default: 160 },
			{ displayName: 'Width', name: 'width', type: 'number', default: 240 },
			{ displayName: 'Color', name: 'color', type: 'number', default: 1 },
		],
	});
}

/**
 * `n8n-nodes-base.webhook` (v2 shapes): output `{ headers, params, query, body, webhookUrl, executionMode }`;
 * `authentication: headerAuth` checks the `httpHeaderAuth` credential and answers 403 like the stock node.
 */
export class WebhookStub implements INodeType {
	description = description({
		name: 'webhook',
		group: ['trigger'],
		version: [1, 1.1, 2, 2.1],
		inputs: [],
		credentials: [
			{ name: 'httpHeaderAuth', required: true, displayOptions: { show: { authentication: ['headerAuth'] } } },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: '={{$parameter["httpMethod"] || "GET"}}',
				isFullPath: true,
				responseCode: '={{$parameter["responseCode"]}}',
				responseMode: '={{$parameter["responseMode"]}}',
				responseData: '={{$parameter["responseData"]}}',
				path: '={{$parameter["path"]}}',
			},
		],
		properties: [
			{ displayName: 'HTTP Method', name: 'httpMethod', type: 'string', default: 'GET' },
			{ displayName: 'Path', name: 'path', type: 'string', default: '' },
			{ displayName: 'Authentication', name: 'authentication', type: 'string', default: 'none' },
			{ displayName: 'Respond', name: 'responseMode', type: 'string', default: 'onReceived' },
			{ displayName: 'Response Code', name: 'responseCode', type: 'number', default: 200 },
			{ displayName: 'Response Data', name: 'responseData', type: 'string', default: 'firstEntryJson' },
			{ displayName: 'Options', name: 'options', type: 'json', default: {} },
		],
	});

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		if (this.getNodeParameter('authentication', 'none') === 'headerAuth') {
			let expected: ICredentialDataDecryptedObject | undefined;
			try {
				expected = await this.getCredentials<ICredentialDataDecryptedObject>('httpHeaderAuth');
			} catch {
				expected = undefined;
			}
			const name = String(expected?.name ?? '').toLowerCase();
			if (!expected || !name) {
				const response = this.getResponseObject();
				response.status(500).send('No authentication data defined on node!');
				return { noWebhookResponse: true };
			}
			if (request.headers[name] !== expected.value) {
				const response = this.getResponseObject();
				response.status(403).send('Authorization data is wrong!');
				return { noWebhookResponse: true };
			}
		}
		return {
			workflowData: [
				[
					{
						json: {
							headers: request.headers as IDataObject,
							params: (request.params ?? {}) as IDataObject,
							query: (request.query ?? {}) as IDataObject,
							body: request.body as IDataObject,
							webhookUrl: this.getNodeWebhookUrl('default') ?? '',
							executionMode: this.getMode() === 'manual' ? 'test' : 'production',
						},
					},
				],
			],
		};
	}
}

/**
 * `n8n-nodes-base.respondToWebhook`: sends `{ body, headers, statusCode }` through n8n's `sendResponse` hook, where the
 * harness picks it up, and passes its items on. respondWith: firstIncomingItem (default), allIncomingItems, json, text,
 * noData; options.responseCode, options.responseHeaders.entries[{ name, value }].
 */
export class RespondToWebhookStub implements INodeType {
	description = description({
		name: 'respondToWebhook',
		version: [1, 1.1, 1.2, 1.3, 1.4, 1.5],
		properties: [
			{ displayName: 'Respond With', name: 'respondWith', type: 'string', default: 'firstIncomingItem' },
			{ displayName: 'Response Body', name: 'responseBody', type: 'json', default: '{\n  "myField": "value"\n}' },
			{ displayName: 'Options', name: 'options', type: 'json', default: {} },
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const respondWith = this.getNodeParameter('respondWith', 0) as string;
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const headers: IDataObject = {};
		const entries = ((options.responseHeaders as IDataObject | undefined)?.entries ?? []) as IDataObject[];
		for (const entry of entries) headers[String(entry.name).toLowerCase()] = entry.value;
		let body: unknown;
		if (respondWith === 'json') {
			const raw = this.getNodeParameter('responseBody', 0);
			body = typeof raw === 'string' ? JSON.parse(raw) : raw;
		} else if (respondWith === 'text') {
			body = this.getNodeParameter('responseBody', 0);
		} else if (respondWith === 'allIncomingItems') {
			body = items.map((item) => item.json);
		} else if (respondWith === 'noData') {
			body = '';
		} else {
			body = items[0]?.json ?? {};
		}
		this.sendResponse({ body: body as IDataObject, headers, statusCode: Number(options.responseCode ?? 200) });
		return [items];
	}
}

/** n8n's `httpHeaderAuth` credential: a header name and value, sent as that header. */
export class HttpHeaderAuthStub implements ICredentialType {
	name = 'httpHeaderAuth';

	displayName = 'Header Auth';

	properties: ICredentialType['properties'] = [
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
		{ displayName: 'Value', name: 'value', type: 'string', typeOptions: { password: true }, default: '' },
	];

	authenticate: ICredentialType['authenticate'] = {
		type: 'generic',
		properties: { headers: { '={{$credentials.name}}': '={{$credentials.value}}' } },
	};
}
