// Zendesk webhook signatures: base64(HMAC-SHA256(signing secret, timestamp + raw body)), no separator, the secret used
// as-is. Pure: no n8n import.
import { createHmac, timingSafeEqual } from 'crypto';

export const SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';
export const INVOCATION_HEADER = 'x-zendesk-webhook-invocation-id';
export const WEBHOOK_ID_HEADER = 'x-zendesk-webhook-id';

export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signBody(secret: string, timestamp: string, rawBody: Buffer | string): string {
	return createHmac('sha256', secret).update(timestamp).update(rawBody).digest('base64');
}

export interface SignedRequest {
	secret: string | undefined;
	signature: string | undefined;
	timestamp: string | undefined;
	rawBody: Buffer | string | undefined;
	toleranceSeconds: number;
	/** Epoch milliseconds; defaults to the clock. */
	now?: number;
}

export type SignatureRejection =
	| 'no secret configured'
	| 'missing signature headers'
	| 'missing body'
	| 'unreadable timestamp'
	| 'stale timestamp'
	| 'timestamp in the future'
	| 'signature mismatch';

export type SignatureVerdict = { valid: true } | { valid: false; reason: SignatureRejection };

/** Zendesk sends ISO-8601 UTC; epoch seconds are accepted too, for senders that use them. */
export function parseTimestamp(timestamp: string): number | undefined {
	const trimmed = timestamp.trim();
	const millis = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed);
	return Number.isFinite(millis) ? millis : undefined;
}

export function verifySignature(request: SignedRequest): SignatureVerdict {
	const { secret, signature, timestamp, rawBody } = request;
	if (!secret) return { valid: false, reason: 'no secret configured' };
	if (!signature || !timestamp) return { valid: false, reason: 'missing signature headers' };
	if (rawBody === undefined) return { valid: false, reason: 'missing body' };

	const sentAt = parseTimestamp(timestamp);
	if (sentAt === undefined) return { valid: false, reason: 'unreadable timestamp' };
	const skewMs = (request.now ?? Date.now()) - sentAt;
	const toleranceMs = request.toleranceSeconds * 1000;
	if (skewMs > toleranceMs) return { valid: false, reason: 'stale timestamp' };
	if (skewMs < -toleranceMs) return { valid: false, reason: 'timestamp in the future' };

	const expected = Buffer.from(signBody(secret, timestamp, rawBody));
	const provided = Buffer.from(signature.trim());
	// timingSafeEqual needs equal lengths; a length difference says nothing about the secret.
	const matches = expected.length === provided.length && timingSafeEqual(expected, provided);
	return matches ? { valid: true } : { valid: false, reason: 'signature mismatch' };
}

/** Why a value cannot be a webhook's signing secret (Zendesk shows a base64 string of 32+ bytes), or undefined. */
export function checkSigningSecret(value: unknown): string | undefined {
	const secret = typeof value === 'string' ? value.trim() : '';
	if (secret === '') return 'The signing secret is empty';
	if (secret.length < 16 || /\s/.test(secret)) return "This does not look like a Zendesk webhook's signing secret";
	return undefined;
}
