// The node in a workflow, run in-process by n8n-core against the Braze simulator: what reached Braze, what the
// customer's phone got, and what the user sees in n8n.
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runListSearch, runWorkflow, type RunResult, type WorkflowJson } from '../../harness/inProcess';
import { singleNodeWorkflow } from '../../harness/singleNode';
import { startBrazeSimulator, type BrazeSimulator } from '../../simulators/braze';

const SEND = '/campaigns/trigger/send';
const TRACK = '/users/track';
const NODE = 'Braze Trigger Send';

/** A key made for sending only, as many Braze set-ups have: no campaigns.list. */
const SEND_ONLY_KEY = 'send-only-key-0123456789';

let braze: BrazeSimulator;

beforeAll(async () => {
	braze = await startBrazeSimulator({
		campaigns: { 'camp-reply': '{{api_trigger_properties.${msg_body}}}' },
		apiKeys: [{ key: SEND_ONLY_KEY, permissions: ['campaigns.trigger.send', 'users.track'] }],
	});
});
afterAll(async () => braze.close());
beforeEach(() => braze.reset());

function workflow(parameters: INodeParameters, node: Partial<INode> = {}): WorkflowJson {
	return singleNodeWorkflow(NODE, 'brazeTriggerSend', parameters, node);
}

/** The campaign as the picker stores it in workflow JSON once chosen from the list. */
const pickedCampaign = (id: string, name = 'Agent reply') => ({ __rl: true, mode: 'list', value: id, cachedResultName: name });

/** The reply workflow's node: msg_body and the ticket attributes come from each item. */
const replyParameters = (options: INodeParameters = {}): INodeParameters => ({
	operation: 'sendCampaign',
	campaignId: pickedCampaign('camp-reply'),
	externalUserId: '={{ $json.user }}',
	triggerProperties: { property: [{ key: 'msg_body', value: '={{ $json.text }}' }] },
	attributes: {
		attribute: [
			{ key: 'zendesk_ticket', value: '={{ $json.ticket }}', type: 'number' },
			{ key: 'zendesk_ticket_open', value: '={{ $json.open }}', type: 'boolean' },
		],
	},
	sendToExistingOnly: false,
	options,
});

const replies = (count: number): IDataObject[] =>
	Array.from({ length: count }, (_, i) => ({
		user: `customer-${i}`,
		text: `Agent reply number ${i}\nSecond line for ${i}`,
		ticket: String(5000 + i),
		open: i % 3 === 0 ? 'false' : 'true',
	}));

const continueOnFail: Partial<INode> = { onError: 'continueRegularOutput' };

function run(
	parameters: INodeParameters,
	items: IDataObject[],
	node: Partial<INode> = {},
	apiKey = braze.apiKey,
): Promise<RunResult> {
	const credentials = { brazeRelayApi: { ...braze.credentials, apiKey } };
	return runWorkflow(workflow(parameters, node), { credentials, items });
}

const requestsTo = (path: string) => braze.log.filter((entry) => entry.path === path);
type Recipient = { external_user_id: string; trigger_properties: IDataObject; attributes: IDataObject };
const recipientsOf = (body: unknown) => (body as { recipients: Recipient[] }).recipients;
const errorsOf = (items: INodeExecutionData[]) => items.filter((item) => item.json.error !== undefined);

/** Everything a user can see of a run: output items and the execution error. */
function visible(result: RunResult): string {
	const error = result.error as (Error & { description?: string }) | undefined;
	return JSON.stringify({ output: result.output(NODE), message: error?.message, description: error?.description });
}

describe('Braze Trigger Send: sendCampaign', () => {
	it('sends 120 items as exactly 3 requests (50/50/20), each recipient with its own msg_body and typed attributes', async () => {
		const items = replies(120);
		const result = await run(replyParameters(), items);

		expect(result.error).toBeUndefined();
		const requests = requestsTo(SEND);
		expect(requests.map((request) => recipientsOf(request.body).length)).toEqual([50, 50, 20]);
		const recipients = requests.flatMap((request) => recipientsOf(request.body));
		recipients.forEach((recipient, i) => {
			expect(recipient.external_user_id).toBe(`customer-${i}`);
			expect(recipient.trigger_properties).toEqual({ msg_body: items[i].text });
			// JSON types in the body Braze received: a number and a real boolean, not strings.
			expect(recipient.attributes).toStrictEqual({ zendesk_ticket: 5000 + i, zendesk_ticket_open: i % 3 !== 0 });
		});
		expect(requests[0].rawBody).toContain('"zendesk_ticket_open":false');

		// Every customer got their own text, and the profile kept the types.
		expect(braze.sms.map((sms) => [sms.externalUserId, sms.text])).toEqual(items.map((item) => [item.user, item.text]));
		expect(braze.user('customer-4')?.attributes).toMatchObject({ zendesk_ticket: 5004, zendesk_ticket_open: true });

		const output = result.output(NODE);
		expect(output).toHaveLength(120);
		const dispatchIds = braze.sends.map((send) => send.dispatchId);
		output.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ campaignId: 'camp-reply', externalUserId: `customer-${i}` });
			expect(item.json.dispatchId).toBe(dispatchIds[Math.floor(i / 50)]);
		});
	});

	it('sends one request per item when batching is off', async () => {
		await run(replyParameters({ batch: false }), replies(3));
		expect(requestsTo(SEND).map((request) => recipientsOf(request.body).length)).toEqual([1, 1, 1]);
	});

	it('waits for X-RateLimit-Reset after a 429, then succeeds', async () => {
		const reset = String(Math.ceil(Date.now() / 1000) + 1);
		braze.faults.script([{ kind: 'status', status: 429, path: SEND, headers: { 'X-RateLimit-Reset': reset } }]);
		const result = await run(replyParameters(), replies(2));

		expect(result.error).toBeUndefined();
		expect(requestsTo(SEND).map((request) => request.status)).toEqual([429, 201]);
		expect(Date.parse(requestsTo(SEND)[1].at)).toBeGreaterThanOrEqual(Number(reset) * 1000 - 5);
		expect(braze.sms).toHaveLength(2);
	}, 15_000);

	it('fails at once when the rate limit resets later than Max Wait allows', async () => {
		const reset = String(Math.ceil(Date.now() / 1000) + 120);
		braze.faults.script([{ kind: 'status', status: 429, path: SEND, headers: { 'X-RateLimit-Reset': reset } }]);
		const result = await run(replyParameters({ maxWaitSeconds: 5 }), replies(2));

		expect(requestsTo(SEND)).toHaveLength(1);
		expect(result.error?.message).toMatch(/^Items 0–1: Braze POST \/campaigns\/trigger\/send failed \(429\): API rate limit exceeded/);
		expect((result.error as { description?: string }).description).toMatch(/longer than the allowed wait/);
	});

	it('retries repeated 5xx, then fails with an error naming the items and Braze message', async () => {
		braze.faults.script([{ kind: 'status', status: 503, path: SEND, times: 3 }]);
		const result = await run(replyParameters({ maxTries: 3 }), replies(3));

		expect(requestsTo(SEND).map((request) => request.status)).toEqual([503, 503, 503]);
		expect(braze.sms).toHaveLength(0);
		expect(result.error?.message).toBe('Items 0–2: Braze POST /campaigns/trigger/send failed (503): Service Unavailable');
		expect((result.error as { description?: string }).description).toMatch(/still failing after 3 tries/);
	}, 15_000);

	it('with Continue On Fail, fails only the items of the failed request and sends the rest', async () => {
		braze.faults.script([{ kind: 'status', status: 500, path: SEND, times: 2 }]);
		const result = await run(replyParameters({ maxTries: 2 }), replies(60), continueOnFail);

		expect(result.error).toBeUndefined();
		const output = result.output(NODE);
		expect(output).toHaveLength(60);
		expect(errorsOf(output).map((item) => item.pairedItem)).toEqual(Array.from({ length: 50 }, (_, i) => ({ item: i })));
		expect(output[0].json.error).toBe('Items 0–49: Braze POST /campaigns/trigger/send failed (500): Internal Server Error');
		const sentUsers = replies(60)
			.slice(50)
			.map((item) => item.user);
		expect(output.slice(50).map((item) => item.json.externalUserId)).toEqual(sentUsers);
		expect(braze.sms.map((sms) => sms.externalUserId)).toEqual(sentUsers);
	}, 15_000);

	it('stopping on a failed request, tells which items earlier requests already sent', async () => {
		braze.faults.script([
			{ kind: 'slow', delayMs: 0, mode: 'late', path: SEND }, // the first request goes through untouched
			{ kind: 'status', status: 503, path: SEND, times: 2 },
		]);
		const result = await run(replyParameters({ maxTries: 2 }), replies(60));

		expect(requestsTo(SEND).map((request) => request.status)).toEqual([201, 503, 503]);
		expect(result.error?.message).toMatch(/^Items 50–59: /);
		expect((result.error as { description?: string }).description).toMatch(
			/This request carried items 50–59\. Earlier requests of this run succeeded for items 0–49\./,
		);
	}, 15_000);

	it('answers a bad key with an error about the credential, tried once, key nowhere', async () => {
		const wrongKey = 'wrong-key-0123456789abcdef';
		const result = await run(replyParameters(), replies(120), continueOnFail, wrongKey);

		// 120 items would be 3 requests: after the first 401 the others are not sent.
		expect(requestsTo(SEND)).toHaveLength(1);
		expect(requestsTo(SEND)[0].status).toBe(401);
		const output = result.output(NODE);
		expect(errorsOf(output)).toHaveLength(120);
		expect(output[0].json.details).toMatch(/check the "Braze Relay API" credential/);
		expect(output[119].json.error).toMatch(/^Items 100–119: .*\(401\)/);
		expect(output[119].json.details).toMatch(/It was not sent: Braze refused the key on an earlier request/);
		expect(visible(result)).not.toContain(wrongKey);
	});

	it('stops the workflow on a 401 without Continue On Fail, naming the credential', async () => {
		const result = await run(replyParameters(), replies(1), {}, 'another-wrong-key');
		expect(requestsTo(SEND)).toHaveLength(1);
		expect(result.error?.message).toMatch(/^Item 0: Braze POST \/campaigns\/trigger\/send failed \(401\)/);
		expect((result.error as { description?: string }).description).toContain('"Braze Relay API" credential');
	});

	it('never shows the API key, even when Braze quotes it back', async () => {
		braze.faults.script([
			{
				kind: 'status',
				status: 400,
				path: SEND,
				body: { message: `Invalid API key: ${braze.apiKey}`, errors: [braze.apiKey] },
			},
		]);
		const result = await run(replyParameters(), replies(1), continueOnFail);

		expect(result.output(NODE)[0].json.error).toContain('Invalid API key: [redacted]');
		expect(visible(result)).not.toContain(braze.apiKey);
	});

	it('does not repeat a send that got no answer (no idempotency key: a repeat could send the SMS twice)', async () => {
		braze.faults.script([{ kind: 'reset', afterProcessing: true, path: SEND }]);
		const result = await run(replyParameters(), replies(2));

		expect(requestsTo(SEND)).toHaveLength(1);
		expect(braze.sms).toHaveLength(2); // Braze did send: repeating would have doubled them.
		expect(result.error?.message).toMatch(/^Items 0–1: Braze POST \/campaigns\/trigger\/send failed \(no answer: connection reset\)/);
		expect((result.error as { description?: string }).description).toMatch(/may or may not have sent these messages/);
	});

	it('repeats it only when Retry On No Answer is on', async () => {
		braze.faults.script([{ kind: 'reset', afterProcessing: true, path: SEND }]);
		const result = await run(replyParameters({ retryOnNoAnswer: true }), replies(1));

		expect(result.error).toBeUndefined();
		expect(requestsTo(SEND)).toHaveLength(2);
		expect(braze.sms).toHaveLength(2); // the duplicate this option risks
	}, 15_000);

	it('refuses an empty campaign, or an item with neither user id, before any request, naming item and fields', async () => {
		const items = replies(3);
		items[1].user = '  ';
		const result = await run(replyParameters(), items);
		expect(result.error?.message).toBe(
			'Item 1: External User ID (externalUserId) and Braze ID (brazeId) are both empty: one of them is needed',
		);
		expect(braze.log).toHaveLength(0);

		const campaignFromItem = { __rl: true, mode: 'id', value: '={{ $json.campaign }}' };
		const noCampaign = await run({ ...replyParameters(), campaignId: campaignFromItem }, replies(1));
		expect(noCampaign.error?.message).toBe('Item 0: Campaign (campaignId) is empty');
		expect(braze.log).toHaveLength(0);
	});

	it('refuses a boolean that is not true/false before any request; with Continue On Fail the others go', async () => {
		const items = replies(3);
		items[2].open = 'yes';
		const stopped = await run(replyParameters(), items);
		expect(stopped.error?.message).toBe('Item 2: Attributes "zendesk_ticket_open" must be true or false, got "yes"');
		expect(braze.log).toHaveLength(0);

		const result = await run(replyParameters(), items, continueOnFail);
		expect(result.output(NODE).map((item) => item.json.error ?? item.json.externalUserId)).toEqual([
			'customer-0',
			'customer-1',
			'Item 2: Attributes "zendesk_ticket_open" must be true or false, got "yes"',
		]);
		expect(recipientsOf(requestsTo(SEND)[0].body)).toHaveLength(2);
	});

	it("shows Braze's message and errors for a 400 (unknown campaign), without retrying", async () => {
		const result = await run({ ...replyParameters(), campaignId: pickedCampaign('no-such-campaign') }, replies(1));
		expect(requestsTo(SEND)).toHaveLength(1);
		expect(result.error?.message).toBe(
			'Item 0: Braze POST /campaigns/trigger/send failed (400): Invalid campaign_id - campaign no-such-campaign does not exist or is not API-triggered',
		);
	});
});

describe('Braze Trigger Send: trackAttributes', () => {
	const trackParameters: INodeParameters = {
		operation: 'trackAttributes',
		externalUserId: '={{ $json.user }}',
		attributes: {
			attribute: [
				{ key: 'zendesk_ticket', value: '={{ $json.ticket }}', type: 'number' },
				{ key: 'zendesk_ticket_open', value: 'true', type: 'boolean' },
			],
		},
	};

	it('writes 160 users as 75 + 75 + 10 with typed attributes', async () => {
		const result = await run(trackParameters, replies(160));

		expect(result.error).toBeUndefined();
		const requests = requestsTo(TRACK);
		expect(requests.map((request) => (request.body as { attributes: unknown[] }).attributes.length)).toEqual([75, 75, 10]);
		expect((requests[2].body as { attributes: IDataObject[] }).attributes[9]).toStrictEqual({
			zendesk_ticket: 5159,
			zendesk_ticket_open: true,
			external_id: 'customer-159',
		});
		expect(braze.user('customer-100')?.attributes).toMatchObject({ zendesk_ticket: 5100, zendesk_ticket_open: true });
		expect(result.output(NODE)[3]).toEqual({
			json: { externalUserId: 'customer-3', attributes: { zendesk_ticket: 5003, zendesk_ticket_open: true } },
			pairedItem: { item: 3 },
		});
	});

	it('fails only the objects Braze refused inside an accepted request', async () => {
		const partlyRefused = {
			kind: 'status' as const,
			status: 201,
			path: TRACK,
			body: { message: 'success', attributes_processed: 1, errors: [{ type: 'bad object', input_array: 'attributes', index: 1 }] },
		};
		braze.faults.script([partlyRefused]);
		const stopped = await run(trackParameters, replies(2));
		expect(stopped.error?.message).toBe('Item 1: Braze accepted POST /users/track but refused this item: bad object');

		braze.faults.script([partlyRefused]);
		const result = await run(trackParameters, replies(2), continueOnFail);
		const output = result.output(NODE);
		expect(output[0].json.externalUserId).toBe('customer-0');
		expect(output[1]).toMatchObject({
			json: { error: 'Item 1: Braze accepted POST /users/track but refused this item: bad object' },
			pairedItem: { item: 1 },
		});
	});

	it('retries a /users/track that got no answer (writing the same values twice is harmless)', async () => {
		braze.faults.script([{ kind: 'reset', path: TRACK }]);
		const result = await run(trackParameters, replies(1));
		expect(result.error).toBeUndefined();
		expect(requestsTo(TRACK)).toHaveLength(2);
	}, 15_000);
});

describe('Braze Trigger Send: customers Braze knows only by phone', () => {
	/** Agent replies that name the customer by external id when there is one, else by braze_id. */
	const byEitherId = (options: INodeParameters = {}): INodeParameters => ({
		...replyParameters(options),
		externalUserId: '={{ $json.user }}',
		brazeId: '={{ $json.brazeId }}',
		attributes: { attribute: [{ key: 'zendesk_ticket', value: '={{ $json.ticket }}', type: 'number' }] },
		sendToExistingOnly: true,
	});

	it("sends to an anonymous profile as {braze_id}, texting that profile's phone", async () => {
		const anonymous = braze.createAnonymousSmsProfile('+15550177');
		const result = await run(byEitherId(), [{ user: '', brazeId: anonymous.braze_id, text: 'We are on it', ticket: '88' }]);

		expect(result.error).toBeUndefined();
		expect(recipientsOf(requestsTo(SEND)[0].body)).toStrictEqual([
			{
				braze_id: anonymous.braze_id,
				trigger_properties: { msg_body: 'We are on it' },
				attributes: { zendesk_ticket: 88 },
				send_to_existing_only: true,
			},
		]);
		expect(braze.sms).toEqual([
			expect.objectContaining({ brazeId: anonymous.braze_id, externalUserId: null, phone: '+15550177', text: 'We are on it' }),
		]);
		expect(braze.profile({ braze_id: anonymous.braze_id })?.attributes.zendesk_ticket).toBe(88);
		expect(result.output(NODE)[0].json).toEqual({
			dispatchId: braze.sends[0].dispatchId,
			campaignId: 'camp-reply',
			brazeId: anonymous.braze_id,
			triggerProperties: { msg_body: 'We are on it' },
			attributes: { zendesk_ticket: 88 },
		});
	});

	it('addresses the profile by external id once Braze has identified it, reaching the same phone', async () => {
		const anonymous = braze.createAnonymousSmsProfile('+15550177');
		braze.identify(anonymous.braze_id, 'customer-7');
		const result = await run(byEitherId(), [{ user: 'customer-7', brazeId: anonymous.braze_id, text: 'Follow-up', ticket: '88' }]);

		expect(result.error).toBeUndefined();
		const [recipient] = recipientsOf(requestsTo(SEND)[0].body) as unknown as IDataObject[];
		expect(recipient.external_user_id).toBe('customer-7');
		expect(recipient).not.toHaveProperty('braze_id');
		expect(braze.sms.map((sms) => [sms.externalUserId, sms.brazeId, sms.phone])).toEqual([['customer-7', anonymous.braze_id, '+15550177']]);
		expect(result.output(NODE)[0].json).toMatchObject({ externalUserId: 'customer-7' });
		expect(result.output(NODE)[0].json).not.toHaveProperty('brazeId');
	});

	it('batches mixed items: one person at most once per request and in order, keyed by the id each item uses', async () => {
		const lea = braze.createAnonymousSmsProfile('+15550001');
		const noa = braze.createAnonymousSmsProfile('+15550002');
		braze.createUser('ann', { phone: '+15550003' });
		const items = [
			{ user: '', brazeId: lea.braze_id, text: 'lea 1', ticket: '1' },
			{ user: 'ann', brazeId: '', text: 'ann 1', ticket: '2' },
			{ user: '', brazeId: lea.braze_id, text: 'lea 2', ticket: '1' },
			{ user: '', brazeId: noa.braze_id, text: 'noa 1', ticket: '3' },
			{ user: 'ann', brazeId: 'ignored-when-external-id-is-set', text: 'ann 2', ticket: '2' },
		];
		const result = await run(byEitherId(), items);

		expect(result.error).toBeUndefined();
		const sent = requestsTo(SEND).map((request) =>
			recipientsOf(request.body).map((recipient) => (recipient as unknown as IDataObject).trigger_properties),
		);
		expect(sent).toEqual([
			[{ msg_body: 'lea 1' }, { msg_body: 'ann 1' }, { msg_body: 'noa 1' }],
			[{ msg_body: 'lea 2' }, { msg_body: 'ann 2' }],
		]);
		expect(braze.sms.map((sms) => [sms.phone, sms.text])).toEqual([
			['+15550001', 'lea 1'],
			['+15550003', 'ann 1'],
			['+15550002', 'noa 1'],
			['+15550001', 'lea 2'],
			['+15550003', 'ann 2'],
		]);
		const output = result.output(NODE);
		expect(output.map((item) => item.json.brazeId ?? item.json.externalUserId)).toEqual([lea.braze_id, 'ann', lea.braze_id, noa.braze_id, 'ann']);
		expect(output.map((item) => item.json.dispatchId)).toEqual([0, 0, 1, 0, 1].map((request) => braze.sends[request].dispatchId));
	});

	it('tracks attributes on an anonymous profile as {braze_id}, and refuses braze_id as an attribute key', async () => {
		const anonymous = braze.createAnonymousSmsProfile('+15550177');
		const track = (attributes: INodeParameters[]) =>
			run({ operation: 'trackAttributes', externalUserId: '', brazeId: anonymous.braze_id, attributes: { attribute: attributes } }, [{}]);
		const result = await track([
			{ key: 'zendesk_ticket', value: '12', type: 'number' },
			{ key: 'zendesk_ticket_open', value: 'true', type: 'boolean' },
		]);

		expect(result.error).toBeUndefined();
		expect((requestsTo(TRACK)[0].body as { attributes: IDataObject[] }).attributes).toStrictEqual([
			{ zendesk_ticket: 12, zendesk_ticket_open: true, braze_id: anonymous.braze_id },
		]);
		expect(braze.profile({ braze_id: anonymous.braze_id })?.attributes).toEqual({ phone: '+15550177', zendesk_ticket: 12, zendesk_ticket_open: true });
		expect(result.output(NODE)[0].json).toEqual({ brazeId: anonymous.braze_id, attributes: { zendesk_ticket: 12, zendesk_ticket_open: true } });

		const refused = await track([{ key: 'braze_id', value: 'someone-else' }]);
		expect(refused.error?.message).toBe('Item 0: Attributes "braze_id" is set by Braze ID (brazeId), not as an attribute');
		expect(requestsTo(TRACK)).toHaveLength(1);
	});
});

describe('Braze Trigger Send: campaign', () => {
	const listCampaigns = (options: { filter?: string; paginationToken?: string; apiKey?: string } = {}) =>
		runListSearch(workflow(replyParameters()), NODE, 'searchCampaigns', {
			credentials: { brazeRelayApi: { ...braze.credentials, apiKey: options.apiKey ?? braze.apiKey } },
			filter: options.filter,
			paginationToken: options.paginationToken,
			parameter: 'campaignId',
		});
	const listRequests = () => braze.log.filter((entry) => entry.path === '/campaigns/list');

	/** 150 campaigns after camp-reply: support ones on both Braze pages, one of them an API campaign (not triggerable). */
	function seedCampaigns(): void {
		for (let i = 0; i < 150; i++) {
			const support = i % 40 === 5;
			braze.addCampaign(`c-${i}`, {
				name: support ? `Support SMS ${i}` : `Promo ${i}`,
				kind: i === 45 ? 'api' : 'api-triggered',
				template: '{{api_trigger_properties.${msg_body}}}',
			});
		}
	}

	it('lists the campaigns matching the search across Braze pages, newest first, without API campaigns', async () => {
		seedCampaigns();
		const found = await listCampaigns({ filter: 'support sms' });

		expect(found).toEqual({
			results: [
				{ name: 'Support SMS 125', value: 'c-125' },
				{ name: 'Support SMS 85', value: 'c-85' },
				{ name: 'Support SMS 5', value: 'c-5' },
			],
		});
		expect(listRequests().map((request) => request.query)).toEqual([
			{ page: '0', include_archived: 'false', sort_direction: 'desc' },
			{ page: '1', include_archived: 'false', sort_direction: 'desc' },
		]);
	});

	it('hands out a page of 100 and a token for the next one when nothing is searched', async () => {
		seedCampaigns();
		const first = await listCampaigns();
		expect(first.results).toHaveLength(100);
		expect(first.results[0]).toEqual({ name: 'Promo 149', value: 'c-149' });
		expect(first.paginationToken).toBe('1');
		const rest = await listCampaigns({ paginationToken: first.paginationToken });
		expect(rest.paginationToken).toBeUndefined();
		const all = [...first.results, ...rest.results].map((choice) => choice.value);
		expect(all).toHaveLength(150); // 151 campaigns, less the API campaign
		expect(all).not.toContain('c-45');
		expect(all.at(-1)).toBe('camp-reply');
	});

	it('tells a user whose key may not list campaigns what to do, without showing the key', async () => {
		const listing = listCampaigns({ apiKey: SEND_ONLY_KEY });
		await expect(listing).rejects.toThrow('This Braze API key may not list campaigns (permission campaigns.list)');
		const error = (await listing.catch((caught: unknown) => caught)) as Error & { description?: string };
		expect(error.description).toMatch(/Add campaigns\.list to the key's permissions in Braze .* choose the campaign By ID/);
		expect(JSON.stringify({ message: error.message, description: error.description })).not.toContain(SEND_ONLY_KEY);
	});

	it('sends to a campaign picked from the list, given by ID, or stored as a plain string by an older workflow', async () => {
		braze.createUser('customer-0', { phone: '+15550100' });
		const shapes = [pickedCampaign('camp-reply'), { __rl: true, mode: 'id', value: ' camp-reply ' }, 'camp-reply'];
		for (const campaignId of shapes) {
			const result = await run({ ...replyParameters(), campaignId, sendToExistingOnly: true }, replies(1));
			expect(result.error).toBeUndefined();
			expect(result.output(NODE)[0].json.campaignId).toBe('camp-reply');
		}
		expect(requestsTo(SEND).map((request) => (request.body as IDataObject).campaign_id)).toEqual(['camp-reply', 'camp-reply', 'camp-reply']);
		expect(braze.sms.map((sms) => sms.phone)).toEqual(['+15550100', '+15550100', '+15550100']);
	});
});
