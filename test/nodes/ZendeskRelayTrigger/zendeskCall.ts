// Calls as Zendesk makes them to the Zendesk Relay Trigger: the product's own trigger parameters rendered by Liquid over a
// ticket (Zendesk's placeholders render as plain text), form-encoded, and signed with the webhook's secret.
import { Liquid } from 'liquidjs';
import type { IDataObject } from 'n8n-workflow';

import type { WebhookRequest } from '../../harness/inProcess';
import { signBody } from '../../../nodes/ZendeskRelayTrigger/signature';
import { triggerParameters, type ZendeskTriggerKey } from '../../../nodes/ZendeskRelayTrigger/triggerDefinitions';

export const TRIGGER_NODE = 'Zendesk Relay Trigger';

export interface TicketScope {
	id: number | string;
	/** The label Zendesk renders for `{{ticket.status}}`, in the account's language. */
	status: string;
	requester: {
		id?: number;
		external_id?: string;
		custom_fields?: { braze_external_id?: string; braze_id?: string };
		name?: string;
		phone?: string;
	};
	/** Newest first, as Zendesk lists them for Liquid. */
	public_comments: Array<{ value: string; author: { name: string } }>;
}

export function ticketScope(overrides: Partial<TicketScope> = {}): TicketScope {
	return {
		id: 101,
		status: 'Open',
		requester: {
			id: 7,
			external_id: 'ext-7',
			custom_fields: { braze_external_id: 'braze-ext-7', braze_id: '65a1b2c3d4e5f60718293a4b' },
			name: 'Ana Lima',
			phone: '+33612345678',
		},
		public_comments: [{ value: 'Your parcel left today.\nTrack it here.', author: { name: 'Sam Agent' } }],
		...overrides,
	};
}

/** A reply as an agent typed it: the newest public comment of the ticket. */
export function withReply(text: string, author = 'Sam Agent'): TicketScope {
	return ticketScope({ public_comments: [{ value: text, author: { name: author } }] });
}

const liquid = new Liquid();

/** The parameters a trigger sends for this ticket, rendered as Zendesk renders placeholders (text, no escaping). */
export async function renderParameters(key: ZendeskTriggerKey, ticket: TicketScope): Promise<Array<[string, string]>> {
	const rendered: Array<[string, string]> = [];
	for (const [name, template] of triggerParameters(key)) {
		rendered.push([name, String(await liquid.parseAndRender(template, { ticket }))]);
	}
	return rendered;
}

/**
 * `form`: what URLSearchParams (and HTML forms) write, a space as `+`; `percent`: every reserved character escaped
 * (encodeURIComponent), a space as `%20`. A receiver must read both.
 */
export type FormStyle = 'form' | 'percent';

export function formEncode(pairs: Array<[string, string]>, style: FormStyle = 'form'): string {
	if (style === 'form') return new URLSearchParams(pairs).toString();
	return pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

/** The form body Zendesk sends for this trigger and ticket. */
export async function zendeskBody(key: ZendeskTriggerKey, ticket = ticketScope(), style: FormStyle = 'form'): Promise<string> {
	return formEncode(await renderParameters(key, ticket), style);
}

let invocations = 0;

/** A fresh invocation id, unique in the test process. */
export function newInvocationId(): string {
	invocations += 1;
	return `01JINV${String(invocations).padStart(6, '0')}`;
}

export interface SignOptions {
	secret?: string;
	/** When Zendesk signed it (epoch ms); default now. */
	at?: number;
	invocationId?: string;
}

export const SIGNING_SECRET = 'zendesk-signing-secret-1';

/** The request Zendesk makes: form body, signature over timestamp + body, invocation id. */
export function signedCall(rawBody: string, options: SignOptions = {}): WebhookRequest {
	const timestamp = new Date(options.at ?? Date.now()).toISOString();
	return {
		rawBody,
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			'x-zendesk-webhook-id': '01HWEBHOOK',
			'x-zendesk-webhook-invocation-id': options.invocationId ?? newInvocationId(),
			'x-zendesk-webhook-signature-timestamp': timestamp,
			'x-zendesk-webhook-signature': signBody(options.secret ?? SIGNING_SECRET, timestamp, rawBody),
		},
	};
}

/** The same request sent again: a Zendesk retry keeps the invocation id and body, with a new timestamp and signature. */
export function retryOf(call: WebhookRequest, secret = SIGNING_SECRET, at = Date.now() + 1000): WebhookRequest {
	const headers = call.headers ?? {};
	return signedCall(String(call.rawBody), { secret, at, invocationId: headers['x-zendesk-webhook-invocation-id'] });
}

/** The workflow's static data as a completed automatic set-up leaves it. */
export function activatedStaticData(workflowId: string, secret = SIGNING_SECRET): IDataObject {
	return {
		[`node:${TRIGGER_NODE}`]: {
			setup: {
				version: 2,
				workflowId,
				endpoint: `http://127.0.0.1:5678/webhook/${workflowId}/zendesk-relay`,
				events: ['agentReply', 'ticketSolved'],
				tag: 'sms',
				webhookId: '01HWEBHOOK',
				signingSecret: secret,
				triggerIds: { agentReply: '7000001', agentReplySolving: '7000002', ticketSolved: '7000003' },
			},
		},
	};
}
