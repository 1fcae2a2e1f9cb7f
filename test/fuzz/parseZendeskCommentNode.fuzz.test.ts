// Property-based test of the Parse Zendesk Comment node as n8n runs it (in-process harness): trigger items whose
// comment text is any JSON value, with any segment cap from 1 to 10 and any wording (plain or n8n expressions). Each item ends with an SMS whose counts match the
// independent counter and fit the cap, or with an error naming the item; never a crash.
import assert from 'node:assert/strict';

import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow, type WorkflowJson } from '../harness/inProcess';
import { singleNodeWorkflow } from '../harness/singleNode';
import { anyCommentInput, smsWording } from './commentArbitraries';
import { fuzzRuns, scaled } from './fuzzConfig';
import { referenceCount } from './smsReference';

const NODE = 'Parse Zendesk Comment';
const RUNS = 300;

function workflow(maxSegments: number, wording: INodeParameters): WorkflowJson {
	return singleNodeWorkflow(NODE, 'parseZendeskComment', { ...wording, options: { maxSegments } }, { onError: 'continueRegularOutput' });
}

/** n8n reads a parameter that starts with "=" as an expression: a generated literal is kept literal. */
const literal = (text: string) => (text.startsWith('=') ? ` ${text}` : text);
/** Text Before/After Message: generated wording, or expressions read from each item. */
const wordingParameters = fc.oneof(
	{ arbitrary: smsWording.map(({ before, after }) => ({ textBefore: literal(before), textAfter: literal(after) })), weight: 4 },
	{ arbitrary: fc.constant({ textBefore: '=Ticket {{ $json.ticketId }}: ', textAfter: '={{ "\\n#" + $json.ticketId }}' }), weight: 1 },
);

const commentText = fc.oneof(
	{ arbitrary: anyCommentInput, weight: 8 },
	{ arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 1 })), weight: 2 },
);
/** Trigger items, sometimes without a comment at all. */
const item = fc.oneof(
	{ arbitrary: commentText.map((text) => ({ ticketId: 1, comment: { text, author: 'Jane Agent' } }) as IDataObject), weight: 9 },
	{ arbitrary: fc.constant({ ticketId: 1 } as IDataObject), weight: 1 },
);

const CRASH = /Cannot read propert|is not a function|is not iterable|Cannot convert|Maximum call stack|\[object Object\]/;

describe('fuzz: Parse Zendesk Comment node', () => {
	it(`each item gets an SMS within the cap, its counts true to its text, or an error naming the item (${scaled(RUNS)} workflows)`, async () => {
		const seen = new Set<string>();
		await fc.assert(
			fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 10 }), wordingParameters, async (items, maxSegments, wording) => {
				const run = await runWorkflow(workflow(maxSegments, wording), { items });
				assert.equal(run.error, undefined, `the execution failed: ${run.error?.message}`);
				const output = run.output(NODE);
				assert.equal(output.length, items.length);
				output.forEach(({ json, pairedItem }, index) => {
					assert.deepEqual(pairedItem, { item: index });
					if (typeof json.error === 'string') {
						assert.match(json.error, new RegExp(`^Item ${index}: `), json.error);
						assert.doesNotMatch(json.error, CRASH, json.error);
						seen.add('error');
						return;
					}
					const sms = json.sms as { text: string; encoding: string; segments: number; characters: number };
					const { encoding, characters, segments } = referenceCount(sms.text);
					assert.deepEqual({ encoding: sms.encoding, characters: sms.characters, segments: sms.segments }, { encoding, characters, segments });
					assert.ok(segments >= 1 && segments <= maxSegments, `${segments} segments for a cap of ${maxSegments}`);
					assert.equal(typeof json.message, 'string');
					assert.ok((json.message as string).length > 0);
					seen.add(sms.encoding);
				});
			}),
			fuzzRuns(RUNS),
		);
		// Not vacuous: both encodings and the error path were reached.
		expect([...seen].sort()).toEqual(['GSM-7', 'UCS-2', 'error']);
	}, 300_000);
});
