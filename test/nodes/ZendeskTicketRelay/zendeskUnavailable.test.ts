// Which failed writes fail a conversation's waiting messages together (Zendesk down) rather than one by one.
import { isZendeskUnavailable } from '../../../nodes/ZendeskTicketRelay/zendeskUnavailable';
import { VendorRequestError, type VendorFailure } from '../../../nodes/shared/vendorError';

const failed = (failure: Omit<VendorFailure, 'reason'>) =>
	new VendorRequestError('zendesk', 'PUT', '/api/v2/tickets/7.json', { reason: 'as the transport said', ...failure });

describe('isZendeskUnavailable', () => {
	it('is Zendesk down past the retries: 5xx, 408, a 429 whose wait ran out, no answer', () => {
		for (const statusCode of [500, 502, 503, 504, 408, 429]) expect(isZendeskUnavailable(failed({ statusCode, attempts: 5 }))).toBe(true);
		expect(isZendeskUnavailable(failed({ networkErrorCode: 'ETIMEDOUT', attempts: 5 }))).toBe(true);
		// An update with no answer is not sent again by the transport (attempts 1): it may have landed.
		expect(isZendeskUnavailable(failed({ networkErrorCode: 'ECONNRESET', attempts: 1 }))).toBe(true);
	});

	it("is not a refusal of one message or one execution's credential, nor a cancelled execution", () => {
		// 501 too: the transport does not retry it, it answers this request, not the account's state.
		for (const statusCode of [400, 401, 403, 404, 409, 422, 501]) expect(isZendeskUnavailable(failed({ statusCode, attempts: 1 }))).toBe(false);
		expect(isZendeskUnavailable(new Error('The execution was cancelled'))).toBe(false);
		expect(isZendeskUnavailable(new Error('Zendesk ticket 7 disappeared while the message was being added'))).toBe(false);
		expect(isZendeskUnavailable(undefined)).toBe(false);
	});
});
