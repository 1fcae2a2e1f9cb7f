// Property-based tests of Braze Trigger Send's batching: requests never exceed Braze's caps, every item travels in
// exactly one request, and each recipient's messages leave in item order (one per request).
import assert from 'node:assert/strict';

import fc from 'fast-check';

import { planAttributeTracks, planTriggerSends, type SendEntry, type TrackEntry } from '../../nodes/BrazeTriggerSend/batching';
import { fuzzRuns, scaled } from './fuzzConfig';

/** Braze's documented caps (written out here, not read from the module under test). */
const SEND_CAP = 50;
const TRACK_CAP = 75;

/** Few recipients and campaigns so that they repeat; up to 400 items so that requests fill up. */
const sendEntries = fc
	.array(
		fc.record({
			campaignId: fc.constantFrom('reply', 'closing', 'promo'),
			externalUserId: fc.oneof(fc.constantFrom('marie', 'paul', 'zoë', ''), fc.stringMatching(/^u[0-9]{1,3}$/)),
			sendId: fc.option(fc.constantFrom('s1', 's2'), { nil: undefined }),
			sendToExistingOnly: fc.boolean(),
			message: fc.string({ maxLength: 5 }),
		}),
		{ maxLength: 400 },
	)
	.map((records) =>
		records.map(
			(record, itemIndex): SendEntry => ({
				itemIndex,
				campaignId: record.campaignId,
				externalUserId: record.externalUserId,
				sendId: record.sendId,
				sendToExistingOnly: record.sendToExistingOnly,
				triggerProperties: { msg_body: record.message },
				attributes: {},
			}),
		),
	);

function assertEachItemOnce(requests: Array<{ entries: Array<{ itemIndex: number }> }>, count: number): void {
	const seen = requests.flatMap((request) => request.entries.map((entry) => entry.itemIndex)).sort((a, b) => a - b);
	assert.deepEqual(seen, Array.from({ length: count }, (_, i) => i), 'every item in exactly one request');
}

describe('fuzz: Braze batching', () => {
	it(`trigger sends: ≤ 50 recipients, one campaign per request, each item once, a recipient once per request and in order (${scaled(3_000)} runs)`, () => {
		fc.assert(
			fc.property(sendEntries, fc.boolean(), (entries, batch) => {
				const requests = planTriggerSends(entries, batch);
				assertEachItemOnce(requests, entries.length);
				const lastItemOf = new Map<string, number>();
				for (const request of requests) {
					assert.ok(request.entries.length >= 1 && request.entries.length <= (batch ? SEND_CAP : 1), `${request.entries.length} recipients`);
					const recipients = request.body.recipients as Array<{ external_user_id: string; trigger_properties?: unknown }>;
					assert.deepEqual(
						recipients.map((recipient) => recipient.external_user_id),
						request.entries.map((entry) => entry.externalUserId),
					);
					const [first] = request.entries;
					assert.equal(request.body.campaign_id, first.campaignId);
					const inRequest = new Set<string>();
					for (const [position, entry] of request.entries.entries()) {
						assert.equal(entry.campaignId, first.campaignId, 'one campaign per request');
						assert.equal(entry.sendId, first.sendId, 'one send id per request');
						assert.deepEqual(recipients[position].trigger_properties, entry.triggerProperties);
						assert.ok(!inRequest.has(entry.externalUserId), `${entry.externalUserId} twice in one request`);
						inRequest.add(entry.externalUserId);
						// Requests are sent in order: a recipient's item must come after their previous one.
						assert.ok((lastItemOf.get(entry.externalUserId) ?? -1) < entry.itemIndex, `${entry.externalUserId} out of order`);
						lastItemOf.set(entry.externalUserId, entry.itemIndex);
					}
				}
			}),
			fuzzRuns(3_000),
		);
	});

	it(`attribute tracks: ≤ 75 objects per request, each item once, in item order (${scaled(3_000)} runs)`, () => {
		const trackEntries = fc
			.array(fc.oneof(fc.constantFrom('marie', 'paul'), fc.stringMatching(/^u[0-9]{1,2}$/)), { maxLength: 400 })
			.map((users) => users.map((externalUserId, itemIndex): TrackEntry => ({ itemIndex, externalUserId, attributes: { n: itemIndex } })));
		fc.assert(
			fc.property(trackEntries, fc.boolean(), (entries, batch) => {
				const requests = planAttributeTracks(entries, batch);
				assertEachItemOnce(requests, entries.length);
				// Braze applies attribute objects in order: the requests, one after the other, must replay the items in order.
				const sent = requests.flatMap((request) => request.body.attributes as Array<{ external_id: string; n: number }>);
				assert.deepEqual(sent.map((object) => object.n), entries.map((entry) => entry.itemIndex));
				assert.deepEqual(sent.map((object) => object.external_id), entries.map((entry) => entry.externalUserId));
				for (const request of requests) assert.ok(request.entries.length >= 1 && request.entries.length <= (batch ? TRACK_CAP : 1));
			}),
			fuzzRuns(3_000),
		);
	});
});
