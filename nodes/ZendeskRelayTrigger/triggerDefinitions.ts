// What the Zendesk Relay Trigger asks Zendesk to create: one webhook, one trigger per event, and the user field that
// holds the Braze external id. Pure: no n8n import; the README's manual-setup JSON is checked against it by a test.
// Field names and values follow Zendesk's conditions reference
// (developer.zendesk.com/documentation/ticketing/reference-guides/conditions-reference).

export const RELAY_EVENTS = ['agentReply', 'ticketSolved'] as const;
export type RelayEvent = (typeof RELAY_EVENTS)[number];

export function isRelayEvent(value: unknown): value is RelayEvent {
	return typeof value === 'string' && (RELAY_EVENTS as readonly string[]).includes(value);
}

export interface ZendeskCondition {
	field: string;
	operator: string;
	value: string;
}

export interface ZendeskConditions {
	all: ZendeskCondition[];
	any: ZendeskCondition[];
}

/** Zendesk's via id of updates made through the REST API ("Web service"). */
export const VIA_API = '5';

export const TRIGGER_CONDITIONS: Record<RelayEvent, ZendeskConditions> = {
	// A public comment added by an agent or admin, from any channel but the API: our own relayed SMS arrive through the
	// API (authored by the requester), so they never come back as an SMS, and a customer's e-mail reply
	// (role end_user) is never echoed to them either.
	agentReply: {
		all: [
			{ field: 'comment_is_public', operator: 'is', value: 'true' },
			{ field: 'role', operator: 'is_not', value: 'end_user' },
			{ field: 'current_via_id', operator: 'is_not', value: VIA_API },
		],
		any: [],
	},
	// Operator `value` is "changed to": true only on the update that moves the ticket to solved, so it fires once.
	ticketSolved: {
		all: [{ field: 'status', operator: 'value', value: 'solved' }],
		any: [],
	},
};

const EVENT_LABELS: Record<RelayEvent, string> = { agentReply: 'agent reply', ticketSolved: 'ticket solved' };

/** The newest public comment, rendered by Zendesk's Liquid (plain text, without the "Name, date" header). */
const NEWEST_PUBLIC_COMMENT = (property: string) =>
	`{% for comment in ticket.public_comments limit:1 %}{{comment.${property}}}{% endfor %}`;

/**
 * The JSON body Zendesk sends for an event. Every placeholder sits inside a JSON string, so the body stays valid JSON
 * whatever a value holds once Zendesk escapes it; numbers come as strings and the payload parser converts them.
 */
export function triggerBody(event: RelayEvent): string {
	const body = {
		event,
		ticket: { id: '{{ticket.id}}', status: '{{ticket.status}}' },
		requester: {
			id: '{{ticket.requester.id}}',
			external_id: '{{ticket.requester.external_id}}',
			braze_external_id: '{{ticket.requester.custom_fields.braze_external_id}}',
			name: '{{ticket.requester.name}}',
			phone: '{{ticket.requester.phone}}',
		},
		comment: { text: NEWEST_PUBLIC_COMMENT('value'), author: NEWEST_PUBLIC_COMMENT('author.name') },
	};
	return JSON.stringify(body, null, 2);
}

/** Who owns what we create: names carry the workflow id (and name) so an admin sees which workflow made them. */
export interface SetupOwner {
	workflowId: string;
	workflowName?: string;
}

function ownerLabel(owner: SetupOwner): string {
	const name = owner.workflowName?.trim();
	return name ? `n8n relay ${owner.workflowId} (${name})` : `n8n relay ${owner.workflowId}`;
}

export function triggerTitle(event: RelayEvent, owner: SetupOwner): string {
	return `${ownerLabel(owner)} – ${EVENT_LABELS[event]}`;
}

const DESCRIPTION = 'Sends Zendesk agent replies and solved tickets to an n8n Zendesk Relay Trigger (SMS relay).';

export function webhookRequest(endpoint: string, owner: SetupOwner) {
	return {
		webhook: {
			name: ownerLabel(owner),
			description: DESCRIPTION,
			endpoint,
			http_method: 'POST',
			request_format: 'json',
			status: 'active',
			subscriptions: ['conditional_ticket_events'],
		},
	};
}

export function triggerRequest(event: RelayEvent, webhookId: string, owner: SetupOwner) {
	return {
		trigger: {
			title: triggerTitle(event, owner),
			description: DESCRIPTION,
			active: true,
			conditions: TRIGGER_CONDITIONS[event],
			actions: [{ field: 'notification_webhook', value: [webhookId, triggerBody(event)] }],
		},
	};
}

export const BRAZE_USER_FIELD_KEY = 'braze_external_id';

export const brazeUserFieldRequest = {
	user_field: {
		key: BRAZE_USER_FIELD_KEY,
		type: 'text',
		title: 'Braze external ID',
		description: 'The Braze external_id of this customer; used to relay SMS between Braze and Zendesk.',
		active: true,
	},
};
