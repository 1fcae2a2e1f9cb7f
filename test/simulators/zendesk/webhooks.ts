// Webhooks: create, list (cursor pages, `filter[name_contains]`, `filter[status]`), show, update, delete, and the signing
// secret. Errors use the webhooks API's `{"errors":[...]}` form.
import { randomBytes } from 'node:crypto';

import { isObject, type Router, type SimResponse } from '../shared/http';
import type { ZendeskContext } from './context';
import { ZendeskApiError } from './errors';
import { pageOf } from './pagination';
import type { ZendeskStore } from './store';
import type { SimWebhook } from './types';

function webhookError(status: number, code: string, detail: string, pointer?: string): SimResponse {
	const error: Record<string, unknown> = { code, title: code.replace(/([a-z])([A-Z])/g, '$1 $2'), detail };
	if (pointer) error.source = { pointer };
	return { status, body: { errors: [error] } };
}

const notFound = () => webhookError(404, 'WebhookNotFound', 'Webhook not found');

export function serializeWebhook(webhook: SimWebhook) {
	return {
		id: webhook.id,
		name: webhook.name,
		status: webhook.status,
		subscriptions: webhook.subscriptions,
		endpoint: webhook.endpoint,
		http_method: webhook.http_method,
		request_format: webhook.request_format,
		created_at: webhook.created_at,
		created_by: '1',
	};
}

type WebhookFields = Pick<SimWebhook, 'name' | 'endpoint' | 'http_method' | 'request_format' | 'status' | 'subscriptions'>;

/** The webhook's settable fields from `input`, or the webhooks API's 400. */
function checkWebhook(input: Record<string, unknown>): WebhookFields {
	if (typeof input.name !== 'string' || input.name.trim() === '') {
		throw new ZendeskApiError(webhookError(400, 'InvalidValue', 'name is required', '/webhook/name'));
	}
	if (typeof input.endpoint !== 'string' || !/^https?:\/\/[^\s]+$/.test(input.endpoint)) {
		throw new ZendeskApiError(webhookError(400, 'InvalidValue', 'endpoint must be an absolute http(s) URL', '/webhook/endpoint'));
	}
	const method = String(input.http_method ?? 'POST').toUpperCase();
	if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
		throw new ZendeskApiError(webhookError(400, 'InvalidValue', 'http_method is invalid', '/webhook/http_method'));
	}
	const format = String(input.request_format ?? 'json');
	if (!['json', 'xml', 'form_encoded'].includes(format)) {
		throw new ZendeskApiError(webhookError(400, 'InvalidValue', 'request_format is invalid', '/webhook/request_format'));
	}
	return {
		name: input.name.trim(),
		endpoint: input.endpoint,
		http_method: method,
		request_format: format,
		status: input.status === 'inactive' ? 'inactive' : 'active',
		subscriptions: Array.isArray(input.subscriptions) ? input.subscriptions.map(String) : ['conditional_ticket_events'],
	};
}

export function createWebhook(store: ZendeskStore, input: Record<string, unknown>): SimWebhook {
	const webhook: SimWebhook = {
		id: store.webhookId(),
		...checkWebhook(input),
		signing_secret: randomBytes(32).toString('base64'),
		created_at: store.nowIso(),
	};
	store.webhooks.set(webhook.id, webhook);
	return webhook;
}

/** PUT replaces the settable fields, PATCH merges the given ones; both answer 204 as Zendesk does. */
function updateWebhook(ctx: ZendeskContext, merge: boolean): SimResponse {
	const webhook = ctx.store.webhooks.get(ctx.params.id);
	if (!webhook) return notFound();
	const input = isObject(ctx.body) && isObject(ctx.body.webhook) ? ctx.body.webhook : undefined;
	if (!input) return webhookError(400, 'InvalidValue', 'webhook is required', '/webhook');
	Object.assign(webhook, checkWebhook(merge ? { ...serializeWebhook(webhook), ...input } : input));
	return { status: 204 };
}

function list(ctx: ZendeskContext): SimResponse {
	const nameContains = ctx.query['filter[name_contains]']?.toLowerCase();
	const status = ctx.query['filter[status]'];
	const webhooks = [...ctx.store.webhooks.values()].filter(
		(webhook) => (nameContains === undefined || webhook.name.toLowerCase().includes(nameContains)) && (status === undefined || webhook.status === status),
	);
	return pageOf(ctx, webhooks, { key: 'webhooks', path: '/api/v2/webhooks', idOf: (webhook) => webhook.id, serialize: serializeWebhook, modes: 'cursor' });
}

function signingSecret(webhook: SimWebhook) {
	return { signing_secret: { algorithm: 'SHA256', secret: webhook.signing_secret } };
}

export function registerWebhookRoutes(router: Router<ZendeskContext>): void {
	router
		.on('POST', '/api/v2/webhooks', (ctx) => {
			const input = isObject(ctx.body) && isObject(ctx.body.webhook) ? ctx.body.webhook : undefined;
			if (!input) return webhookError(400, 'InvalidValue', 'webhook is required', '/webhook');
			const webhook = createWebhook(ctx.store, input);
			return { status: 201, body: { webhook: serializeWebhook(webhook) }, headers: { Location: `${ctx.baseUrl}/api/v2/webhooks/${webhook.id}` } };
		})
		.on('GET', '/api/v2/webhooks', list)
		.on('PUT', '/api/v2/webhooks/:id', (ctx) => updateWebhook(ctx, false))
		.on('PATCH', '/api/v2/webhooks/:id', (ctx) => updateWebhook(ctx, true))
		.on('GET', '/api/v2/webhooks/:id', (ctx) => {
			const webhook = ctx.store.webhooks.get(ctx.params.id);
			return webhook ? { status: 200, body: { webhook: serializeWebhook(webhook) } } : notFound();
		})
		.on('DELETE', '/api/v2/webhooks/:id', (ctx) => (ctx.store.webhooks.delete(ctx.params.id) ? { status: 204 } : notFound()))
		.on('GET', '/api/v2/webhooks/:id/signing_secret', (ctx) => {
			const webhook = ctx.store.webhooks.get(ctx.params.id);
			return webhook ? { status: 200, body: signingSecret(webhook) } : notFound();
		})
		.on('POST', '/api/v2/webhooks/:id/signing_secret', (ctx) => {
			const webhook = ctx.store.webhooks.get(ctx.params.id);
			if (!webhook) return notFound();
			webhook.signing_secret = randomBytes(32).toString('base64');
			return { status: 200, body: signingSecret(webhook) };
		});
}
