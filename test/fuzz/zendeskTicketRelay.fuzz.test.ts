// Property-based test of the Zendesk Ticket Relay node on inbound webhook payloads: the node runs in-process (n8n-core's
// WorkflowExecute, expressions resolved as in n8n) against the Zendesk simulator, fed bodies with missing fields, wrong
// types, huge strings, unicode and control characters. Each item must end as a sane relay result or as an n8n error
// that names the item and the field; never a crash, never a secret. Fixed seed (FUZZ_SEED), see fuzzConfig.ts.
import assert from 'node:assert/strict';

import fc from 'fast-check';
import type { ExecutionError, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runWorkflow, type WorkflowJson } from '../harness/inProcess';
import { singleNodeWorkflow } from '../harness/singleNode';
import { startZendeskSimulator, type SimTicket, type ZendeskSimulator } from '../simulators/zendesk';
import { createMarie, MARIE, RELAY_USER_FIELDS, resetZendesk, seedConversation } from '../nodes/ZendeskTicketRelay/relayRun';
import { fuzzRuns, scaled } from './fuzzConfig';

/** Workflows run per property (each runs the node on 1–4 items). */
const RUNS = { continueOnFail: 150, stopOnError: 50, notText: 50 };
/** Generous: a workflow takes milliseconds, but one with 100 kB fields and a loaded machine takes longer. */
const TIMEOUT_MS = 300_000;

const ACTIONS = new Set(['created', 'commented', 'reopened', 'followUp', 'ignored']);
const NODE_ERRORS = new Set(['NodeOperationError', 'NodeApiError']);

/** What the Braze webhook campaign's body may carry in one field. */
const CONTROL = '\u0000\u0001\u0007\b\t\n\v\f\r\u001b\u007f\u0085\u2028\u200b\ufeff';
const shortText = fc.oneof(
	fc.constantFrom('', ' ', '\n\t ', 'Hello, my order #42 is late', 'STOP', ' help! ', 'Stop the charges please', 'café ☕ 😀'),
	fc.string({ maxLength: 40 }),
	fc.string({ unit: 'binary', maxLength: 40 }),
	fc.string({ unit: fc.constantFrom(...CONTROL, 'a', ' '), maxLength: 30 }),
);
/** Up to ~100 kB, built by repetition (generating each character would dominate the run). */
const hugeText = fc
	.tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), fc.integer({ min: 1_000, max: 100_000 }))
	.map(([chunk, size]) => chunk.repeat(Math.ceil(size / chunk.length)).slice(0, size));
const text = fc.oneof(shortText, shortText, shortText, shortText, hugeText);
/** JSON scalars where text is expected. */
const wrongScalar = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
/**
 * JSON objects and arrays where text is expected (a key such as "toString" is valid JSON too). Kept to their own
 * property below, so that the properties above still explore everything else while it fails.
 */
const notText = fc.oneof(
	fc.dictionary(fc.oneof(fc.string({ minLength: 1, maxLength: 5 }), fc.constantFrom('toString', 'valueOf')), fc.string({ maxLength: 5 }), {
		minKeys: 1,
		maxKeys: 3,
	}),
	// Two entries at least: a one-entry array read as its entry is fine.
	fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.integer()), { minLength: 2, maxLength: 3 }),
);
type ConversationState = 'none' | 'user' | SimTicket['status'];
type TextField = 'external_id' | 'braze_id' | 'message' | 'name' | 'phone';
/** Found by the property on not-text values: each was sent to Zendesk stringified, or crashed ("Cannot convert..."). */
const NOT_TEXT_FOUND: Array<[ConversationState, TextField, Record<string, string> | Array<string | number>]> = [
	['none', 'external_id', { toString: 'x' }],
	['none', 'external_id', { a: '' }],
	['none', 'external_id', [' ', 0]],
	['open', 'name', ['Marie', 'Curie']],
	['open', 'braze_id', { toString: 'x' }],
];
const field = fc.oneof({ arbitrary: text, weight: 4 }, { arbitrary: wrongScalar, weight: 2 });
const externalId = fc.oneof(
	{ arbitrary: fc.constantFrom('braze-marie', 'braze-paul', ' BRAZE-MARIE ', 'user_1', ''), weight: 4 },
	{ arbitrary: field, weight: 3 },
);
/**
 * Marie's braze_id, another customer's, none (a campaign set up before braze_id was sent), or anything short. A huge
 * one is left to the node test "names the Braze ID field when the value cannot be a braze_id": it fails at Zendesk's
 * URL limit (the braze_id goes into users/search's query) until the node checks it, and would hide the rest here.
 */
const brazeId = fc.oneof(
	{ arbitrary: fc.constantFrom(MARIE.braze_id, MARIE.braze_id.toUpperCase(), '75b2c3d4e5f60718293a4b5c', '', ' '), weight: 4 },
	{ arbitrary: fc.oneof(shortText, wrongScalar), weight: 2 },
);
/** Stands for the seeded conversation's ticket id (replaced by `seed`). */
const SEEDED_TICKET = 'seeded-ticket';
const ticketId = fc.oneof(fc.constant(SEEDED_TICKET), fc.constantFrom('', '0', '1', '2', '999999999', '{{custom_attribute.${zendesk_ticket}}}', '-3', '1e3'), fc.nat(5), field);
const mediaUrls = fc.oneof(
	fc.constantFrom('', 'https://img.example/a.jpg', '["https://img.example/a.jpg","ftp://x"]', 'https://a.example/1 https://a.example/2'),
	fc.array(fc.oneof(fc.webUrl(), fc.string({ maxLength: 10 })), { maxLength: 3 }),
	field,
);

/** A body with each field present or missing. */
const body: fc.Arbitrary<IDataObject> = fc.record(
	{
		external_id: externalId,
		braze_id: brazeId,
		message: field,
		name: field,
		phone: fc.oneof(fc.constantFrom('+33612345678', ''), field),
		ticket_id: ticketId,
		media_urls: mediaUrls,
		delivery_id: fc.oneof(fc.uuid(), field),
	},
	{ requiredKeys: [] },
) as fc.Arbitrary<IDataObject>;
/** Items as the Webhook node gives them (`body`), sometimes with no body or a body that is not an object. */
const item = fc.oneof(
	{ arbitrary: body.map((value) => ({ body: value })), weight: 10 },
	{ arbitrary: fc.oneof(fc.constant({}), fc.oneof(wrongScalar, fc.string(), notText).map((value) => ({ body: value }))), weight: 1 },
) as fc.Arbitrary<IDataObject>;
const items = fc.array(item, { minLength: 1, maxLength: 4 });
/** What Zendesk holds for braze-marie before the run: nothing, or her conversation ticket in some status. */
const conversation = fc.constantFrom<ConversationState>('none', 'user', 'open', 'pending', 'hold', 'solved', 'closed');

/**
 * A fresh simulator state per case (each case stands alone, and Zendesk's per-ticket update limit never builds up);
 * returns the items with the seeded ticket's id in place of SEEDED_TICKET (Braze's `zendesk_ticket` attribute).
 */
function seed(state: ConversationState, input: IDataObject[]): IDataObject[] {
	resetZendesk(sim);
	let ticket: SimTicket | undefined;
	if (state !== 'none') {
		const marie = createMarie(sim);
		if (state !== 'user') ticket = seedConversation(sim, marie, sim.createAgent('Alex Agent'), state);
	}
	return input.map((entry) => {
		const body = entry.body as IDataObject | undefined;
		if (body?.ticket_id !== SEEDED_TICKET) return entry;
		return { body: { ...body, ticket_id: ticket ? String(ticket.id) : '' } };
	});
}

/** Manual Trigger → Zendesk Ticket Relay, every parameter an expression on the webhook body. */
function relayWorkflow(onError?: 'continueRegularOutput'): WorkflowJson {
	const parameters = {
		operation: 'relayInbound',
		brazeExternalId: '={{ $json.body.external_id }}',
		brazeId: '={{ $json.body.braze_id }}',
		message: '={{ $json.body.message }}',
		name: '={{ $json.body.name }}',
		phone: '={{ $json.body.phone }}',
		ticketId: '={{ $json.body.ticket_id }}',
		mediaUrls: '={{ $json.body.media_urls }}',
		options: { deliveryId: '={{ $json.body.delivery_id }}' },
	};
	return singleNodeWorkflow('Relay', 'zendeskTicketRelay', parameters, onError ? { onError } : {});
}

let sim: ZendeskSimulator;
/** Every form the API token could leak in: as is, and inside the Basic credentials. */
let secrets: string[];

beforeAll(async () => {
	sim = await startZendeskSimulator({ userFields: RELAY_USER_FIELDS });
	const basic = Buffer.from(`${sim.email}/token:${sim.apiToken}`).toString('base64');
	secrets = [sim.apiToken, basic];
});
afterAll(async () => {
	await sim.close();
});

/** Messages a JavaScript runtime error would carry instead of our own wording. */
const CRASH = /Cannot read propert|is not a function|is not iterable|is not defined|Cannot convert|Maximum call stack|Invalid array length|\[object Object\]/;
/** An error about the input names its field as the node's own errors do: `"Braze External ID" (brazeExternalId)`. */
const FIELD =
	/"(Braze External ID|Braze ID|Message|Name|Phone|Ticket ID Hint|Media URLs|Delivery ID)" \((brazeExternalId|brazeId|message|name|phone|ticketId|mediaUrls|deliveryId)\)/;
/** Both ids empty: the error names both fields, so the user sees either one will do. */
const BOTH_IDS_EMPTY = /"Braze External ID" \(brazeExternalId\) and "Braze ID" \(brazeId\) are both empty/;

function assertNoSecret(where: string, value: unknown): void {
	const serialized = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
	for (const secret of secrets) assert.ok(!serialized.includes(secret), `a secret in ${where}`);
}

/** A request Zendesk refused, in the transport's words: which call, its status and Zendesk's own error text. */
const VENDOR_ERROR = /^Item \d+: Zendesk (GET|POST|PUT|DELETE) \/api\/v2\/\S+ failed \((\d{3})\): \S/;

/**
 * An error message for item `index`: ours, naming the item and, for bad input, the field; or Zendesk's refusal with the
 * call and status (a 4xx on content Zendesk would take is not expected: the generated values are all valid JSON text).
 */
function assertItemError(message: string, index: number): void {
	const excerpt = message.slice(0, 300);
	assert.match(message, new RegExp(`^Item ${index}\\b`), `does not name item ${index}: ${excerpt}`);
	assert.doesNotMatch(message, CRASH, `a crash, not a clear error: ${excerpt}`);
	assertNoSecret('an error message', message);
	const vendor = VENDOR_ERROR.exec(message);
	if (vendor) assert.fail(`Zendesk refused a request built from the payload (${vendor[2]}): ${excerpt}`);
	assert.match(message, FIELD, `does not name the field: ${excerpt}`);
	if (/\bboth empty\b/.test(message)) assert.match(message, BOTH_IDS_EMPTY, `does not name both id fields: ${excerpt}`);
}

function assertRelayResult(output: INodeExecutionData, index: number): void {
	const json = output.json;
	assert.deepEqual(output.pairedItem, { item: index });
	if (typeof json.error === 'string') {
		assertItemError(json.error, index);
		return;
	}
	assert.ok(ACTIONS.has(json.action as string), `unknown action ${String(json.action)}`);
	if (json.action === 'ignored') {
		assert.equal(json.ticketId, null);
	} else {
		assert.ok(Number.isInteger(json.ticketId) && (json.ticketId as number) > 0, `ticketId ${String(json.ticketId)}`);
		assert.ok(Number.isInteger(json.requesterId), `requesterId ${String(json.requesterId)}`);
		assert.equal(typeof json.ticketStatus, 'string');
	}
	assertNoSecret('an output item', json);
}

/** A body field as the node reads it: text as is, a number or boolean as text, nothing as empty. */
function textOf(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/**
 * The ticket's requester is the customer the item names: the Zendesk user whose external_id is the Braze external id,
 * or the one named `braze_id:<braze_id>` (or holding that braze_id, once Braze identified them). Messages of one
 * braze_id are one customer's conversation: written together, they take the newest message's profile, which may
 * not carry the external id yet (the next message that does identifies the user).
 */
function assertRequesterIsTheCustomer(output: INodeExecutionData, input: IDataObject, index: number): void {
	const { json } = output;
	if (typeof json.error === 'string' || json.action === 'ignored') return;
	const body = input.body as IDataObject;
	const [externalId, brazeId] = [textOf(body.external_id).toLowerCase(), textOf(body.braze_id).toLowerCase()];
	const requester = sim.user(json.requesterId as number);
	const named = requester?.external_id?.toLowerCase();
	const byBrazeId = named === `braze_id:${brazeId}` || textOf(requester?.user_fields.braze_id).toLowerCase() === brazeId;
	const found = (externalId !== '' && named === externalId) || (brazeId !== '' && byBrazeId);
	assert.ok(found, `item ${index} (external_id ${JSON.stringify(externalId)}, braze_id ${JSON.stringify(brazeId)}) went to the ticket of ${named}`);
}

/** The customer's tickets are read from Zendesk's database: a lagging search index can never split a conversation. */
function assertNoTicketSearch(): void {
	const searches = sim.log.filter((request) => /^\/api\/v2\/search(\.json)?$/.test(request.path));
	assert.equal(searches.length, 0, 'the relay called /api/v2/search');
}

describe('fuzz: Zendesk Ticket Relay on inbound webhook payloads', () => {
	it(`with "continue on fail": each item is a sane result on its customer's ticket, or an error naming the item and the field (${scaled(RUNS.continueOnFail)} workflows)`, async () => {
		const seen = new Set<string>();
		await fc.assert(
			fc.asyncProperty(conversation, items, async (state, generated) => {
				const input = seed(state, generated);
				const run = await runWorkflow(relayWorkflow('continueRegularOutput'), { credentials: { zendeskRelayApi: sim.credentials }, items: input });
				await sim.idle();
				assert.equal(run.error, undefined, `the execution failed: ${run.error?.message}`);
				const output = run.output('Relay');
				assert.equal(output.length, input.length, 'one output item per input item');
				output.forEach((result, index) => assertRelayResult(result, index));
				output.forEach((result, index) => assertRequesterIsTheCustomer(result, input[index], index));
				assertNoTicketSearch();
				for (const { json } of output) seen.add(typeof json.error === 'string' ? 'error' : String(json.action));
			}),
			fuzzRuns(RUNS.continueOnFail),
		);
		// Not vacuous: the payloads reached every outcome.
		expect([...seen].sort()).toEqual(['commented', 'created', 'error', 'followUp', 'ignored', 'reopened']);
	}, TIMEOUT_MS);

	it(`without it: a failing item stops the run with a NodeOperationError/NodeApiError for that item (${scaled(RUNS.stopOnError)} workflows)`, async () => {
		await fc.assert(
			fc.asyncProperty(conversation, items, async (state, generated) => {
				const input = seed(state, generated);
				const run = await runWorkflow(relayWorkflow(), { credentials: { zendeskRelayApi: sim.credentials }, items: input });
				await sim.idle();
				if (!run.error) {
					run.output('Relay').forEach((result, index) => assertRelayResult(result, index));
					return;
				}
				// The harness hands back the error as n8n stores it in the run data (its fields, not its class instance).
				const error = run.error as ExecutionError & { context?: { itemIndex?: number } };
				assert.ok(NODE_ERRORS.has(error.name), `not an n8n node error: ${error.name}: ${error.message}`);
				const index = error.context?.itemIndex as number;
				assert.ok(Number.isInteger(index) && index >= 0 && index < input.length, `itemIndex ${String(index)}`);
				assertItemError(run.error.message, index);
				assertNoSecret('the error description', run.error.description);
			}),
			fuzzRuns(RUNS.stopOnError),
		);
	}, TIMEOUT_MS);

	it(`refuses an object or array given for a text field with a clear error, never sends it as "[object Object]" or joined text (${scaled(RUNS.notText)} workflows)`, async () => {
		const textField = fc.constantFrom<TextField>('external_id', 'braze_id', 'message', 'name', 'phone');
		await fc.assert(
			fc.asyncProperty(conversation, textField, notText, async (state, name, value) => {
				seed(state, []);
				const payload: IDataObject = { external_id: 'braze-marie', braze_id: MARIE.braze_id, message: 'Hello', [name]: value };
				const fromLog = sim.log.length;
				const run = await runWorkflow(relayWorkflow('continueRegularOutput'), {
					credentials: { zendeskRelayApi: sim.credentials },
					items: [{ body: payload }],
				});
				await sim.idle();
				const [result] = run.output('Relay');
				if (typeof result.json.error === 'string') {
					assertItemError(result.json.error, 0);
					return;
				}
				// Accepted: then the value must not have reached Zendesk as JavaScript's stringification of it.
				const stringified = Array.isArray(value) ? value.join(',') : '[object Object]';
				for (const request of sim.log.slice(fromLog)) {
					const sent = JSON.stringify(request.body ?? '');
					assert.ok(!sent.includes(JSON.stringify(stringified).slice(1, -1)), `${name}=${JSON.stringify(value)} sent to Zendesk as "${stringified}": ${request.method} ${request.path}`);
				}
			}),
			fuzzRuns(RUNS.notText, { examples: NOT_TEXT_FOUND }),
		);
	}, TIMEOUT_MS);
});
