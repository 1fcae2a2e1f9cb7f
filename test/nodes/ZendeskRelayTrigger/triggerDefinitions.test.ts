import { parseForm, toRelayItem } from '../../../nodes/ZendeskRelayTrigger/payload';
import {
	BRAZE_USER_FIELDS,
	RESEND_TAG,
	ZENDESK_TRIGGERS,
	normalizeTag,
	ownedBy,
	triggerParameters,
	triggerRequest,
	triggerTitle,
	triggersFor,
	webhookRequest,
} from '../../../nodes/ZendeskRelayTrigger/triggerDefinitions';
import { formEncode, renderParameters, ticketScope } from './zendeskCall';

const owner = { workflowId: 'wf1', workflowName: 'Zendesk to Braze SMS' };

const AGENT_PUBLIC_COMMENT = [
	{ field: 'comment_is_public', operator: 'is', value: 'true' },
	{ field: 'role', operator: 'is_not', value: 'end_user' },
	{ field: 'current_via_id', operator: 'is_not', value: '5' },
];
const SMS_TAG = { field: 'current_tags', operator: 'includes', value: 'sms' };

describe('the four Zendesk triggers', () => {
	it('agent reply: a public comment by an agent, not through the API, on an SMS ticket that stays unsolved', () => {
		const { trigger } = triggerRequest('agentReply', '01HWEBHOOK', owner, 'sms');
		expect(trigger.conditions).toEqual({
			all: [...AGENT_PUBLIC_COMMENT, { field: 'status', operator: 'less_than', value: 'solved' }, SMS_TAG],
			any: [],
		});
		expect(trigger.title).toBe('n8n relay wf1 (Zendesk to Braze SMS) – agent reply');
		expect(trigger.active).toBe(true);
	});

	it('agent reply, solving: the same comment on an SMS ticket the update solves', () => {
		const { trigger } = triggerRequest('agentReplySolving', '01HWEBHOOK', owner, 'sms');
		expect(trigger.conditions).toEqual({
			all: [...AGENT_PUBLIC_COMMENT, { field: 'status', operator: 'is', value: 'solved' }, SMS_TAG],
			any: [],
		});
		expect(trigger.title).toBe('n8n relay wf1 (Zendesk to Braze SMS) – agent reply, solving');
	});

	it('resend requested: an SMS ticket carrying sms_resend (the macro adds it) that is not solved', () => {
		const { trigger } = triggerRequest('resendRequested', '01HWEBHOOK', owner, 'sms');
		expect(RESEND_TAG).toBe('sms_resend');
		expect(trigger.conditions).toEqual({
			all: [
				{ field: 'current_tags', operator: 'includes', value: 'sms_resend' },
				{ field: 'status', operator: 'less_than', value: 'solved' },
				SMS_TAG,
			],
			any: [],
		});
		expect(trigger.title).toBe('n8n relay wf1 (Zendesk to Braze SMS) – resend requested');
		expect(trigger.active).toBe(true);
	});

	it('ticket solved: the status changes to solved on an SMS ticket (operator "value" = changed to, so once)', () => {
		const { trigger } = triggerRequest('ticketSolved', '01HWEBHOOK', owner, 'sms');
		expect(trigger.conditions).toEqual({ all: [{ field: 'status', operator: 'value', value: 'solved' }, SMS_TAG], any: [] });
		expect(trigger.title).toBe('n8n relay wf1 (Zendesk to Braze SMS) – ticket solved');
	});

	it('carry the configured tag in their condition', () => {
		for (const key of ZENDESK_TRIGGERS) {
			expect(triggerRequest(key, '1', owner, 'texto').trigger.conditions.all.at(-1)).toEqual({
				field: 'current_tags',
				operator: 'includes',
				value: 'texto',
			});
		}
	});

	it('notify the webhook with form parameters: [webhook id, [[key, value], …]], and change nothing else on the ticket', () => {
		for (const key of ['agentReply', 'agentReplySolving', 'ticketSolved'] as const) {
			const { trigger } = triggerRequest(key, '01HWEBHOOK', owner, 'sms');
			expect(trigger.actions).toEqual([{ field: 'notification_webhook', value: ['01HWEBHOOK', triggerParameters(key)] }]);
		}
	});

	it('resend requested also removes sms_resend in the same update, so each use of the macro sends once', () => {
		const { trigger } = triggerRequest('resendRequested', '01HWEBHOOK', owner, 'sms');
		expect(trigger.actions).toEqual([
			{ field: 'notification_webhook', value: ['01HWEBHOOK', triggerParameters('resendRequested')] },
			{ field: 'remove_tags', value: 'sms_resend' },
		]);
	});

	it('are all four behind the agent reply and solved events, the resend one behind agentReply, only the solved one behind ticketSolved', () => {
		expect(triggersFor(['agentReply', 'ticketSolved'])).toEqual(['agentReply', 'agentReplySolving', 'resendRequested', 'ticketSolved']);
		expect(triggersFor(['agentReply'])).toEqual(['agentReply', 'agentReplySolving', 'resendRequested']);
		expect(triggersFor(['ticketSolved'])).toEqual(['ticketSolved']);
	});

	it('are named after the workflow id alone when it has no name', () => {
		expect(triggerTitle('ticketSolved', { workflowId: 'wf2' })).toBe('n8n relay wf2 – ticket solved');
	});
});

describe('triggerParameters', () => {
	const placeholders = [
		['ticket_id', '{{ticket.id}}'],
		['ticket_status', '{{ticket.status}}'],
		['requester_id', '{{ticket.requester.id}}'],
		['requester_external_id', '{{ticket.requester.external_id}}'],
		['braze_external_id', '{{ticket.requester.custom_fields.braze_external_id}}'],
		['braze_id', '{{ticket.requester.custom_fields.braze_id}}'],
		['requester_name', '{{ticket.requester.name}}'],
		['requester_phone', '{{ticket.requester.phone}}'],
		['comment_text', '{% for comment in ticket.public_comments limit:1 %}{{comment.value}}{% endfor %}'],
		['comment_author', '{% for comment in ticket.public_comments limit:1 %}{{comment.author.name}}{% endfor %}'],
	];

	it.each([
		['agentReply', 'agentReply', 'true', 'false'],
		['agentReplySolving', 'agentReply', 'false', 'false'],
		['resendRequested', 'agentReply', 'true', 'true'],
		['ticketSolved', 'ticketSolved', 'false', 'false'],
	] as const)('%s sends event=%s, ticket_open=%s, resend=%s and the ticket placeholders', (key, event, open, resend) => {
		expect(triggerParameters(key)).toEqual([['event', event], ['ticket_open', open], ['resend', resend], ...placeholders]);
	});

	// Renders the parameters the way Zendesk does (Liquid over the ticket) and reads them back as the node will.
	it.each([
		['agentReply', { event: 'agentReply', ticketOpen: true, resend: false }],
		['agentReplySolving', { event: 'agentReply', ticketOpen: false, resend: false }],
		['resendRequested', { event: 'agentReply', ticketOpen: true, resend: true }],
		['ticketSolved', { event: 'ticketSolved', ticketOpen: false, resend: false }],
	] as const)('%s, rendered and form-encoded, reads back as the output item', async (key, expected) => {
		const ticket = ticketScope({
			id: 1234,
			status: 'Gelöst',
			public_comments: [
				{ value: 'Newest reply\nsecond line', author: { name: 'Agent Smith' } },
				{ value: 'Older reply', author: { name: 'Ana Lima' } },
			],
		});
		expect(toRelayItem(parseForm(formEncode(await renderParameters(key, ticket))), 'inv-1')).toEqual({
			...expected,
			ticketId: 1234,
			ticketStatus: 'Gelöst',
			requester: {
				id: 7,
				externalId: 'ext-7',
				brazeExternalId: 'braze-ext-7',
				brazeId: '65a1b2c3d4e5f60718293a4b',
				name: 'Ana Lima',
				phone: '+33612345678',
			},
			comment: { text: 'Newest reply\nsecond line', author: 'Agent Smith' },
			invocationId: 'inv-1',
		});
	});
});

describe('webhook and user field requests', () => {
	it('create a form-encoded POST webhook for conditional ticket events at the given endpoint', () => {
		expect(webhookRequest('https://n8n.example.com/webhook/abc/zendesk-relay', owner)).toEqual({
			webhook: {
				name: 'n8n relay wf1 (Zendesk to Braze SMS)',
				description: expect.any(String),
				endpoint: 'https://n8n.example.com/webhook/abc/zendesk-relay',
				http_method: 'POST',
				request_format: 'form_encoded',
				status: 'active',
				subscriptions: ['conditional_ticket_events'],
			},
		});
	});

	it('create the text user fields braze_external_id and braze_id', () => {
		expect(BRAZE_USER_FIELDS.map(({ user_field }) => ({ key: user_field.key, type: user_field.type, active: user_field.active }))).toEqual([
			{ key: 'braze_external_id', type: 'text', active: true },
			{ key: 'braze_id', type: 'text', active: true },
		]);
	});
});

describe('normalizeTag', () => {
	it('keeps a tag as Zendesk stores it: trimmed and lower-case', () => {
		expect(normalizeTag(' SMS ')).toBe('sms');
		expect(normalizeTag('sms_fr-2')).toBe('sms_fr-2');
	});

	it('refuses what cannot be one tag', () => {
		for (const value of ['', '  ', 'two words', 'a,b', 'tab\tbed', undefined, 42]) expect(normalizeTag(value)).toBeUndefined();
	});
});

describe('ownedBy', () => {
	it("recognises this workflow's webhook names and trigger titles, whatever the workflow was called", () => {
		expect(ownedBy('n8n relay wf1', 'wf1')).toBe(true);
		expect(ownedBy('n8n relay wf1 (Old name)', 'wf1')).toBe(true);
		expect(ownedBy('n8n relay wf1 – ticket solved', 'wf1')).toBe(true);
		expect(ownedBy(triggerTitle('agentReplySolving', owner), 'wf1')).toBe(true);
	});

	it("never takes another workflow's objects, one whose id merely starts the same, or a lookalike", () => {
		expect(ownedBy('n8n relay wf10 (Zendesk to Braze SMS)', 'wf1')).toBe(false);
		expect(ownedBy('n8n relay wf1x – agent reply', 'wf1')).toBe(false);
		expect(ownedBy('copy of n8n relay wf1', 'wf1')).toBe(false);
		expect(ownedBy('n8n relay wf1', '')).toBe(false);
		expect(ownedBy(undefined, 'wf1')).toBe(false);
	});
});
