// Zendesk's error bodies, exactly as the contract and Zendesk's docs give them.
import type { SimResponse } from '../shared/http';

export const AUTH_ERROR = { error: "Couldn't authenticate you" };

export const NOT_FOUND = { error: 'RecordNotFound', description: 'Not found' };

export const CLOSED_TICKET_ERROR = recordInvalid({
	status: [{ description: 'Status: closed prevents ticket update' }],
});

export const IDEMPOTENCY_MISMATCH = {
	error: 'IdempotentRequestError',
	description: "Request parameters don't match the given idempotency key",
};

export const UPDATE_CONFLICT = {
	error: 'UpdateConflict',
	description: 'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
};

export function recordInvalid(details: Record<string, Array<{ description: string; error?: string }>>) {
	return { error: 'RecordInvalid', description: 'Record validation errors', details };
}

/** 422 RecordInvalid with one detail. */
export function invalid(field: string, description: string, error = 'InvalidValue'): SimResponse {
	return { status: 422, body: recordInvalid({ [field]: [{ description, error }] }) };
}

export function notFound(): SimResponse {
	return { status: 404, body: NOT_FOUND };
}

export function badRequest(description: string): SimResponse {
	return { status: 400, body: { error: 'InvalidEndpoint', description } };
}

/** Zendesk's answers for injected 5xx/429 faults. */
export function faultAnswer(status: number): SimResponse {
	if (status === 429) {
		return {
			status,
			body: { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' },
			headers: { 'Retry-After': 1 },
		};
	}
	if (status === 503) return { status, body: { error: 'ServiceUnavailable', description: 'Service Unavailable' }, headers: {} };
	return { status, body: { error: 'InternalServerError', description: 'Internal Server Error' } };
}

/** A Zendesk error answer thrown from deep inside a resource module; the server turns it into the response. */
export class ZendeskApiError extends Error {
	constructor(readonly response: SimResponse) {
		super(`Zendesk ${response.status}: ${JSON.stringify(response.body)}`);
	}
}

export function fail(field: string, description: string, error = 'InvalidValue'): never {
	throw new ZendeskApiError(invalid(field, description, error));
}
