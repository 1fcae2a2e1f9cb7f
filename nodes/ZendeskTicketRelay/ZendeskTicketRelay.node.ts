import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOperation } from '../shared/router';
import * as addTicketNote from './actions/addTicketNote.operation';
import * as relayInbound from './actions/relayInbound.operation';

const operations = { relayInbound, addTicketNote };

export class ZendeskTicketRelay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zendesk Ticket Relay',
		name: 'zendeskTicketRelay',
		icon: { light: 'file:zendeskTicketRelay.svg', dark: 'file:zendeskTicketRelay.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "addTicketNote" ? "Add ticket note" : "Relay inbound message" }}',
		description: "Put an inbound SMS into the customer's one Zendesk ticket, as the customer's own words, or note on a ticket for its agents",
		defaults: { name: 'Zendesk Ticket Relay' },
		// Deliberately not offered to AI agents (declared, as n8n's checks ask, rather than left out): it writes into
		// customers' tickets as the customer, which an agent must never fake.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zendeskRelayApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Relay Inbound Message',
						value: 'relayInbound',
						action: 'Relay an inbound message to a ticket',
						description:
							"Add the message to the customer's open ticket, reopen a solved one, or open a new ticket (or a follow-up of a closed one)",
					},
					{
						name: 'Add Ticket Note',
						value: 'addTicketNote',
						action: 'Add a private note to a ticket',
						description: 'Tell the agents on the ticket, in a private note (and a tag), e.g. why an SMS was not sent',
					},
				],
				default: 'relayInbound',
			},
			...relayInbound.description,
			...addTicketNote.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation(this, operations);
	}
}
