// Helpers for the simulator tests: axios clients that never throw on a status (tests assert on Zendesk's answers), a
// webhook with its trigger, and a signature check written independently of the simulator's signer.
import { createHmac, timingSafeEqual } from 'node:crypto';

import axios, { type AxiosInstance } from 'axios';

import { basicAuthHeader } from './auth';
import type { ZendeskSimulator } from './server';

export function zendeskClient(sim: ZendeskSimulator, token = sim.apiToken, email = sim.email): AxiosInstance {
	return axios.create({
		baseURL: sim.url,
		headers: { Authorization: basicAuthHeader(email, token) },
		validateStatus: () => true,
	});
}

/** A client for the simulator's `/__sim/` control routes (no auth), as another process would use them. */
export function controlClient(sim: ZendeskSimulator): AxiosInstance {
	return axios.create({ baseURL: `${sim.url}/__sim`, validateStatus: () => true });
}

/** A correct verifier: base64(HMAC-SHA256(secret, timestamp + raw body)), compared in constant time. */
export function verifySignature(secret: string, headers: Record<string, unknown>, rawBody: string): boolean {
	const timestamp = String(headers['x-zendesk-webhook-signature-timestamp']);
	const expected = createHmac('sha256', secret).update(`${timestamp}${rawBody}`).digest();
	const given = Buffer.from(String(headers['x-zendesk-webhook-signature']), 'base64');
	return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface HookSetup {
	endpoint: string;
	conditions: object;
	/** A string for JSON webhooks, `[[key, value], …]` for form-encoded ones. */
	body: unknown;
	format?: 'json' | 'xml' | 'form_encoded';
	method?: string;
	title?: string;
}

/** Creates a webhook and a trigger calling it through the API, as an admin would; returns their ids and the secret. */
export async function webhookWithTrigger(api: AxiosInstance, setup: HookSetup) {
	const webhook = await api.post('/api/v2/webhooks', {
		webhook: {
			name: setup.title ?? 'n8n',
			endpoint: setup.endpoint,
			http_method: setup.method ?? 'POST',
			request_format: setup.format ?? 'json',
			status: 'active',
			subscriptions: ['conditional_ticket_events'],
		},
	});
	if (webhook.status !== 201) throw new Error(`webhook not created: ${JSON.stringify(webhook.data)}`);
	const webhookId = webhook.data.webhook.id as string;
	const secret = await api.get(`/api/v2/webhooks/${webhookId}/signing_secret`);
	const trigger = await api.post('/api/v2/triggers', {
		trigger: { title: setup.title ?? 'relay', conditions: setup.conditions, actions: [{ field: 'notification_webhook', value: [webhookId, setup.body] }] },
	});
	if (trigger.status !== 201) throw new Error(`trigger not created: ${JSON.stringify(trigger.data)}`);
	return { webhookId, secret: secret.data.signing_secret.secret as string, triggerId: trigger.data.trigger.id as number };
}
