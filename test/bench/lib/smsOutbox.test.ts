// The outbound bench counts a delivery only when its SMS is in Braze's outbox exactly once, for the right customer,
// with the exact text: everything else must fail the bench.
import { SmsOutbox } from '../../../bench/lib/smsOutbox';
import type { BrazeSms } from '../../simulators/braze';

const CAMPAIGN = 'reply-campaign';

function sms(text: string, externalUserId = 'ada', at = '2026-01-01T10:00:00.250Z'): BrazeSms {
	return { externalUserId, brazeId: 'b1', campaignId: CAMPAIGN, dispatchId: 'd1', text, phone: null, at };
}

describe('SMS outbox watch', () => {
	let outbox: BrazeSms[];
	let wrong: string[];
	let now: number;
	let watch: SmsOutbox;

	beforeEach(() => {
		outbox = [];
		wrong = [];
		now = 0;
		watch = new SmsOutbox(outbox, wrong, () => now);
	});

	it("resolves with the time Braze recorded the expected SMS, and finds nothing wrong", async () => {
		const arrival = watch.expect({ text: 'Reply 1', externalUserId: 'ada', campaignId: CAMPAIGN }, 1_000);
		outbox.push(sms('Reply 1'));
		watch.scan();
		await expect(arrival).resolves.toBe(Date.parse('2026-01-01T10:00:00.250Z'));
		expect(watch.outstanding).toBe(0);
		expect(wrong).toEqual([]);
	});

	it('reports a second copy, however late, an SMS nobody expected, and one sent to someone else', async () => {
		const first = watch.expect({ text: 'Reply 1', externalUserId: 'ada', campaignId: CAMPAIGN }, 1_000);
		const second = watch.expect({ text: 'Reply 2', externalUserId: 'ada', campaignId: CAMPAIGN }, 1_000);
		outbox.push(sms('Reply 1'), sms('Reply 2', 'grace'));
		watch.scan();
		await Promise.all([first, second]);
		outbox.push(sms('Reply 1'), sms('Reply 3'));
		watch.scan();
		expect(wrong).toEqual([
			`SMS "Reply 2" went to grace by ${CAMPAIGN}, not ada by ${CAMPAIGN}`,
			'SMS "Reply 1" sent twice',
			'unexpected SMS "Reply 3"',
		]);
	});

	it('gives up on an SMS that does not come in time', async () => {
		const arrival = watch.expect({ text: 'Reply 1', externalUserId: 'ada', campaignId: CAMPAIGN }, 1_000);
		now = 999;
		watch.scan();
		expect(watch.outstanding).toBe(1);
		now = 1_000;
		watch.scan();
		await expect(arrival).resolves.toBeNaN();
		expect(wrong).toEqual(['no SMS "Reply 1" for ada in time']);
	});

	it('refuses to expect one text twice: deliveries could not be told apart', () => {
		void watch.expect({ text: 'Reply 1', externalUserId: 'ada', campaignId: CAMPAIGN }, 1_000);
		expect(() => watch.expect({ text: 'Reply 1', externalUserId: 'ada', campaignId: CAMPAIGN }, 1_000)).toThrow('expected twice');
	});
});
