import { VendorRequestError, vendorMessage } from '../../../nodes/shared/vendorError';

describe('vendorMessage', () => {
	it("joins Zendesk's error, description and field details", () => {
		const body = {
			error: 'RecordInvalid',
			description: 'Record validation errors',
			details: { status: [{ description: 'Status: closed prevents ticket update' }] },
		};
		expect(vendorMessage(body, undefined)).toBe('RecordInvalid - Record validation errors - Status: closed prevents ticket update');
	});

	it("joins Braze's message and errors list", () => {
		expect(vendorMessage({ message: 'Invalid campaign_id', errors: ['campaign not found'] }, undefined)).toBe(
			'Invalid campaign_id - campaign not found',
		);
	});

	it('falls back to the error text when there is no body', () => {
		expect(vendorMessage(undefined, new Error('socket hang up'))).toBe('socket hang up');
	});
});

describe('VendorRequestError', () => {
	it('points a 401 at the credential to fix', () => {
		const error = new VendorRequestError('braze', 'POST', '/campaigns/trigger/send', {
			statusCode: 401,
			body: { message: 'Invalid API key' },
			attempts: 1,
			reason: 'HTTP 401',
		});
		expect(error.message).toBe('Braze POST /campaigns/trigger/send failed (401): Invalid API key');
		expect(error.description).toBe('Braze refused the credentials: check the "Braze Relay API" credential.');
	});

	it('says how many tries a transient failure took', () => {
		const error = new VendorRequestError('zendesk', 'PUT', '/api/v2/tickets/7.json', {
			networkErrorCode: 'ECONNRESET',
			attempts: 5,
			reason: 'no answer (ECONNRESET), still failing after 5 tries',
		});
		expect(error.message).toBe('Zendesk PUT /api/v2/tickets/7.json failed (ECONNRESET)');
		expect(error.description).toBe('no answer (ECONNRESET), still failing after 5 tries.');
	});
});
