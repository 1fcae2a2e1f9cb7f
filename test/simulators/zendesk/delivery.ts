// The trigger engine's output: webhook deliveries, signed and retried as Zendesk does (timeouts and 409; 429/503 with a
// Retry-After under 60 s), each one recorded for tests. Delays are compressible.
import { randomInt } from 'node:crypto';

import { postJson } from '../shared/client';
import { sleep } from '../shared/clock';
import { conditionsHold } from './conditions';
import { renderPlaceholders, placeholderScope } from './placeholders';
import { signZendeskWebhook, zendeskTimestamp } from './signature';
import type { TicketChange, ZendeskStore } from './store';
import { NOTIFICATION_WEBHOOK } from './triggers';
import type { SimWebhook } from './types';

export interface DeliveryOptions {
	/** Per-try timeout (Zendesk: about 10–12 s). */
	timeoutMs: number;
	/** Tries in all, first one included. */
	maxAttempts: number;
	/** Wait before retrying a timeout or a 409. */
	retryDelayMs: number;
	/** Multiplies the Retry-After seconds (1 = real time; 0.001 turns seconds into milliseconds). */
	retryAfterScale: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { timeoutMs: 10_000, maxAttempts: 4, retryDelayMs: 5_000, retryAfterScale: 1 };

export interface DeliveryAttempt {
	timestamp: string;
	signature: string;
	status?: number;
	error?: string;
	responseBody: string;
	durationMs: number;
}

export interface WebhookDelivery {
	invocationId: string;
	webhookId: string;
	triggerId: number;
	ticketId: number;
	url: string;
	method: string;
	/** The raw body sent (the rendered trigger body). */
	body: string;
	/** The headers of the last attempt. */
	headers: Record<string, string>;
	attempts: DeliveryAttempt[];
	state: 'pending' | 'delivered' | 'failed';
}

/** Whether Zendesk tries again after this attempt, and after how long. */
export function retryDelay(attempt: DeliveryAttempt, headers: Record<string, unknown> | undefined, options: DeliveryOptions): number | undefined {
	if (attempt.status === undefined || attempt.status === 409) return options.retryDelayMs;
	if (attempt.status !== 429 && attempt.status !== 503) return undefined;
	const retryAfter = Number(headers?.['retry-after']);
	if (!Number.isFinite(retryAfter) || retryAfter >= 60) return undefined;
	return Math.max(0, retryAfter) * 1000 * options.retryAfterScale;
}

export class WebhookDispatcher {
	readonly deliveries: WebhookDelivery[] = [];

	private inFlight = new Set<Promise<void>>();

	private invocations = 0;

	constructor(
		private readonly store: ZendeskStore,
		private readonly accountId: number,
		readonly options: DeliveryOptions,
		private readonly baseUrl: () => string,
	) {}

	/** Evaluates active triggers for a ticket change and queues their webhook calls (each trigger fires at most once). */
	onTicketChange(change: TicketChange): void {
		const triggers = [...this.store.triggers.values()].filter((t) => t.active).sort((a, b) => a.position - b.position);
		for (const trigger of triggers) {
			if (!conditionsHold(trigger.conditions, change)) continue;
			for (const action of trigger.actions) {
				if (action.field !== NOTIFICATION_WEBHOOK || !Array.isArray(action.value)) continue;
				const webhook = this.store.webhooks.get(String(action.value[0]));
				if (!webhook || webhook.status !== 'active') continue;
				const scope = placeholderScope(this.store, change.ticket, change.actor, this.baseUrl());
				const body = renderPlaceholders(String(action.value[1]), scope, webhook.request_format === 'json');
				this.queue({ webhook, body, triggerId: trigger.id, ticketId: change.ticket.id });
			}
		}
	}

	/** Resolves when every queued delivery has finished (delivered or given up). */
	async settle(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
	}

	clear(): void {
		this.deliveries.length = 0;
	}

	/** Sends a recorded delivery again with the same invocation id (as a Zendesk retry would). */
	redeliver(invocationId: string): Promise<void> {
		const delivery = this.deliveries.find((d) => d.invocationId === invocationId);
		const webhook = delivery && this.store.webhooks.get(delivery.webhookId);
		if (!delivery || !webhook) throw new Error(`no delivery ${invocationId} with a live webhook`);
		return this.track(this.attempt(delivery, webhook));
	}

	private queue(input: { webhook: SimWebhook; body: string; triggerId: number; ticketId: number }): void {
		this.invocations += 1;
		const delivery: WebhookDelivery = {
			invocationId: `${Date.now()}${String(this.invocations).padStart(4, '0')}${randomInt(10)}`,
			webhookId: input.webhook.id,
			triggerId: input.triggerId,
			ticketId: input.ticketId,
			url: input.webhook.endpoint,
			method: input.webhook.http_method,
			body: input.body,
			headers: {},
			attempts: [],
			state: 'pending',
		};
		this.deliveries.push(delivery);
		// Zendesk delivers after the update is saved and answered: start on the next turn of the event loop.
		this.track(sleep(0).then(() => this.deliver(delivery, input.webhook)));
	}

	private track(work: Promise<void>): Promise<void> {
		const tracked = work.finally(() => this.inFlight.delete(tracked));
		this.inFlight.add(tracked);
		return tracked;
	}

	private async deliver(delivery: WebhookDelivery, webhook: SimWebhook): Promise<void> {
		for (let i = 0; i < this.options.maxAttempts; i++) {
			const { attempt, headers } = await this.attemptOnce(delivery, webhook);
			const wait = retryDelay(attempt, headers, this.options);
			if (attempt.status !== undefined && attempt.status < 300) {
				delivery.state = 'delivered';
				return;
			}
			if (wait === undefined) break;
			if (i + 1 < this.options.maxAttempts) await sleep(wait);
		}
		delivery.state = 'failed';
	}

	private async attempt(delivery: WebhookDelivery, webhook: SimWebhook): Promise<void> {
		const { attempt } = await this.attemptOnce(delivery, webhook);
		delivery.state = attempt.status !== undefined && attempt.status < 300 ? 'delivered' : 'failed';
	}

	private async attemptOnce(delivery: WebhookDelivery, webhook: SimWebhook) {
		const timestamp = zendeskTimestamp();
		const signature = signZendeskWebhook(webhook.signing_secret, timestamp, delivery.body);
		delivery.headers = {
			'User-Agent': 'Zendesk Webhook',
			'x-zendesk-account-id': String(this.accountId),
			'x-zendesk-webhook-id': webhook.id,
			'x-zendesk-webhook-invocation-id': delivery.invocationId,
			'x-zendesk-webhook-signature': signature,
			'x-zendesk-webhook-signature-timestamp': timestamp,
		};
		const result = await postJson(delivery.url, delivery.body, delivery.headers, this.options.timeoutMs, delivery.method);
		const attempt: DeliveryAttempt = {
			timestamp,
			signature,
			status: result.status,
			error: result.error,
			responseBody: result.responseBody,
			durationMs: result.durationMs,
		};
		delivery.attempts.push(attempt);
		return { attempt, headers: result.headers };
	}
}
