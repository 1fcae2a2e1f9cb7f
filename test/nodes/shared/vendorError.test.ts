import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
		expect(error.message).toBe('Zendesk PUT /api/v2/tickets/7.json failed (no answer: connection reset)');
		expect(error.description).toBe('no answer (ECONNRESET), still failing after 5 tries.');
	});

	it.each([
		['ETIMEDOUT', 'no answer: timeout'],
		['ECONNREFUSED', 'no answer: connection refused'],
		['ENETWORK', 'no answer'],
	])('words a network failure (%s) without its code, which stays in the description', (code, words) => {
		const error = new VendorRequestError('braze', 'POST', '/campaigns/trigger/send', { networkErrorCode: code, attempts: 1, reason: `no answer (${code})` });
		expect(error.message).toBe(`Braze POST /campaigns/trigger/send failed (${words})`);
		expect(error.description).toContain(code);
	});

	it('keeps the item and the vendor when n8n wraps the message again, as a Stop and Error node does', () => {
		const node = { id: 'n', name: 'Fail: SMS Not Sent', type: 'n8n-nodes-base.stopAndError', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
		const error = new VendorRequestError('braze', 'POST', '/campaigns/trigger/send', { networkErrorCode: 'ECONNRESET', attempts: 1, reason: 'no answer (ECONNRESET)' });
		// n8n swaps a message naming ECONNRESET for generic advice; ours names no code, so it stays as written.
		expect(new NodeOperationError(node, `Item 0: ${error.message}`).message).toBe('Item 0: Braze POST /campaigns/trigger/send failed (no answer: connection reset)');
	});
});
