// Braze error bodies: `{"message": ..., "errors": [...]}`.
import type { SimResponse } from '../shared/http';

export function brazeError(status: number, message: string, errors: string[] = []): SimResponse {
	return { status, body: errors.length ? { message, errors } : { message } };
}

/** Never echo a whole key: Braze shows it, the simulator keeps only its first characters. */
export function maskKey(key: string): string {
	return key.length <= 4 ? '****' : `${key.slice(0, 4)}****`;
}

export function faultAnswer(status: number): SimResponse {
	if (status === 429) {
		const answer = brazeError(429, 'API rate limit exceeded');
		const reset = Math.ceil(Date.now() / 1000) + 1;
		return { ...answer, headers: { 'X-RateLimit-Limit': 250_000, 'X-RateLimit-Remaining': 0, 'X-RateLimit-Reset': reset } };
	}
	return brazeError(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error');
}

export class BrazeApiError extends Error {
	constructor(readonly response: SimResponse) {
		super(`Braze ${response.status}: ${JSON.stringify(response.body)}`);
	}
}

export function badRequest(message: string, errors: string[] = [message]): never {
	throw new BrazeApiError(brazeError(400, message, errors));
}
