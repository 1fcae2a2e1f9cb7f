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
import { formEncode, renderParameters, ticketScope, type TicketScope } from './zendeskCall';

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

	it('resend requested: an SMS ticket carrying sms_resend (the macro adds it), updated by an agent not through the API, not solved', () => {
		const { trigger } = triggerRequest('resendRequested', '01HWEBHOOK', owner, 'sms');
		expect(RESEND_TAG).toBe('sms_resend');
		expect(trigger.conditions).toEqual({
			all: [
				{ field: 'current_tags', operator: 'includes', value: 'sms_resend' },
				{ field: 'role', operator: 'is_not', value: 'end_user' },
				{ field: 'current_via_id', operator: 'is_not', value: '5' },
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

	// A reply or a solve clears a pending resend request: a reply submitted together with the macro is texted by the reply
	// trigger alone, and a request made while solving cannot fire on a later update.
	it('notify the webhook with form parameters: [webhook id, [[key, value], …]], then remove sms_resend, and nothing else', () => {
		for (const key of ZENDESK_TRIGGERS) {
			const { trigger } = triggerRequest(key, '01HWEBHOOK', owner, 'sms');
			expect(trigger.actions).toEqual([
				{ field: 'notification_webhook', value: ['01HWEBHOOK', triggerParameters(key)] },
				{ field: 'remove_tags', value: 'sms_resend' },
			]);
		}
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
	const ticketPlaceholders = [
		['ticket_id', '{{ticket.id}}'],
		['ticket_status', '{{ticket.status}}'],
		['requester_id', '{{ticket.requester.id}}'],
		['requester_external_id', '{{ticket.requester.external_id}}'],
		['braze_external_id', '{{ticket.requester.custom_fields.braze_external_id}}'],
		['braze_id', '{{ticket.requester.custom_fields.braze_id}}'],
		['requester_name', '{{ticket.requester.name}}'],
		['requester_phone', '{{ticket.requester.phone}}'],
	];
	/** The newest public comment, whoever wrote it. */
	const newestComment = [
		['comment_text', '{% for comment in ticket.public_comments limit:1 %}{{comment.value}}{% endfor %}'],
		['comment_author', '{% for comment in ticket.public_comments limit:1 %}{{comment.author.name}}{% endfor %}'],
	];
	/** The newest public comment whose author is not named as the requester is: the reply a resend texts again. */
	const newestReply = [
		[
			'comment_text',
			'{% assign found = false %}{% for comment in ticket.public_comments %}{% if found == false and comment.author.name != ticket.requester.name %}{% assign found = true %}{{comment.value}}{% endif %}{% endfor %}',
		],
		[
			'comment_author',
			'{% assign found = false %}{% for comment in ticket.public_comments %}{% if found == false and comment.author.name != ticket.requester.name %}{% assign found = true %}{{comment.author.name}}{% endif %}{% endfor %}',
		],
	];

	it.each([
		['agentReply', 'agentReply', 'true', 'false', newestComment],
		['agentReplySolving', 'agentReply', 'false', 'false', newestComment],
		['resendRequested', 'agentReply', 'true', 'true', newestReply],
		['ticketSolved', 'ticketSolved', 'false', 'false', newestComment],
	] as const)('%s sends event=%s, ticket_open=%s, resend=%s and the ticket placeholders', (key, event, open, resend, comment) => {
		expect(triggerParameters(key)).toEqual([['event', event], ['ticket_open', open], ['resend', resend], ...ticketPlaceholders, ...comment]);
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

	// The requester is Ana Lima (ticketScope); comments are listed newest first, as Zendesk gives them to Liquid.
	const customer = (value: string) => ({ value, author: { name: 'Ana Lima' } });
	const agent = (value: string, name = 'Sam Agent') => ({ value, author: { name } });
	const commentOf = async (key: 'agentReply' | 'resendRequested', comments: TicketScope['public_comments']) =>
		toRelayItem(parseForm(formEncode(await renderParameters(key, ticketScope({ public_comments: comments })))), 'inv-1').comment;

	it("resend requested gives the newest reply not written by the customer, skipping the customer's newer texts", async () => {
		const comments = [
			customer('Still nothing?'),
			customer('I never got your message'),
			agent('It left today.\nTrack it: https://track.example/?a=1&b=2', 'Kim Lead'),
			agent('Looking into it'),
			customer('Where is my parcel?'),
		];
		expect(await commentOf('resendRequested', comments)).toEqual({
			text: 'It left today.\nTrack it: https://track.example/?a=1&b=2',
			author: 'Kim Lead',
		});
		// A reply trigger's call is about the comment just added: the newest, whoever wrote it.
		expect(await commentOf('agentReply', comments)).toEqual({ text: 'Still nothing?', author: 'Ana Lima' });
	});

	it('resend requested gives an empty comment when no one but the customer has written publicly', async () => {
		expect(await commentOf('resendRequested', [customer('Hello?'), customer('Where is my parcel?')])).toEqual({ text: '', author: null });
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
