// Property-based tests of Braze Trigger Send's batching: requests never exceed Braze's caps, every item travels in
// exactly one request, and each recipient's messages leave in item order (one per request), whether an item names its
// person by external id or, for customers Braze knows only by phone, by braze_id.
import assert from 'node:assert/strict';

import fc from 'fast-check';

import { planAttributeTracks, planTriggerSends, type SendEntry, type TrackEntry } from '../../nodes/BrazeTriggerSend/batching';
import type { BrazeUser } from '../../nodes/BrazeTriggerSend/brazeUser';
import { fuzzRuns, scaled } from './fuzzConfig';

/** Braze's documented caps (written out here, not read from the module under test). */
const SEND_CAP = 50;
const TRACK_CAP = 75;

/** Few people so that they repeat; some braze_ids equal external ids in text, yet name other people. */
const users: fc.Arbitrary<BrazeUser> = fc.oneof(
	fc.oneof(fc.constantFrom('marie', 'paul', 'zoë', ''), fc.stringMatching(/^u[0-9]{1,3}$/)).map((externalId) => ({ externalId })),
	fc.constantFrom('65f1c0ffee0ddba11deadbee', 'marie', '0123456789abcdef01234567').map((brazeId) => ({ brazeId })),
);

/** The identifier Braze must receive for a user (written out here, not read from the module under test). */
const recipientOf = (user: BrazeUser) => ('externalId' in user ? { external_user_id: user.externalId } : { braze_id: user.brazeId });
const attributeIdOf = (user: BrazeUser) => ('externalId' in user ? { external_id: user.externalId } : { braze_id: user.brazeId });
const personOf = (user: BrazeUser) => JSON.stringify(recipientOf(user));

/** Few recipients and campaigns so that they repeat; up to 400 items so that requests fill up. */
const sendEntries = fc
	.array(
		fc.record({
			campaignId: fc.constantFrom('reply', 'closing', 'promo'),
			user: users,
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
				user: record.user,
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
					const recipients = request.body.recipients as Array<Record<string, unknown>>;
					const identifiers = recipients.map(({ external_user_id: external, braze_id: braze }) =>
						external !== undefined ? { external_user_id: external } : { braze_id: braze },
					);
					assert.deepEqual(identifiers, request.entries.map((entry) => recipientOf(entry.user)));
					for (const recipient of recipients) assert.ok(!('external_user_id' in recipient && 'braze_id' in recipient), 'one id per recipient');
					const [first] = request.entries;
					assert.equal(request.body.campaign_id, first.campaignId);
					const inRequest = new Set<string>();
					for (const [position, entry] of request.entries.entries()) {
						assert.equal(entry.campaignId, first.campaignId, 'one campaign per request');
						assert.equal(entry.sendId, first.sendId, 'one send id per request');
						assert.deepEqual(recipients[position].trigger_properties, entry.triggerProperties);
						const person = personOf(entry.user);
						assert.ok(!inRequest.has(person), `${person} twice in one request`);
						inRequest.add(person);
						// Requests are sent in order: a recipient's item must come after their previous one.
						assert.ok((lastItemOf.get(person) ?? -1) < entry.itemIndex, `${person} out of order`);
						lastItemOf.set(person, entry.itemIndex);
					}
				}
			}),
			fuzzRuns(3_000),
		);
	});

	it(`attribute tracks: ≤ 75 objects per request, each item once, in item order (${scaled(3_000)} runs)`, () => {
		const trackEntries = fc
			.array(users, { maxLength: 400 })
			.map((people) => people.map((user, itemIndex): TrackEntry => ({ itemIndex, user, attributes: { n: itemIndex } })));
		fc.assert(
			fc.property(trackEntries, fc.boolean(), (entries, batch) => {
				const requests = planAttributeTracks(entries, batch);
				assertEachItemOnce(requests, entries.length);
				// Braze applies attribute objects in order: the requests, one after the other, must replay the items in order.
				const sent = requests.flatMap((request) => request.body.attributes as Array<Record<string, unknown>>);
				assert.deepEqual(sent, entries.map((entry) => ({ n: entry.itemIndex, ...attributeIdOf(entry.user) })));
				for (const request of requests) assert.ok(request.entries.length >= 1 && request.entries.length <= (batch ? TRACK_CAP : 1));
			}),
			fuzzRuns(3_000),
		);
	});
});
