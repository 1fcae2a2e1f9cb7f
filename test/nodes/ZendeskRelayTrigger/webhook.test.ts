// webhook(): what Zendesk's calls get back, and which of them start an execution. Runs the node's real webhook() through
// n8n-core's WebhookContext (in-process harness), with the signing secret in static data as activation leaves it.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { callWebhook, type WebhookRequest, type WorkflowJson } from '../../harness/inProcess';
import { triggerWorkflow } from './triggerWorkflow';
import { signBody } from '../../../nodes/ZendeskRelayTrigger/signature';
import { triggerBody } from '../../../nodes/ZendeskRelayTrigger/triggerDefinitions';

const NODE = 'Zendesk Relay Trigger';
const SECRET = 'zendesk-signing-secret-1';

function workflow(parameters: INodeParameters = {}): WorkflowJson {
	return triggerWorkflow(parameters, {
		id: 'wf-relay',
		name: 'Zendesk to Braze SMS',
		webhookId: '5b1f0c9e-0d3a-4c55-9a51-7d6e8f1a2b3c',
	});
}

function activatedStaticData(secret = SECRET): IDataObject {
	return {
		[`node:${NODE}`]: {
			setup: { workflowId: 'wf-relay', endpoint: 'x', events: ['agentReply', 'ticketSolved'], webhookId: '1', signingSecret: secret, triggerIds: {} },
		},
	};
}

function zendeskBody(overrides: IDataObject = {}): string {
	return JSON.stringify({
		event: 'agentReply',
		ticket: { id: '101', status: 'Open' },
		requester: { id: '7', external_id: 'ext-7', braze_external_id: 'braze-7', name: 'Ana', phone: '+33600000000' },
		comment: { text: 'Your parcel left today.\nTrack it here.', author: 'Sam Agent' },
		...overrides,
	});
}

let invocation = 0;

function signed(rawBody: string, options: { secret?: string; at?: number; invocationId?: string } = {}): WebhookRequest {
	const timestamp = new Date(options.at ?? Date.now()).toISOString();
	return {
		rawBody,
		headers: {
			'content-type': 'application/json',
			'x-zendesk-webhook-id': '01HWEBHOOK',
			'x-zendesk-webhook-invocation-id': options.invocationId ?? `inv-${++invocation}`,
			'x-zendesk-webhook-signature-timestamp': timestamp,
			'x-zendesk-webhook-signature': signBody(options.secret ?? SECRET, timestamp, rawBody),
		},
	};
}

describe('Zendesk Relay Trigger webhook()', () => {
	it('turns a correctly signed agent reply into one output item and answers 200', async () => {
		const request = signed(zendeskBody(), { invocationId: 'inv-genuine' });
		const answer = await callWebhook(workflow(), NODE, request, { staticData: activatedStaticData() });
		// The node answers Zendesk itself, so n8n saves the replay record before the execution starts.
		expect(answer.statusCode).toBe(200);
		expect(answer.result.noWebhookResponse).toBe(true);
		expect(answer.body).toEqual({ received: true });
		expect(answer.result.workflowData).toEqual([
			[
				{
					json: {
						event: 'agentReply',
						ticketId: 101,
						ticketStatus: 'open',
						requester: { id: 7, externalId: 'ext-7', brazeExternalId: 'braze-7', name: 'Ana', phone: '+33600000000' },
						comment: { text: 'Your parcel left today.\nTrack it here.', author: 'Sam Agent' },
						invocationId: 'inv-genuine',
					},
				},
			],
		]);
	});

	it.each([
		['unsigned', { ...signed(zendeskBody()), headers: { 'content-type': 'application/json' } }],
		['signed with another secret', signed(zendeskBody(), { secret: 'not-the-secret' })],
		['stale (6 minutes old)', signed(zendeskBody(), { at: Date.now() - 6 * 60_000 })],
		['dated 6 minutes in the future', signed(zendeskBody(), { at: Date.now() + 6 * 60_000 })],
	])('refuses a call %s with 401 and starts nothing', async (_label, request) => {
		const staticData = activatedStaticData();
		const answer = await callWebhook(workflow(), NODE, request, { staticData });
		expect(answer.statusCode).toBe(401);
		expect(answer.body).toEqual({ error: 'Unauthorized' });
		expect(answer.result).toEqual({ noWebhookResponse: true });
		expect((staticData as { __dataChanged?: boolean }).__dataChanged).toBe(false); // nothing to save for a refusal
	});

	it('refuses a body altered after signing', async () => {
		const request = signed(zendeskBody());
		const tampered = { ...request, rawBody: String(request.rawBody).replace('101', '102') };
		const answer = await callWebhook(workflow(), NODE, tampered, { staticData: activatedStaticData() });
		expect(answer.statusCode).toBe(401);
		expect(answer.result.workflowData).toBeUndefined();
	});

	it('refuses everything while no secret is known (automatic setup not done)', async () => {
		const answer = await callWebhook(workflow(), NODE, signed(zendeskBody()), { staticData: {} });
		expect(answer.statusCode).toBe(401);
	});

	it('answers a replayed invocation id 200 once more, without a second execution', async () => {
		const staticData = activatedStaticData();
		const first = await callWebhook(workflow(), NODE, signed(zendeskBody(), { invocationId: 'inv-r' }), { staticData });
		expect(first.result.workflowData).toHaveLength(1);
		// Zendesk's retry: same invocation id, new timestamp and therefore a new signature.
		const retry = await callWebhook(
			workflow(),
			NODE,
			signed(zendeskBody(), { invocationId: 'inv-r', at: Date.now() + 1000 }),
			{ staticData },
		);
		expect(retry.statusCode).toBe(200);
		expect(retry.body).toEqual({ received: true, duplicate: true });
		expect(retry.result).toEqual({ noWebhookResponse: true });
	});

	it('answers a captured request replayed under a new invocation id 200 without an execution', async () => {
		const staticData = activatedStaticData();
		const original = signed(zendeskBody(), { invocationId: 'inv-a' });
		await callWebhook(workflow(), NODE, original, { staticData });
		const replay = { ...original, headers: { ...original.headers, 'x-zendesk-webhook-invocation-id': 'inv-b' } };
		const answer = await callWebhook(workflow(), NODE, replay, { staticData });
		expect(answer.statusCode).toBe(200);
		expect(answer.result.workflowData).toBeUndefined();
	});

	it('keeps what it remembers in the static data it was given (what n8n persists), not in memory', async () => {
		const staticData = activatedStaticData();
		await callWebhook(workflow(), NODE, signed(zendeskBody(), { invocationId: 'inv-s' }), { staticData });
		const seen = (staticData[`node:${NODE}`] as IDataObject).seen as IDataObject;
		expect(Object.keys(seen)).toEqual(['id:inv-s', expect.stringMatching(/^sig:/)]);
		// n8n saves static data after a webhook call only when this flag is set (WorkflowStaticDataService.saveStaticData).
		expect((staticData as { __dataChanged?: boolean }).__dataChanged).toBe(true);
		// A fresh copy of that static data (another worker, a restart) still knows the delivery.
		const copy = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		const again = await callWebhook(workflow(), NODE, signed(zendeskBody(), { invocationId: 'inv-s' }), { staticData: copy });
		expect(again.body).toEqual({ received: true, duplicate: true });
	});

	it('answers a signed body that is not JSON 400, without an execution', async () => {
		const answer = await callWebhook(workflow(), NODE, signed('{"event": "agentReply", '), {
			staticData: activatedStaticData(),
		});
		expect(answer.statusCode).toBe(400);
		expect(answer.body).toEqual({ error: 'The body is not valid JSON' });
		expect(answer.result.workflowData).toBeUndefined();
	});

	it('answers a signed body without a ticket id 400', async () => {
		const answer = await callWebhook(workflow(), NODE, signed(zendeskBody({ ticket: { id: '' } })), {
			staticData: activatedStaticData(),
		});
		expect(answer.statusCode).toBe(400);
		expect(answer.body).toEqual({ error: 'The body has no usable ticket id' });
	});

	it('acknowledges an event that is not selected without starting the workflow', async () => {
		const answer = await callWebhook(
			workflow({ events: ['ticketSolved'] }),
			NODE,
			signed(zendeskBody({ event: 'agentReply' })),
			{ staticData: activatedStaticData() },
		);
		expect(answer.statusCode).toBe(200);
		expect(answer.body).toEqual({ received: true, ignored: 'agentReply' });
		expect(answer.result.workflowData).toBeUndefined();
	});

	it('honours a custom timestamp tolerance', async () => {
		const twoMinutesOld = signed(zendeskBody(), { at: Date.now() - 120_000 });
		const strict = await callWebhook(workflow({ options: { toleranceSeconds: 60 } }), NODE, twoMinutesOld, {
			staticData: activatedStaticData(),
		});
		expect(strict.statusCode).toBe(401);
		const lenient = await callWebhook(workflow({ options: { toleranceSeconds: 600 } }), NODE, twoMinutesOld, {
			staticData: activatedStaticData(),
		});
		expect(lenient.result.workflowData).toHaveLength(1);
	});

	describe('manual setup (autoSetup off)', () => {
		const manual = workflow({ autoSetup: false, signingSecret: 'pasted-secret' });

		it('verifies with the pasted signing secret', async () => {
			const ok = await callWebhook(manual, NODE, signed(zendeskBody(), { secret: 'pasted-secret' }), { staticData: {} });
			expect(ok.result.workflowData).toHaveLength(1);
			const wrong = await callWebhook(manual, NODE, signed(zendeskBody()), { staticData: {} });
			expect(wrong.statusCode).toBe(401);
		});

		it('accepts the body of the trigger JSON the README gives, as Zendesk renders it', async () => {
			const rendered = triggerBody('ticketSolved')
				.replace('{{ticket.id}}', '55')
				.replace('{{ticket.status}}', 'Solved')
				.replace(/\{\{ticket\.requester\.[a-z_.]+\}\}/g, '')
				.replace(/\{%.*?%\}/g, '');
			const answer = await callWebhook(manual, NODE, signed(rendered, { secret: 'pasted-secret' }), { staticData: {} });
			expect(answer.result.workflowData?.[0][0].json).toMatchObject({ event: 'ticketSolved', ticketId: 55, ticketStatus: 'solved' });
		});
	});
});
