import { Liquid } from 'liquidjs';

import { parseBody, toRelayItem } from '../../../nodes/ZendeskRelayTrigger/payload';
import {
	brazeUserFieldRequest,
	triggerBody,
	triggerRequest,
	triggerTitle,
	webhookRequest,
} from '../../../nodes/ZendeskRelayTrigger/triggerDefinitions';

const owner = { workflowId: 'wf1', workflowName: 'Zendesk to Braze SMS' };

describe('agentReply trigger', () => {
	const { trigger } = triggerRequest('agentReply', '01HWEBHOOK', owner);

	it('fires only on a public comment by a non end-user, not made through the API', () => {
		expect(trigger.conditions.any).toEqual([]);
		expect(trigger.conditions.all).toHaveLength(3);
		expect(trigger.conditions.all[0]).toEqual({ field: 'comment_is_public', operator: 'is', value: 'true' });
		expect(trigger.conditions.all[1]).toEqual({ field: 'role', operator: 'is_not', value: 'end_user' });
		expect(trigger.conditions.all[2]).toEqual({ field: 'current_via_id', operator: 'is_not', value: '5' });
	});

	it('notifies the webhook with the agentReply JSON body', () => {
		expect(trigger.actions).toEqual([
			{ field: 'notification_webhook', value: ['01HWEBHOOK', triggerBody('agentReply')] },
		]);
		expect(trigger.active).toBe(true);
	});

	it('is named after the owning workflow', () => {
		expect(trigger.title).toBe('n8n relay wf1 (Zendesk to Braze SMS) – agent reply');
	});
});

describe('ticketSolved trigger', () => {
	const { trigger } = triggerRequest('ticketSolved', '01HWEBHOOK', owner);

	it('fires when the status changes to solved (operator "value" = changed to)', () => {
		expect(trigger.conditions).toEqual({ all: [{ field: 'status', operator: 'value', value: 'solved' }], any: [] });
	});

	it('sends the ticketSolved body and names the workflow', () => {
		expect(trigger.actions[0].value).toEqual(['01HWEBHOOK', triggerBody('ticketSolved')]);
		expect(trigger.title).toBe('n8n relay wf1 (Zendesk to Braze SMS) – ticket solved');
		expect(triggerTitle('ticketSolved', { workflowId: 'wf2' })).toBe('n8n relay wf2 – ticket solved');
	});
});

describe('webhook and user field requests', () => {
	it('creates a JSON POST webhook for conditional ticket events at the given endpoint', () => {
		expect(webhookRequest('https://n8n.example.com/webhook/abc/zendesk-relay', owner)).toEqual({
			webhook: {
				name: 'n8n relay wf1 (Zendesk to Braze SMS)',
				description: expect.any(String),
				endpoint: 'https://n8n.example.com/webhook/abc/zendesk-relay',
				http_method: 'POST',
				request_format: 'json',
				status: 'active',
				subscriptions: ['conditional_ticket_events'],
			},
		});
	});

	it('creates a text user field keyed braze_external_id', () => {
		expect(brazeUserFieldRequest.user_field).toMatchObject({ key: 'braze_external_id', type: 'text' });
	});
});

describe('triggerBody', () => {
	it('is valid JSON with every placeholder inside a string', () => {
		const body = JSON.parse(triggerBody('agentReply'));
		expect(body).toEqual({
			event: 'agentReply',
			ticket: { id: '{{ticket.id}}', status: '{{ticket.status}}' },
			requester: {
				id: '{{ticket.requester.id}}',
				external_id: '{{ticket.requester.external_id}}',
				braze_external_id: '{{ticket.requester.custom_fields.braze_external_id}}',
				name: '{{ticket.requester.name}}',
				phone: '{{ticket.requester.phone}}',
			},
			comment: {
				text: '{% for comment in ticket.public_comments limit:1 %}{{comment.value}}{% endfor %}',
				author: '{% for comment in ticket.public_comments limit:1 %}{{comment.author.name}}{% endfor %}',
			},
		});
	});

	// Renders the body the way Zendesk does (Liquid over the ticket) and reads it back as the node will.
	const liquid = new Liquid();
	const ticket = {
		id: 1234,
		status: 'Open',
		requester: {
			id: 987,
			external_id: 'ext-1',
			custom_fields: { braze_external_id: 'braze-1' },
			name: 'Ana Lima',
			phone: '+33612345678',
		},
		public_comments: [
			{ value: 'Newest reply\nsecond line', author: { name: 'Agent Smith' } },
			{ value: 'Older reply', author: { name: 'Ana Lima' } },
		],
	};

	it('renders into a body the payload reader maps back to the output item (newest public comment only)', async () => {
		const jsonEscaping = new Liquid({ outputEscape: (value: unknown) => JSON.stringify(String(value)).slice(1, -1) });
		const rendered = await jsonEscaping.parseAndRender(triggerBody('agentReply'), { ticket });
		expect(toRelayItem(parseBody(rendered), 'inv-1')).toEqual({
			event: 'agentReply',
			ticketId: 1234,
			ticketStatus: 'open',
			requester: { id: 987, externalId: 'ext-1', brazeExternalId: 'braze-1', name: 'Ana Lima', phone: '+33612345678' },
			comment: { text: 'Newest reply\nsecond line', author: 'Agent Smith' },
			invocationId: 'inv-1',
		});
	});

	it('still reads a body whose placeholder values were not JSON-escaped', async () => {
		const quoted = {
			...ticket,
			public_comments: [{ value: 'He said "ok", then:\n- go', author: { name: 'Agent "AJ" Smith' } }],
		};
		const rendered = await liquid.parseAndRender(triggerBody('agentReply'), { ticket: quoted });
		expect(() => JSON.parse(rendered)).toThrow();
		const item = toRelayItem(parseBody(rendered), 'inv-2');
		expect(item.comment).toEqual({ text: 'He said "ok", then:\n- go', author: 'Agent "AJ" Smith' });
		expect(item.ticketId).toBe(1234);
	});
});
