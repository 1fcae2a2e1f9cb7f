import {
	commentBody,
	customerKey,
	deliveryKeys,
	parseMediaUrls,
	parseTags,
	parseTicketHint,
	RETRY_WINDOW_MS,
	type InboundMessage,
} from '../../../nodes/ZendeskTicketRelay/inboundMessage';

const A = 'https://cdn.example.com/a.jpg';
const B = 'https://cdn.example.com/b.png';

describe('parseMediaUrls', () => {
	it('reads arrays, JSON array strings and comma or space separated lists', () => {
		expect(parseMediaUrls([A, B])).toEqual([A, B]);
		expect(parseMediaUrls(JSON.stringify([A, B]))).toEqual([A, B]);
		expect(parseMediaUrls(`${A}, ${B}`)).toEqual([A, B]);
		expect(parseMediaUrls(`${A}\n${B}`)).toEqual([A, B]);
		expect(parseMediaUrls(`[${A}, ${B}]`)).toEqual([A, B]);
	});

	it('keeps only http(s) links, once each, and nothing for empty input', () => {
		expect(parseMediaUrls(`${A}, not-a-link, ftp://x/y, ${A}`)).toEqual([A]);
		expect(parseMediaUrls('')).toEqual([]);
		expect(parseMediaUrls(undefined)).toEqual([]);
		expect(parseMediaUrls('[]')).toEqual([]);
	});
});

describe('commentBody', () => {
	it('puts each picture link on its own line after the text', () => {
		expect(commentBody({ message: '  Here is the damage \n', mediaUrls: [A, B] })).toBe(`Here is the damage\n${A}\n${B}`);
	});

	it('is the text alone without pictures, and the links alone without text', () => {
		expect(commentBody({ message: 'Hello\nsecond line', mediaUrls: [] })).toBe('Hello\nsecond line');
		expect(commentBody({ message: ' ', mediaUrls: [A] })).toBe(A);
	});
});

describe('deliveryKeys', () => {
	const base: InboundMessage = { brazeExternalId: 'cust-1', brazeId: '', message: 'ok', mediaUrls: [], deliveryId: '' };
	const t0 = Date.UTC(2026, 10, 25, 18, 0, 10);

	it('gives a retry of one delivery the same key, whenever it comes', () => {
		const first = deliveryKeys({ ...base, deliveryId: 'dispatch-1' }, t0);
		const retry = deliveryKeys({ ...base, deliveryId: 'dispatch-1' }, t0 + 29 * 60_000);
		expect(retry.key).toBe(first.key);
		expect(first.sameDelivery).toEqual([first.key]);
	});

	it('keeps two genuine identical texts apart when their delivery ids differ, even a second apart', () => {
		const first = deliveryKeys({ ...base, deliveryId: 'dispatch-1' }, t0);
		const second = deliveryKeys({ ...base, deliveryId: 'dispatch-2' }, t0 + 1000);
		expect(second.sameDelivery).not.toContain(first.key);
	});

	it('tells customers, texts and pictures apart', () => {
		const keys = [
			deliveryKeys(base, t0).key,
			deliveryKeys({ ...base, brazeExternalId: 'cust-2' }, t0).key,
			deliveryKeys({ ...base, message: 'ok!' }, t0).key,
			deliveryKeys({ ...base, mediaUrls: [A] }, t0).key,
		];
		expect(new Set(keys).size).toBe(4);
	});

	it('matches the external id as Zendesk does (case and surrounding spaces ignored)', () => {
		expect(deliveryKeys({ ...base, brazeExternalId: ' CUST-1 ' }, t0).key).toBe(deliveryKeys(base, t0).key);
	});

	it('without a delivery id, treats the same text within the retry window as a retry and later as new', () => {
		const first = deliveryKeys(base, t0);
		const soon = deliveryKeys(base, t0 + RETRY_WINDOW_MS);
		const later = deliveryKeys(base, t0 + 2 * RETRY_WINDOW_MS + 1);
		expect(soon.sameDelivery).toContain(first.key);
		expect(later.sameDelivery).not.toContain(first.key);
	});

	it('makes keys Zendesk accepts as Idempotency-Key', () => {
		expect(deliveryKeys(base, t0).key).toMatch(/^[0-9a-f]{16}$/);
	});

	it('keeps the key of a delivery sent before Braze identified the customer (braze_id only) and retried after', () => {
		const phoneOnly = { ...base, brazeExternalId: '', brazeId: '65A1B2C3D4E5F60718293A4B', deliveryId: 'dispatch-1' };
		const identified = { ...phoneOnly, brazeExternalId: 'cust-1', brazeId: ' 65a1b2c3d4e5f60718293a4b ' };
		expect(deliveryKeys(identified, t0).key).toBe(deliveryKeys(phoneOnly, t0).key);
		expect(deliveryKeys({ ...phoneOnly, brazeId: '75a1b2c3d4e5f60718293a4b' }, t0).key).not.toBe(deliveryKeys(phoneOnly, t0).key);
	});
});

describe('customerKey', () => {
	it('is the braze_id when there is one, else the external id, compared as Zendesk compares ids', () => {
		expect(customerKey({ brazeExternalId: 'Cust-1', brazeId: ' 65A1B2C3D4E5F60718293A4B ' })).toBe('65a1b2c3d4e5f60718293a4b');
		expect(customerKey({ brazeExternalId: '', brazeId: '65a1b2c3d4e5f60718293a4b' })).toBe('65a1b2c3d4e5f60718293a4b');
		expect(customerKey({ brazeExternalId: ' Cust-1 ', brazeId: '' })).toBe('cust-1');
	});
});

describe('parseTicketHint', () => {
	it('reads numbers and numeric strings', () => {
		expect(parseTicketHint('123')).toBe(123);
		expect(parseTicketHint(' 123 ')).toBe(123);
		expect(parseTicketHint(123)).toBe(123);
	});

	it('treats empty, zero, unrendered or odd values as no hint', () => {
		for (const value of ['', '0', 0, null, undefined, 'abc', '12a', '-4', '1.5', '{{custom_attribute.${zendesk_ticket}}}']) {
			expect(parseTicketHint(value)).toBeUndefined();
		}
	});
});

describe('parseTags', () => {
	it('splits comma or space separated lists and arrays, once each', () => {
		expect(parseTags('sms')).toEqual(['sms']);
		expect(parseTags('sms, braze  inbound,sms')).toEqual(['sms', 'braze', 'inbound']);
		expect(parseTags(['sms', 'vip'])).toEqual(['sms', 'vip']);
		expect(parseTags('')).toEqual([]);
	});
});
