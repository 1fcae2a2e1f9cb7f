import {
	attributeObjectIdentifier,
	chooseUser,
	outputIdentifier,
	personKey,
	recipientIdentifier,
} from '../../../nodes/BrazeTriggerSend/brazeUser';

describe('chooseUser', () => {
	it('prefers the external id, trimmed; falls back to the braze_id; numbers count as text', () => {
		expect(chooseUser(' customer-7 ', 'b1', 0)).toEqual({ externalId: 'customer-7' });
		expect(chooseUser('  ', ' b1 ', 0)).toEqual({ brazeId: 'b1' });
		expect(chooseUser(undefined, 'b1', 0)).toEqual({ brazeId: 'b1' });
		expect(chooseUser(42, '', 0)).toEqual({ externalId: '42' });
	});

	it('names the item and both fields when neither is set', () => {
		expect(() => chooseUser('', null, 3)).toThrow(
			'Item 3: External User ID (externalUserId) and Braze ID (brazeId) are both empty: one of them is needed',
		);
	});
});

describe('Braze identifiers of a user', () => {
	it("says who a recipient, an attribute object and an output item are, by the id used", () => {
		const known = { externalId: 'customer-7' };
		const anonymous = { brazeId: '65f1c0ffee0ddba11deadbee' };
		expect([recipientIdentifier(known), recipientIdentifier(anonymous)]).toStrictEqual([
			{ external_user_id: 'customer-7' },
			{ braze_id: '65f1c0ffee0ddba11deadbee' },
		]);
		expect([attributeObjectIdentifier(known), attributeObjectIdentifier(anonymous)]).toStrictEqual([
			{ external_id: 'customer-7' },
			{ braze_id: '65f1c0ffee0ddba11deadbee' },
		]);
		expect([outputIdentifier(known), outputIdentifier(anonymous)]).toStrictEqual([
			{ externalUserId: 'customer-7' },
			{ brazeId: '65f1c0ffee0ddba11deadbee' },
		]);
	});

	it('never takes an external id for the braze_id of the same text', () => {
		expect(personKey({ externalId: 'x' })).not.toBe(personKey({ brazeId: 'x' }));
		expect(personKey({ brazeId: 'x' })).toBe(personKey({ brazeId: 'x' }));
	});
});
