import { PayloadError, parseBody, repairJsonStrings, toRelayItem } from '../../../nodes/ZendeskRelayTrigger/payload';

function body(overrides: Record<string, unknown> = {}) {
	return {
		event: 'ticketSolved',
		ticket: { id: '77', status: 'Solved' },
		requester: { id: '5', external_id: '', braze_external_id: 'b-5', name: 'Lee', phone: '' },
		comment: { text: '', author: '' },
		...overrides,
	};
}

describe('toRelayItem', () => {
	it('maps the body to the output item, numbers from strings and empty placeholders to null', () => {
		expect(toRelayItem(body(), 'inv')).toEqual({
			event: 'ticketSolved',
			ticketId: 77,
			ticketStatus: 'solved',
			requester: { id: 5, externalId: null, brazeExternalId: 'b-5', name: 'Lee', phone: null },
			comment: { text: '', author: null },
			invocationId: 'inv',
		});
	});

	it('accepts ids given as numbers and keeps multi-line comment text whole (trimmed only at the ends)', () => {
		const item = toRelayItem(
			body({ event: 'agentReply', ticket: { id: 12, status: 'open' }, comment: { text: '  Hi\n\nBye \n', author: 'Max' } }),
			'',
		);
		expect(item.ticketId).toBe(12);
		expect(item.comment).toEqual({ text: 'Hi\n\nBye', author: 'Max' });
	});

	it('refuses an unknown event or a body without a usable ticket id', () => {
		expect(() => toRelayItem(body({ event: 'ticketCreated' }), '')).toThrow(new PayloadError('Unknown event "ticketCreated"'));
		expect(() => toRelayItem(body({ ticket: { id: '' } }), '')).toThrow('The body has no usable ticket id');
		expect(() => toRelayItem(body({ ticket: { id: '12abc' } }), '')).toThrow(PayloadError);
		expect(() => toRelayItem(body({ ticket: { id: '-3' } }), '')).toThrow(PayloadError);
		expect(() => toRelayItem(body({ ticket: undefined }), '')).toThrow(PayloadError);
	});

	it('gives null for a requester id that is not a number', () => {
		expect(toRelayItem(body({ requester: { id: 'abc' } }), '').requester).toEqual({
			id: null,
			externalId: null,
			brazeExternalId: null,
			name: null,
			phone: null,
		});
	});
});

describe('parseBody', () => {
	it('reads a Buffer or a string, with or without a byte order mark', () => {
		const text = JSON.stringify(body());
		expect(parseBody(Buffer.from(text))).toEqual(body());
		expect(parseBody(`\uFEFF${text}`)).toEqual(body());
	});

	it('refuses what is not a JSON object', () => {
		expect(() => parseBody('not json')).toThrow(new PayloadError('The body is not valid JSON'));
		expect(() => parseBody('[1,2]')).toThrow('The body must be a JSON object');
		expect(() => parseBody('')).toThrow(PayloadError);
	});

	it('repairs raw newlines, tabs and inner quotes left by unescaped placeholder values', () => {
		const raw = '{"event":"agentReply","comment":{"text":"Line 1\nSay "hi"\tnow","author":"Jo"}}';
		expect(parseBody(raw)).toEqual({ event: 'agentReply', comment: { text: 'Line 1\nSay "hi"\tnow', author: 'Jo' } });
	});

	it('leaves escapes that were already right untouched, including a literal backslash-n', () => {
		const raw = '{"text":"a\\\\nb \\"q\\" \\u00e9"}';
		expect(repairJsonStrings(raw)).toBe(raw);
		expect(parseBody(raw)).toEqual({ text: 'a\\nb "q" é' });
	});
});
