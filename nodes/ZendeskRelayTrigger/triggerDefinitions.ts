// What the Zendesk Relay Trigger asks Zendesk to create: one webhook, the triggers behind the selected events, and the
// user fields that hold the customer's Braze identity. Pure: no n8n import; the README's manual-setup JSON is checked
// against it by a test. Field names and values follow Zendesk's conditions reference
// (developer.zendesk.com/documentation/ticketing/reference-guides/conditions-reference).

export const RELAY_EVENTS = ['agentReply', 'ticketSolved'] as const;
export type RelayEvent = (typeof RELAY_EVENTS)[number];

export function isRelayEvent(value: unknown): value is RelayEvent {
	return typeof value === 'string' && (RELAY_EVENTS as readonly string[]).includes(value);
}

/**
 * The Zendesk triggers behind the events. An agent reply is two triggers that differ only in the ticket's status after
 * the update, so the call itself says whether the ticket stays open: a reply "submitted as solved" fires the reply and
 * the solved trigger at once, their calls arrive in any order, and both must leave Braze with the ticket closed.
 * (`{{ticket.status}}` cannot tell: it renders a label in the account's language.)
 */
export const ZENDESK_TRIGGERS = ['agentReply', 'agentReplySolving', 'resendRequested', 'ticketSolved'] as const;
export type ZendeskTriggerKey = (typeof ZENDESK_TRIGGERS)[number];

const TRIGGER_EVENT: Record<ZendeskTriggerKey, RelayEvent> = {
	agentReply: 'agentReply',
	agentReplySolving: 'agentReply',
	// An agent asks for the newest public reply to be texted again (a macro adds the tag): relayed like the reply itself.
	resendRequested: 'agentReply',
	ticketSolved: 'ticketSolved',
};

/** The tag an agent's macro adds to send the newest public reply again; the trigger removes it in the same update. */
export const RESEND_TAG = 'sms_resend';

export function triggersFor(events: readonly RelayEvent[]): ZendeskTriggerKey[] {
	return ZENDESK_TRIGGERS.filter((key) => events.includes(TRIGGER_EVENT[key]));
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

/** The tag the Zendesk Ticket Relay puts on the tickets it opens; only tickets carrying it are relayed. */
export const DEFAULT_SMS_TAG = 'sms';

/** Zendesk keeps tags lowercase and without spaces; undefined when the text cannot be a tag. */
export function normalizeTag(value: unknown): string | undefined {
	const tag = typeof value === 'string' ? value.trim().toLowerCase() : '';
	return tag !== '' && !/[\s,]/.test(tag) ? tag : undefined;
}

// A public comment added by an agent or admin, from any channel but the API: our own relayed SMS arrive through the API
// (authored by the requester), so they never come back as an SMS, and a customer's e-mail reply (role end_user) is
// never echoed to them either.
const AGENT_PUBLIC_COMMENT: ZendeskCondition[] = [
	{ field: 'comment_is_public', operator: 'is', value: 'true' },
	{ field: 'role', operator: 'is_not', value: 'end_user' },
	{ field: 'current_via_id', operator: 'is_not', value: VIA_API },
];

const SPECIFIC_CONDITIONS: Record<ZendeskTriggerKey, ZendeskCondition[]> = {
	agentReply: [...AGENT_PUBLIC_COMMENT, { field: 'status', operator: 'less_than', value: 'solved' }],
	agentReplySolving: [...AGENT_PUBLIC_COMMENT, { field: 'status', operator: 'is', value: 'solved' }],
	// Asked for by an agent in the agent workspace, never by the customer's own update or the relay's API writes.
	resendRequested: [
		{ field: 'current_tags', operator: 'includes', value: RESEND_TAG },
		{ field: 'role', operator: 'is_not', value: 'end_user' },
		{ field: 'current_via_id', operator: 'is_not', value: VIA_API },
		{ field: 'status', operator: 'less_than', value: 'solved' },
	],
	// Operator `value` is "changed to": true only on the update that moves the ticket to solved, so it fires once.
	ticketSolved: [{ field: 'status', operator: 'value', value: 'solved' }],
};

/** Every trigger sees every ticket of the account (e-mail, web form, messaging): only SMS conversations pass. */
export function triggerConditions(key: ZendeskTriggerKey, tag: string): ZendeskConditions {
	return { all: [...SPECIFIC_CONDITIONS[key], { field: 'current_tags', operator: 'includes', value: tag }], any: [] };
}

const TRIGGER_LABELS: Record<ZendeskTriggerKey, string> = {
	agentReply: 'agent reply',
	agentReplySolving: 'agent reply, solving',
	resendRequested: 'resend requested',
	ticketSolved: 'ticket solved',
};

/** The newest public comment, rendered by Zendesk's Liquid (plain text, without the "Name, date" header). */
const NEWEST_PUBLIC_COMMENT = (property: string) =>
	`{% for comment in ticket.public_comments limit:1 %}{{comment.${property}}}{% endfor %}`;

/**
 * The newest public comment not written by the customer: what a resend texts again, even when the customer has texted
 * since ("I never got your answer"). Compared by name, a placeholder Zendesk documents for comments and requesters.
 */
const NEWEST_PUBLIC_REPLY = (property: string) =>
	`{% assign found = false %}{% for comment in ticket.public_comments %}{% if found == false and comment.author.name != ticket.requester.name %}{% assign found = true %}{{comment.${property}}}{% endif %}{% endfor %}`;

export const BRAZE_EXTERNAL_ID_FIELD = 'braze_external_id';
export const BRAZE_ID_FIELD = 'braze_id';

/**
 * The parameters Zendesk sends for a trigger, form-encoded. Zendesk URL-encodes every value, so a reply holding quotes,
 * line breaks, backslashes or anything else arrives intact whether or not Zendesk would have JSON-escaped it.
 */
export function triggerParameters(key: ZendeskTriggerKey): Array<[string, string]> {
	return [
		['event', TRIGGER_EVENT[key]],
		['ticket_open', key === 'agentReply' || key === 'resendRequested' ? 'true' : 'false'],
		['resend', key === 'resendRequested' ? 'true' : 'false'],
		['ticket_id', '{{ticket.id}}'],
		['ticket_status', '{{ticket.status}}'],
		['requester_id', '{{ticket.requester.id}}'],
		['requester_external_id', '{{ticket.requester.external_id}}'],
		['braze_external_id', `{{ticket.requester.custom_fields.${BRAZE_EXTERNAL_ID_FIELD}}}`],
		['braze_id', `{{ticket.requester.custom_fields.${BRAZE_ID_FIELD}}}`],
		['requester_name', '{{ticket.requester.name}}'],
		['requester_phone', '{{ticket.requester.phone}}'],
		['comment_text', (key === 'resendRequested' ? NEWEST_PUBLIC_REPLY : NEWEST_PUBLIC_COMMENT)('value')],
		['comment_author', (key === 'resendRequested' ? NEWEST_PUBLIC_REPLY : NEWEST_PUBLIC_COMMENT)('author.name')],
	];
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

/** Whether a webhook name or trigger title is one this workflow's set-up made (whatever the workflow was called then). */
export function ownedBy(nameOrTitle: unknown, workflowId: string): boolean {
	if (typeof nameOrTitle !== 'string' || workflowId === '') return false;
	const bare = `n8n relay ${workflowId}`;
	return nameOrTitle === bare || nameOrTitle.startsWith(`${bare} (`) || nameOrTitle.startsWith(`${bare} – `);
}

export function triggerTitle(key: ZendeskTriggerKey, owner: SetupOwner): string {
	return `${ownerLabel(owner)} – ${TRIGGER_LABELS[key]}`;
}

const DESCRIPTION = 'Sends Zendesk agent replies and solved tickets to an n8n Zendesk Relay Trigger (SMS relay).';

export function webhookRequest(endpoint: string, owner: SetupOwner) {
	return {
		webhook: {
			name: ownerLabel(owner),
			description: DESCRIPTION,
			endpoint,
			http_method: 'POST',
			request_format: 'form_encoded',
			status: 'active',
			subscriptions: ['conditional_ticket_events'],
		},
	};
}

export function triggerRequest(key: ZendeskTriggerKey, webhookId: string, owner: SetupOwner, tag: string) {
	return {
		trigger: {
			title: triggerTitle(key, owner),
			description: DESCRIPTION,
			active: true,
			conditions: triggerConditions(key, tag),
			actions: [
				{ field: 'notification_webhook', value: [webhookId, triggerParameters(key)] },
				// Every relayed update clears a resend request: the resend trigger's own call sends once per use of the macro,
				// a reply in the same update (an earlier trigger) already texts the newest reply, and a solve leaves no
				// request behind to fire later.
				{ field: 'remove_tags', value: RESEND_TAG },
			],
		},
	};
}

function userFieldRequest(key: string, title: string, what: string) {
	return {
		user_field: {
			key,
			type: 'text',
			title,
			description: `The ${what} of this customer; used to relay SMS between Braze and Zendesk.`,
			active: true,
		},
	};
}

/** The user fields the relay fills and the triggers read: the customer's Braze external id and Braze id. */
export const BRAZE_USER_FIELDS = [
	userFieldRequest(BRAZE_EXTERNAL_ID_FIELD, 'Braze external ID', 'Braze external_id'),
	userFieldRequest(BRAZE_ID_FIELD, 'Braze ID', 'Braze braze_id (set for customers Braze knows by phone only)'),
];
