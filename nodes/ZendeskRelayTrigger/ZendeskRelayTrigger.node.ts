import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { createSetup, deleteSetup, setupExists } from './ZendeskRelayTriggerHelpers';
import { receiveDelivery } from './delivery';
import { DEFAULT_TOLERANCE_SECONDS } from './signature';
import { DEFAULT_SMS_TAG } from './triggerDefinitions';
import { signingSecretTest } from './signingSecretTest';

export class ZendeskRelayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zendesk Relay Trigger',
		name: 'zendeskRelayTrigger',
		icon: { light: 'file:zendeskRelayTrigger.svg', dark: 'file:zendeskRelayTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ ($parameter["events"] || []).map((event) => ({ agentReply: "Agent reply", ticketSolved: "Ticket solved" })[event] || event).join(", ") }}',
		description:
			'Starts the workflow when an agent replies publicly or a ticket is solved in Zendesk; only signed, fresh, new calls are accepted',
		defaults: { name: 'Zendesk Relay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'zendeskRelayApi', required: true, displayOptions: { show: { autoSetup: [true] } } },
			{
				// The literal name (SIGNING_SECRET_CREDENTIAL in delivery.ts): n8n's checks read it from here.
				name: 'zendeskRelaySigningSecretApi',
				required: true,
				testedBy: 'signingSecretTest',
				displayOptions: { show: { autoSetup: [false] } },
			},
		],
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
					'Whether to create the Zendesk webhook, its triggers and the braze_external_id and braze_id user fields when the workflow is published, and remove the webhook and triggers when it is unpublished',
			},
			{
				displayName:
					'Publishing creates a webhook, its triggers and two user fields in Zendesk: the Zendesk credential needs an admin API token. Unpublishing removes the webhook and triggers.',
				name: 'adminNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { autoSetup: [true] } },
			},
			{
				displayName: 'SMS Ticket Tag',
				name: 'ticketTag',
				type: 'string',
				default: DEFAULT_SMS_TAG,
				required: true,
				description:
					'Only tickets carrying this tag are relayed: keep it equal to the tag the Zendesk Ticket Relay puts on new tickets (its Tags option). E-mail, web-form and messaging tickets do not carry it, so their replies never become an SMS.',
			},
			{
				displayName:
					'Only tickets tagged with the SMS Ticket Tag reach this workflow. To text a customer from a ticket you opened yourself, add the tag to it; the customer needs a Braze ID on their Zendesk profile (set when they have texted you before).',
				name: 'tagNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Batch Window (Milliseconds)',
						name: 'batchWindowMs',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 1000 },
						default: 0,
						description:
							'A delivery that comes within this time after the previous one waits this long for those that follow and starts one execution with them (up to 50 items, one event per execution) instead of one each: a macro on many tickets goes out several times faster and counts as fewer executions. A delivery that comes alone starts at once. 0 starts one execution per delivery.',
					},
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

	methods = { credentialTest: { signingSecretTest } };

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
