import {
	FieldValueError,
	keyValues,
	requiredText,
	typedAttributes,
} from '../../../nodes/BrazeTriggerSend/typedAttributes';

describe('typedAttributes', () => {
	it('turns typed text into the JSON types Braze stores', () => {
		expect(
			typedAttributes(
				[
					{ key: 'zendesk_ticket', value: '123', type: 'number' },
					{ key: 'zendesk_ticket_open', value: 'true', type: 'boolean' },
					{ key: 'closed', value: ' FALSE ', type: 'boolean' },
					{ key: 'ratio', value: '-1.5e2', type: 'number' },
					{ key: 'name', value: 'Zoé', type: 'string' },
					{ key: 'untyped', value: '42' },
				],
				0,
				'Attributes',
			),
		).toStrictEqual({
			zendesk_ticket: 123,
			zendesk_ticket_open: true,
			closed: false,
			ratio: -150,
			name: 'Zoé',
			untyped: '42',
		});
	});

	it('keeps values an expression already produced as numbers or booleans', () => {
		expect(
			typedAttributes(
				[
					{ key: 'n', value: 7, type: 'number' },
					{ key: 'b', value: false, type: 'boolean' },
					{ key: 's', value: 7, type: 'string' },
				],
				0,
				'Attributes',
			),
		).toStrictEqual({ n: 7, b: false, s: '7' });
	});

	it.each([
		['number', 'twelve', /Item 4: Attributes "x" must be a number, got "twelve"/],
		['number', '', /Item 4: Attributes "x" must be a number, got an empty value/],
		['number', '12abc', /must be a number/],
		['boolean', 'yes', /Item 4: Attributes "x" must be true or false, got "yes"/],
		['boolean', '1', /must be true or false/],
	] as const)('refuses a %s that does not parse (%j), naming item and field', (type, value, message) => {
		const run = () => typedAttributes([{ key: 'x', value, type }], 4, 'Attributes');
		expect(run).toThrow(FieldValueError);
		expect(run).toThrow(message);
	});

	it('refuses an empty key, naming its position', () => {
		expect(() => typedAttributes([{ key: ' ', value: 'a' }], 2, 'Attributes')).toThrow(
			'Item 2: Attributes #1 has an empty key',
		);
	});

	it('lets a later entry with the same key win', () => {
		expect(
			typedAttributes(
				[
					{ key: 'a', value: '1', type: 'number' },
					{ key: 'a', value: '2', type: 'number' },
				],
				0,
				'Attributes',
			),
		).toStrictEqual({ a: 2 });
	});
});

describe('keyValues', () => {
	it('keeps each value as given, multi-line text included', () => {
		expect(
			keyValues([{ key: 'msg_body', value: 'Hello\nsecond line' }, { key: 'meta', value: { a: 1 } }], 0, 'Trigger Properties'),
		).toStrictEqual({ msg_body: 'Hello\nsecond line', meta: { a: 1 } });
	});

	it('is empty for no entries', () => {
		expect(keyValues(undefined, 0, 'Trigger Properties')).toStrictEqual({});
	});
});

describe('requiredText', () => {
	it('trims, and names item and field when empty', () => {
		expect(requiredText(' 42 ', 0, 'Campaign ID')).toBe('42');
		expect(requiredText(42, 0, 'Campaign ID')).toBe('42');
		expect(() => requiredText('  ', 9, 'Campaign ID (campaignId)')).toThrow('Item 9: Campaign ID (campaignId) is empty');
		expect(() => requiredText(undefined, 1, 'External User ID')).toThrow('Item 1: External User ID is empty');
	});
});
