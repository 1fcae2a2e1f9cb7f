// What a trigger's webhook call sends: the rendered body (JSON or XML), or for a form-encoded webhook the rendered
// key-value pairs URL-encoded (application/x-www-form-urlencoded, as URLSearchParams writes them) into the body, or into
// the query string for GET and DELETE (and for every method when `formEncodedPlacement` is 'query').
import type { AccountSettings } from './config';
import { renderPlaceholders } from './placeholders';
import { isFormPairs } from './triggers';
import type { SimWebhook } from './types';

export interface WebhookRequest {
	url: string;
	body: string;
	contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
	json: 'application/json',
	xml: 'application/xml',
	form_encoded: 'application/x-www-form-urlencoded',
};

const METHODS_WITH_BODY = ['POST', 'PUT', 'PATCH'];

function formRequest(webhook: SimWebhook, template: unknown, scope: object, settings: AccountSettings): WebhookRequest {
	const pairs = isFormPairs(template) ? template : [];
	const rendered = pairs.map(([key, value]): [string, string] => [key, renderPlaceholders(value, scope, 'text')]);
	const encoded = new URLSearchParams(rendered).toString();
	const contentType = CONTENT_TYPES.form_encoded;
	if (settings.formEncodedPlacement === 'body' && METHODS_WITH_BODY.includes(webhook.http_method)) {
		return { url: webhook.endpoint, body: encoded, contentType };
	}
	const separator = webhook.endpoint.includes('?') ? '&' : '?';
	return { url: `${webhook.endpoint}${separator}${encoded}`, body: '', contentType };
}

/** Renders the call a `notification_webhook` action makes; `template` is the action's body (string or pairs). */
export function renderWebhookRequest(webhook: SimWebhook, template: unknown, scope: object, settings: AccountSettings): WebhookRequest {
	if (webhook.request_format === 'form_encoded') return formRequest(webhook, template, scope, settings);
	const escaping = webhook.request_format === 'json' && settings.escapeJsonPlaceholders ? 'json' : 'text';
	return {
		url: webhook.endpoint,
		body: renderPlaceholders(String(template), scope, escaping),
		contentType: CONTENT_TYPES[webhook.request_format] ?? CONTENT_TYPES.json,
	};
}
