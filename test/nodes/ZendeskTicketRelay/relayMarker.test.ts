import {
	MAX_DELIVERIES_PER_WRITE,
	markerWith,
	newMarker,
	relayedBefore,
	REMEMBERED_DELIVERIES,
} from '../../../nodes/ZendeskTicketRelay/relayMarker';

const key = (n: number) => n.toString(16).padStart(8, '0') + 'abcdef0123456789'.slice(0, 8);
const keys = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => key(from + index));

describe('relay marker (ticket external_id)', () => {
	it('records a delivery on a ticket without external id and finds it again with what was done', () => {
		const marker = markerWith(null, [key(1)], 'created');
		expect(marker).toBeDefined();
		expect(relayedBefore(marker, [key(1)])).toBe('created');
		expect(relayedBefore(marker, [key(2)])).toBeUndefined();
		expect(relayedBefore(null, [key(1)])).toBeUndefined();
	});

	it('remembers the last deliveries, newest first, within the field size', () => {
		let marker: string | undefined = undefined;
		const actions = ['commented', 'reopened', 'followUp', 'created'] as const;
		for (let n = 1; n <= REMEMBERED_DELIVERIES + 3; n++) marker = markerWith(marker, [key(n)], actions[n % 4]);
		expect(marker!.length).toBeLessThanOrEqual(255);
		expect(relayedBefore(marker, [key(REMEMBERED_DELIVERIES + 3)])).toBe(actions[(REMEMBERED_DELIVERIES + 3) % 4]);
		expect(relayedBefore(marker, [key(4)])).toBe(actions[0]);
		expect(relayedBefore(marker, [key(3)])).toBeUndefined();
	});

	it('records a whole burst written by one request and still remembers the deliveries just before it', () => {
		const before = markerWith(null, keys(1, 4), 'commented');
		const marker = markerWith(before, keys(5, 4 + MAX_DELIVERIES_PER_WRITE), 'reopened');
		expect(marker!.length).toBeLessThanOrEqual(255);
		for (const burstKey of keys(5, 4 + MAX_DELIVERIES_PER_WRITE)) expect(relayedBefore(marker, [burstKey])).toBe('reopened');
		for (const earlier of keys(1, 4)) expect(relayedBefore(marker, [earlier])).toBe('commented');
	});

	it('accepts any of the keys a delivery may have had', () => {
		const marker = markerWith(undefined, [key(7)], 'commented');
		expect(relayedBefore(marker, [key(8), key(7)])).toBe('commented');
	});

	it("leaves another integration's external_id alone and finds nothing in it", () => {
		expect(markerWith('crm-4711', [key(1)], 'commented')).toBeUndefined();
		expect(relayedBefore('crm-4711', [key(1)])).toBeUndefined();
	});

	it('starts a new ticket with the same marker as an empty one gets', () => {
		expect(newMarker([key(1), key(2)], 'followUp')).toBe(markerWith(null, [key(1), key(2)], 'followUp'));
		expect(relayedBefore(newMarker([key(1)], 'followUp'), [key(1)])).toBe('followUp');
	});

	it('records a delivery once even when written again', () => {
		const once = markerWith(null, [key(1)], 'commented');
		expect(markerWith(once, [key(1)], 'commented')).toBe(once);
	});
});
