import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOperation } from '../shared/router';
import * as sendCampaign from './actions/sendCampaign.operation';
import * as trackAttributes from './actions/trackAttributes.operation';
import { searchCampaigns } from './methods/listSearch';
import { ticketNotesCredentialDisplay } from './ticketNotes';

const operations = { sendCampaign, trackAttributes };

export class BrazeTriggerSend implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Braze Trigger Send',
		name: 'brazeTriggerSend',
		icon: { light: 'file:brazeTriggerSend.svg', dark: 'file:brazeTriggerSend.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ { sendCampaign: "Send campaign", trackAttributes: "Track attributes" }[$parameter["operation"]] }}',
		description: 'Send API-triggered Braze campaigns (SMS) and set user attributes, batched and rate-limit safe',
		defaults: { name: 'Braze Trigger Send' },
		// Deliberately not offered to AI agents (declared, as n8n's checks ask, rather than left out): a send texts real
		// customers, costs money and cannot be taken back, and Braze has no idempotency key that would make an agent's
		// retry safe (usableAsTool is per node, so Track Attributes goes too).
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'brazeRelayApi', required: true },
			// Zendesk only for the ticket notes of Send Campaign, and only once a ticket id is set.
			{ name: 'zendeskRelayApi', required: true, displayOptions: ticketNotesCredentialDisplay },
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Send Campaign',
						value: 'sendCampaign',
						action: 'Send a campaign',
						description: "Trigger a campaign (e.g. an SMS) for each item's user",
					},
					{
						name: 'Track Attributes',
						value: 'trackAttributes',
						action: 'Set user attributes',
						description: "Write custom attributes to each item's user without sending a message",
					},
				],
				default: 'sendCampaign',
			},
			...sendCampaign.description,
			...trackAttributes.description,
		],
	};

	methods = { listSearch: { searchCampaigns } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation(this, operations);
	}
}
