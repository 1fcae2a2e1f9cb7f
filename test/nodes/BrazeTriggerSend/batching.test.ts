import fc from 'fast-check';

import {
	batchEntries,
	brazeWarnings,
	describeItems,
	planAttributeTracks,
	planTriggerSends,
	rejectedAttributeObjects,
	type SendEntry,
} from '../../../nodes/BrazeTriggerSend/batching';

function sendEntry(itemIndex: number, overrides: Partial<SendEntry> = {}): SendEntry {
	return {
		itemIndex,
		campaignId: 'camp-1',
		user: { externalId: `user-${itemIndex}` },
		sendToExistingOnly: true,
		triggerProperties: { msg_body: `reply ${itemIndex}` },
		attributes: { zendesk_ticket: 1000 + itemIndex, zendesk_ticket_open: true },
		...overrides,
	};
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('planTriggerSends', () => {
	it('sends 120 recipients of one campaign as 50 + 50 + 20, each with its own properties and attributes', () => {
		const plan = planTriggerSends(range(120).map((i) => sendEntry(i)), true);
		expect(plan.map((request) => request.entries.length)).toEqual([50, 50, 20]);
		const recipients = plan.flatMap((request) => request.body.recipients as Array<Record<string, unknown>>);
		expect(recipients).toHaveLength(120);
		recipients.forEach((recipient, i) => {
			expect(recipient).toStrictEqual({
				external_user_id: `user-${i}`,
				trigger_properties: { msg_body: `reply ${i}` },
				attributes: { zendesk_ticket: 1000 + i, zendesk_ticket_open: true },
				send_to_existing_only: true,
			});
		});
		expect(plan[2].entries.map((entry) => entry.itemIndex)).toEqual(range(20).map((i) => 100 + i));
		expect(plan[0].body).toMatchObject({ campaign_id: 'camp-1' });
		expect(plan[0].body).not.toHaveProperty('send_id');
	});

	it('never mixes campaigns or send ids in one request', () => {
		const entries = [
			sendEntry(0),
			sendEntry(1, { campaignId: 'camp-2' }),
			sendEntry(2),
			sendEntry(3, { sendId: 's-1' }),
			sendEntry(4, { campaignId: 'camp-2' }),
		];
		const plan = planTriggerSends(entries, true);
		const shape = plan.map((request) => [
			request.body.campaign_id,
			request.body.send_id,
			request.entries.map((entry) => entry.itemIndex),
		]);
		expect(shape).toEqual([
			['camp-1', undefined, [0, 2]],
			['camp-2', undefined, [1, 4]],
			['camp-1', 's-1', [3]],
		]);
	});

	it('keeps send_to_existing_only per recipient, so differing items still share a request', () => {
		const plan = planTriggerSends([sendEntry(0), sendEntry(1, { sendToExistingOnly: false })], true);
		expect(plan).toHaveLength(1);
		const recipients = plan[0].body.recipients as Array<Record<string, unknown>>;
		expect(recipients.map((recipient) => recipient.send_to_existing_only)).toEqual([true, false]);
	});

	it('puts a second message to the same person in a later request, keeping their order', () => {
		const plan = planTriggerSends(
			[
				sendEntry(0, { user: { externalId: 'ann' } }),
				sendEntry(1, { user: { externalId: 'bob' } }),
				sendEntry(2, { user: { externalId: 'ann' } }),
				sendEntry(3, { user: { externalId: 'cid' } }),
			],
			true,
		);
		expect(plan.map((request) => request.entries.map((entry) => entry.itemIndex))).toEqual([[0, 1, 3], [2]]);
	});

	it('addresses an item without external id by braze_id, keying people by the id each item uses', () => {
		const anonymous = { brazeId: '65f1c0ffee0ddba11deadbee' };
		const plan = planTriggerSends(
			[
				sendEntry(0, { user: anonymous }),
				sendEntry(1, { user: { externalId: 'ann' } }),
				sendEntry(2, { user: anonymous }),
				// An external id that looks like the braze_id is another person: it shares the first request.
				sendEntry(3, { user: { externalId: anonymous.brazeId } }),
			],
			true,
		);
		expect(plan.map((request) => request.entries.map((entry) => entry.itemIndex))).toEqual([[0, 1, 3], [2]]);
		const identifiers = plan.map((request) =>
			(request.body.recipients as Array<Record<string, unknown>>).map((recipient) =>
				Object.fromEntries(Object.entries(recipient).filter(([key]) => key === 'braze_id' || key === 'external_user_id')),
			),
		);
		expect(identifiers).toStrictEqual([
			[{ braze_id: anonymous.brazeId }, { external_user_id: 'ann' }, { external_user_id: anonymous.brazeId }],
			[{ braze_id: anonymous.brazeId }],
		]);
	});

	it('omits empty trigger properties and attributes', () => {
		const [request] = planTriggerSends([sendEntry(0, { triggerProperties: {}, attributes: {} })], true);
		expect(request.body.recipients).toEqual([{ external_user_id: 'user-0', send_to_existing_only: true }]);
	});

	it('sends one request per item when batching is off', () => {
		expect(planTriggerSends(range(3).map((i) => sendEntry(i)), false)).toHaveLength(3);
	});

	it('needs ceil(N/50) requests for N distinct recipients, with every item exactly once', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 400 }), (n) => {
				const plan = planTriggerSends(range(n).map((i) => sendEntry(i)), true);
				expect(plan).toHaveLength(Math.ceil(n / 50));
				expect(plan.flatMap((request) => request.entries.map((entry) => entry.itemIndex))).toEqual(range(n));
			}),
			{ numRuns: 50 },
		);
	});
});

describe('batchEntries', () => {
	it('keeps every entry once, no request over the cap, no recipient twice in a request, and per-recipient order across groups', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ group: fc.integer({ min: 0, max: 2 }), who: fc.integer({ min: 0, max: 5 }) }), {
					maxLength: 60,
				}),
				fc.integer({ min: 1, max: 7 }),
				(raw, maxSize) => {
					const entries = raw.map((entry, itemIndex) => ({ ...entry, itemIndex }));
					const batches = batchEntries(entries, {
						maxSize,
						groupKey: (entry) => String(entry.group),
						recipientId: (entry) => String(entry.who),
					});
					const seen = batches.flatMap((batch) => batch.entries.map((entry) => entry.itemIndex));
					expect([...seen].sort((a, b) => a - b)).toEqual(entries.map((entry) => entry.itemIndex));
					for (const batch of batches) {
						expect(batch.entries.length).toBeLessThanOrEqual(maxSize);
						expect(new Set(batch.entries.map((entry) => entry.group)).size).toBe(1);
						expect(new Set(batch.entries.map((entry) => entry.who)).size).toBe(batch.entries.length);
					}
					// Requests go out in order: each person's messages leave in item order.
					for (let who = 0; who <= 5; who++) {
						const order = seen.filter((itemIndex) => entries[itemIndex].who === who);
						expect(order).toEqual([...order].sort((a, b) => a - b));
					}
				},
			),
		);
	});
});

describe('planAttributeTracks', () => {
	it('writes 75 users per /users/track request, external_id last so an attribute cannot replace it', () => {
		const entries = range(160).map((i) => ({
			itemIndex: i,
			user: { externalId: `u${i}` },
			attributes: { zendesk_ticket_open: i % 2 === 0 },
		}));
		const plan = planAttributeTracks(entries, true);
		expect(plan.map((request) => request.entries.length)).toEqual([75, 75, 10]);
		expect((plan[2].body.attributes as unknown[])[9]).toStrictEqual({ zendesk_ticket_open: false, external_id: 'u159' });
	});

	it('lets the same user appear twice in a request (Braze applies them in order)', () => {
		const plan = planAttributeTracks(
			[
				{ itemIndex: 0, user: { externalId: 'ann' }, attributes: { a: 1 } },
				{ itemIndex: 1, user: { externalId: 'ann' }, attributes: { a: 2 } },
			],
			true,
		);
		expect(plan).toHaveLength(1);
	});

	it('names an anonymous profile by braze_id in its attribute object', () => {
		const [request] = planAttributeTracks([{ itemIndex: 0, user: { brazeId: 'b1' }, attributes: { zendesk_ticket: 4 } }], true);
		expect(request.body.attributes).toStrictEqual([{ zendesk_ticket: 4, braze_id: 'b1' }]);
	});
});

describe('Braze answers', () => {
	it('finds the attribute objects a 201 /users/track refused, by position', () => {
		const refused = rejectedAttributeObjects({
			message: 'success',
			errors: [
				{ type: "'external_id' or 'braze_id' or 'user_alias' is required", input_array: 'attributes', index: 2 },
				{ type: 'something else', input_array: 'events', index: 0 },
			],
		});
		expect([...refused]).toEqual([[2, "'external_id' or 'braze_id' or 'user_alias' is required"]]);
		expect(rejectedAttributeObjects({ message: 'success' }).size).toBe(0);
	});

	it('reads non-fatal errors next to a success as text', () => {
		expect(brazeWarnings({ dispatch_id: 'd', errors: ['minor', { a: 1 }] })).toEqual(['minor', '{"a":1}']);
		expect(brazeWarnings({ dispatch_id: 'd' })).toEqual([]);
	});
});

describe('describeItems', () => {
	it('names items the way n8n counts them, in ranges', () => {
		expect(describeItems([7])).toBe('item 7');
		expect(describeItems(range(50))).toBe('items 0–49');
		expect(describeItems([9, 0, 1, 2, 5, 10])).toBe('items 0–2, 5, 9–10');
	});
});
