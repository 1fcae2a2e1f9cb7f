// Zendesk webhook signing, and a sender for arbitrary (also forged or replayed) webhook calls in security tests.
import { createHmac } from 'node:crypto';

import { postJson } from '../shared/client';

/** The secret Zendesk signs test sends with, before a webhook is saved. */
export const TEST_SIGNING_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';

/** base64(HMAC-SHA256(secret, timestamp + body)): the secret as-is, no separator. */
export function signZendeskWebhook(secret: string, timestamp: string, body: string): string {
	return createHmac('sha256', secret).update(timestamp + body, 'utf8').digest('base64');
}

export interface WebhookCall {
	url: string;
	/** Raw body; objects are JSON-encoded. */
	body: string | object;
	/** Secret to sign with; the signature can also be forced with `signature`. */
	secret: string;
	/** Default: now, ISO-8601 UTC without milliseconds (as Zendesk sends it). */
	timestamp?: string;
	signature?: string;
	invocationId?: string;
	webhookId?: string;
	accountId?: number | string;
	/** Extra or overriding headers; a header set to '' is left out. */
	headers?: Record<string, string>;
	timeoutMs?: number;
}

export function zendeskTimestamp(date = new Date()): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface WebhookCallResult {
	status?: number;
	error?: string;
	responseBody: string;
	durationMs: number;
	/** The headers sent. */
	sentHeaders: Record<string, string>;
}

/** The headers Zendesk puts on a webhook request. */
export function webhookHeaders(call: WebhookCall & { body: string }): Record<string, string> {
	const timestamp = call.timestamp ?? zendeskTimestamp();
	const headers: Record<string, string> = {
		'User-Agent': 'Zendesk Webhook',
		'x-zendesk-account-id': String(call.accountId ?? 10_203_040),
		'x-zendesk-webhook-id': call.webhookId ?? '01SIMULATEDWEBHOOK00000000',
		'x-zendesk-webhook-invocation-id': call.invocationId ?? String(Date.now()),
		'x-zendesk-webhook-signature': call.signature ?? signZendeskWebhook(call.secret, timestamp, call.body),
		'x-zendesk-webhook-signature-timestamp': timestamp,
		...call.headers,
	};
	return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== ''));
}

/** Sends one webhook call exactly as given (signed with `secret` unless `signature` forces another value). */
export async function sendZendeskWebhook(call: WebhookCall): Promise<WebhookCallResult> {
	const body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
	const headers = webhookHeaders({ ...call, body });
	const result = await postJson(call.url, body, headers, call.timeoutMs ?? 10_000);
	return { status: result.status, error: result.error, responseBody: result.responseBody, durationMs: result.durationMs, sentHeaders: headers };
}
