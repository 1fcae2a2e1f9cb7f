import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { createSetup, deleteSetup, receiveDelivery, setupExists } from './ZendeskRelayTriggerHelpers';
import { DEFAULT_TOLERANCE_SECONDS } from './signature';

export class ZendeskRelayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zendesk Relay Trigger',
		name: 'zendeskRelayTrigger',
		icon: { light: 'file:zendeskRelayTrigger.svg', dark: 'file:zendeskRelayTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description:
			'Starts the workflow when an agent replies publicly or a ticket is solved in Zendesk; only signed, fresh, new calls are accepted',
		defaults: { name: 'Zendesk Relay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zendeskRelayApi', required: true, displayOptions: { show: { autoSetup: [true] } } }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'zendesk-relay' }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['agentReply', 'ticketSolved'],
				options: [
					{
						name: 'Agent Reply',
						value: 'agentReply',
						description: 'A public comment by an agent, not made through the API (so relayed SMS never echo back)',
					},
					{
						name: 'Ticket Solved',
						value: 'ticketSolved',
						description: 'The ticket status changed to solved (fires once per solve)',
					},
				],
			},
			{
				displayName: 'Set Up Zendesk Automatically',
				name: 'autoSetup',
				type: 'boolean',
				default: true,
				description:
					'Whether to create the Zendesk webhook, one trigger per event and the braze_external_id user field when the workflow is published, and remove the webhook and triggers when it is unpublished',
			},
			{
				displayName: 'Webhook Signing Secret',
				name: 'signingSecret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				required: true,
				description:
					'The signing secret of the Zendesk webhook you created by hand (Admin Center → Apps and integrations → Webhooks → your webhook → Reveal secret)',
				displayOptions: { show: { autoSetup: [false] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Timestamp Tolerance (Seconds)',
						name: 'toleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_TOLERANCE_SECONDS,
						description:
							'How far the signature timestamp may be from now, in either direction, before a call is refused',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await setupExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createSetup.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteSetup.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
