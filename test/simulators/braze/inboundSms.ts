// What a Braze webhook campaign sends when a customer texts the support keyword, with Braze's retries: 408, 429 and
// 5xx (and network errors/timeouts) are retried, up to 5 tries in all, with a backoff tests can compress.
// The body is rendered from INBOUND_WEBHOOK_BODY, the very Liquid users paste into the campaign (docs/braze.md).
import { randomUUID } from 'node:crypto';

import { postJson, type PostResult } from '../shared/client';
import { sleep } from '../shared/clock';
import { renderBrazeLiquid, type BrazeLiquidContext } from './liquid';

/** The webhook campaign's body, as users type it in Braze: every user-supplied value JSON-escaped. */
export const INBOUND_WEBHOOK_BODY = `{
  "external_id": "{{\${user_id} | json_escape}}",
  "braze_id": "{{\${braze_id}}}",
  "phone": "{{\${phone_number} | json_escape}}",
  "first_name": "{{\${first_name} | json_escape}}",
  "last_name": "{{\${last_name} | json_escape}}",
  "message": "{{sms.\${inbound_message_body} | json_escape}}",
  "media_urls": "{{sms.\${inbound_media_urls} | join: ',' | json_escape}}",
  "ticket_id": "{{custom_attribute.\${zendesk_ticket} | json_escape}}",
  "ticket_open": "{{custom_attribute.\${zendesk_ticket_open}}}",
  "dispatch_id": "{{campaign.\${dispatch_id}}}"
}`;

export interface InboundTarget {
	/** The n8n webhook URL. */
	url: string;
	/** The custom header that authenticates the call (Braze webhooks are not signed). */
	headerName: string;
	headerValue: string;
}

export interface InboundSms {
	/** The profile's external id; '' for an anonymous profile. */
	externalId: string;
	/** The profile's braze_id ('' when the caller plays a profile the simulator does not hold). */
	brazeId?: string;
	phone: string;
	firstName?: string;
	lastName?: string;
	body: string;
	mediaUrls?: string[];
	/** The `zendesk_ticket` custom attribute, when the profile has one. */
	zendeskTicket?: number | string;
	/** The `zendesk_ticket_open` custom attribute, when the profile has one. */
	zendeskTicketOpen?: boolean;
	/** Braze's `{{campaign.${dispatch_id}}}`: one per delivery, the same in each of its retries. */
	dispatchId?: string;
}

/** The inbound message itself, apart from who sent it. */
export interface InboundMessage {
	body: string;
	mediaUrls?: string[];
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

/** The body's fields: every value a string, as Liquid renders them inside JSON strings. */
export type InboundWebhookBody = Record<
	'external_id' | 'braze_id' | 'phone' | 'first_name' | 'last_name' | 'message' | 'media_urls' | 'ticket_id' | 'ticket_open' | 'dispatch_id',
	string
>;

/** The body for one inbound message from a profile as Liquid sees it (`attributes` hold `phone`, names, `zendesk_ticket`). */
export function renderInboundBody(profile: Omit<BrazeLiquidContext, 'sms' | 'campaign'>, message: InboundMessage): InboundWebhookBody {
	const text = renderBrazeLiquid(INBOUND_WEBHOOK_BODY, {
		...profile,
		sms: { inbound_message_body: message.body, inbound_media_urls: message.mediaUrls ?? [] },
		campaign: { dispatch_id: message.dispatchId ?? randomUUID() },
	});
	return JSON.parse(text) as InboundWebhookBody;
}

/**
 * The body for a profile the caller describes field by field: `ticket_id` and `ticket_open` are "" when there is no
 * ticket, `media_urls` the URLs joined by commas, `external_id` "" for an anonymous profile.
 */
export function inboundSmsBody(sms: InboundSms): InboundWebhookBody {
	const attributes = {
		phone: sms.phone,
		first_name: sms.firstName,
		last_name: sms.lastName,
		...(sms.zendeskTicket === undefined ? {} : { zendesk_ticket: sms.zendeskTicket }),
		...(sms.zendeskTicketOpen === undefined ? {} : { zendesk_ticket_open: sms.zendeskTicketOpen }),
	};
	return renderInboundBody({ externalId: sms.externalId, brazeId: sms.brazeId, attributes }, sms);
}

export function isRetriedByBraze(attempt: InboundAttempt): boolean {
	return attempt.status === undefined || attempt.status === 408 || attempt.status === 429 || attempt.status >= 500;
}

/** Posts one rendered body to n8n, retried as Braze retries a webhook campaign: the same body each time. */
export async function postInboundWebhook(target: InboundTarget, body: InboundWebhookBody, retry: RetryOptions = {}): Promise<InboundAttempt[]> {
	const maxAttempts = retry.maxAttempts ?? 5;
	const backoffMs = retry.backoffMs ?? 60_000;
	const text = JSON.stringify(body);
	const attempts: InboundAttempt[] = [];
	for (let i = 0; i < maxAttempts; i++) {
		if (i > 0) await sleep(backoffMs * 2 ** (i - 1));
		const attempt = await postJson(target.url, text, { [target.headerName]: target.headerValue }, retry.timeoutMs ?? 90_000);
		attempts.push(attempt);
		if (!isRetriedByBraze(attempt)) break;
	}
	return attempts;
}

export async function sendInboundSms(target: InboundTarget, sms: InboundSms, retry: RetryOptions = {}): Promise<InboundAttempt[]> {
	return await postInboundWebhook(target, inboundSmsBody(sms), retry);
}
