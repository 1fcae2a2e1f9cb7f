// What a Braze webhook campaign sends when a customer texts the support keyword, with Braze's retries: 408, 429 and
// 5xx (and network errors/timeouts) are retried, up to 5 tries in all, with a backoff tests can compress.
import { randomUUID } from 'node:crypto';

import { postJson, type PostResult } from '../shared/client';
import { sleep } from '../shared/clock';

export interface InboundTarget {
	/** The n8n webhook URL. */
	url: string;
	/** The custom header that authenticates the call (Braze webhooks are not signed). */
	headerName: string;
	headerValue: string;
}

export interface InboundSms {
	externalId: string;
	phone: string;
	firstName?: string;
	lastName?: string;
	body: string;
	mediaUrls?: string[];
	/** The `zendesk_ticket` custom attribute, when the profile has one. */
	zendeskTicket?: number | string;
	/** Braze's `{{campaign.${dispatch_id}}}`: one per delivery, the same in each of its retries. */
	dispatchId?: string;
}

export interface RetryOptions {
	/** Tries in all (Braze: 5). */
	maxAttempts?: number;
	/** First backoff; doubles each retry (Braze spreads 5 tries over about 30 minutes). */
	backoffMs?: number;
	/** Per-try timeout (Braze: 90 s). */
	timeoutMs?: number;
}

export type InboundAttempt = PostResult;

/**
 * The webhook campaign's JSON body. Braze renders each value with Liquid inside a JSON string, so every value is a string,
 * `ticket_id` is "" when the profile has no ticket, and `media_urls` is the URLs joined by commas (the README's body
 * renders `{{sms.${inbound_media_urls} | join: ','}}`).
 */
export function inboundSmsBody(sms: InboundSms) {
	return {
		external_id: sms.externalId,
		phone: sms.phone,
		first_name: sms.firstName ?? '',
		last_name: sms.lastName ?? '',
		message: sms.body,
		media_urls: (sms.mediaUrls ?? []).join(','),
		ticket_id: sms.zendeskTicket === undefined ? '' : String(sms.zendeskTicket),
		dispatch_id: sms.dispatchId ?? '',
	};
}

export function isRetriedByBraze(attempt: InboundAttempt): boolean {
	return attempt.status === undefined || attempt.status === 408 || attempt.status === 429 || attempt.status >= 500;
}

export async function sendInboundSms(target: InboundTarget, sms: InboundSms, retry: RetryOptions = {}): Promise<InboundAttempt[]> {
	const maxAttempts = retry.maxAttempts ?? 5;
	const backoffMs = retry.backoffMs ?? 60_000;
	const body = JSON.stringify(inboundSmsBody({ ...sms, dispatchId: sms.dispatchId ?? randomUUID() }));
	const attempts: InboundAttempt[] = [];
	for (let i = 0; i < maxAttempts; i++) {
		if (i > 0) await sleep(backoffMs * 2 ** (i - 1));
		const attempt = await postJson(target.url, body, { [target.headerName]: target.headerValue }, retry.timeoutMs ?? 90_000);
		attempts.push(attempt);
		if (!isRetriedByBraze(attempt)) break;
	}
	return attempts;
}
