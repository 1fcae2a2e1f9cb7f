// The trigger engine's output: webhook deliveries, signed and retried as Zendesk does (timeouts and 409; 429/503 with a
// Retry-After under 60 s), each one recorded for tests. Delays are compressible.
// Zendesk does not promise the order of the calls of several triggers fired by one update: `deliveryOrder` sends them in
// the order fired, reversed, or shuffled (seeded). Each call of an update starts once the first attempt of the one before
// it has been answered (or has failed), so the receiver gets them in exactly that order.
import { randomInt } from 'node:crypto';

import { postJson } from '../shared/client';
import { sleep } from '../shared/clock';
import { seededRandom } from '../shared/faults';
import { conditionsHold } from './conditions';
import { placeholderScope } from './placeholders';
import { signZendeskWebhook, zendeskTimestamp } from './signature';
import type { TicketChange, ZendeskStore } from './store';
import { NOTIFICATION_WEBHOOK } from './triggers';
import type { SimTicket, SimWebhook, TriggerAction } from './types';
import { renderWebhookRequest, type WebhookRequest } from './webhookRequest';

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
	/** The endpoint, with the query string of a form-encoded call that sends its pairs there. */
	url: string;
	method: string;
	/** The raw body sent (the rendered trigger body; URL-encoded pairs for a form-encoded webhook). */
	body: string;
	contentType: string;
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

/** Zendesk's tag actions of a trigger (add `current_tags`, `remove_tags`, `set_tags`: space-separated), applied as part of
 * the update that fired it, so the next update no longer matches a condition on that tag. */
function applyTagActions(ticket: SimTicket, actions: TriggerAction[]): void {
	const tagsOf = (value: unknown) => String(value ?? '').split(/\s+/).filter((tag) => tag !== '').map((tag) => tag.toLowerCase());
	for (const { field, value } of actions) {
		if (field === 'current_tags') ticket.tags = [...new Set([...ticket.tags, ...tagsOf(value)])];
		else if (field === 'remove_tags') ticket.tags = ticket.tags.filter((tag) => !tagsOf(value).includes(tag));
		else if (field === 'set_tags') ticket.tags = [...new Set(tagsOf(value))];
	}
}

interface FiredCall {
	webhook: SimWebhook;
	request: WebhookRequest;
	triggerId: number;
	ticketId: number;
}

function shuffle<T>(items: T[], random: () => number): T[] {
	const shuffled = [...items];
	for (let i = shuffled.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
	}
	return shuffled;
}

export class WebhookDispatcher {
	readonly deliveries: WebhookDelivery[] = [];

	private inFlight = new Set<Promise<void>>();

	private invocations = 0;

	private random?: { seed: number; next: () => number };

	constructor(
		private readonly store: ZendeskStore,
		private readonly accountId: number,
		readonly options: DeliveryOptions,
		private readonly baseUrl: () => string,
	) {}

	/** Evaluates active triggers for a ticket change and queues their webhook calls (each trigger fires at most once). */
	onTicketChange(change: TicketChange): void {
		let previousTried = Promise.resolve();
		for (const call of this.ordered(this.firedCalls(change))) previousTried = this.queue(call, previousTried);
	}

	/** The webhook calls of the triggers this change fires, rendered now (as the ticket is at this update). */
	private firedCalls(change: TicketChange): FiredCall[] {
		const { settings } = this.store;
		const triggers = [...this.store.triggers.values()].filter((t) => t.active).sort((a, b) => a.position - b.position);
		const calls: FiredCall[] = [];
		for (const trigger of triggers) {
			if (!conditionsHold(trigger.conditions, change)) continue;
			applyTagActions(change.ticket, trigger.actions);
			for (const action of trigger.actions) {
				if (action.field !== NOTIFICATION_WEBHOOK || !Array.isArray(action.value)) continue;
				const webhook = this.store.webhooks.get(String(action.value[0]));
				if (!webhook || webhook.status !== 'active') continue;
				const scope = placeholderScope(this.store, change.ticket, change.actor, this.baseUrl(), settings.locale);
				const request = renderWebhookRequest(webhook, action.value[1], scope, settings);
				calls.push({ webhook, request, triggerId: trigger.id, ticketId: change.ticket.id });
			}
		}
		return calls;
	}

	private ordered(calls: FiredCall[]): FiredCall[] {
		const { deliveryOrder, deliverySeed } = this.store.settings;
		if (deliveryOrder === 'reverse') return [...calls].reverse();
		if (deliveryOrder !== 'shuffle') return calls;
		if (this.random?.seed !== deliverySeed) this.random = { seed: deliverySeed, next: seededRandom(deliverySeed) };
		return shuffle(calls, this.random.next);
	}

	/** Resolves when every queued delivery has finished (delivered or given up). */
	async settle(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
	}

	clear(): void {
		this.deliveries.length = 0;
		this.random = undefined;
	}

	/** Sends a recorded delivery again with the same invocation id (as a Zendesk retry would). */
	redeliver(invocationId: string): Promise<void> {
		const delivery = this.deliveries.find((d) => d.invocationId === invocationId);
		const webhook = delivery && this.store.webhooks.get(delivery.webhookId);
		if (!delivery || !webhook) throw new Error(`no delivery ${invocationId} with a live webhook`);
		return this.track(this.attempt(delivery, webhook));
	}

	/** Queues one call to start after `previousTried`; resolves once its own first attempt has been answered or has failed. */
	private queue(call: FiredCall, previousTried: Promise<void>): Promise<void> {
		this.invocations += 1;
		const delivery: WebhookDelivery = {
			invocationId: `${Date.now()}${String(this.invocations).padStart(4, '0')}${randomInt(10)}`,
			webhookId: call.webhook.id,
			triggerId: call.triggerId,
			ticketId: call.ticketId,
			url: call.request.url,
			method: call.webhook.http_method,
			body: call.request.body,
			contentType: call.request.contentType,
			headers: {},
			attempts: [],
			state: 'pending',
		};
		this.deliveries.push(delivery);
		let markTried: () => void = () => undefined;
		const tried = new Promise<void>((resolve) => (markTried = resolve));
		// Zendesk delivers after the update is saved and answered: start on the next turn of the event loop.
		const work = sleep(0).then(() => previousTried).then(() => this.deliver(delivery, call.webhook, markTried));
		this.track(work.finally(markTried));
		return tried;
	}

	private track(work: Promise<void>): Promise<void> {
		const tracked = work.finally(() => this.inFlight.delete(tracked));
		this.inFlight.add(tracked);
		return tracked;
	}

	private async deliver(delivery: WebhookDelivery, webhook: SimWebhook, firstTried: () => void): Promise<void> {
		for (let i = 0; i < this.options.maxAttempts; i++) {
			const { attempt, headers } = await this.attemptOnce(delivery, webhook);
			firstTried();
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
			'Content-Type': delivery.contentType,
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
