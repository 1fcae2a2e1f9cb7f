// POST /campaigns/trigger/send: one recipient per item, up to 50 recipients per request.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { brazeWarnings, planTriggerSends, TRIGGER_SEND_MAX_RECIPIENTS, type SendEntry } from '../batching';
import { chooseUser, outputIdentifier } from '../brazeUser';
import { ticketNotesField, ticketNoteWriter } from '../ticketNotes';
import {
	FieldValueError,
	keyValues,
	requiredText,
	typedAttributes,
	type KeyValueEntry,
	type TypedEntry,
} from '../typedAttributes';
import { attributesField, optionsField, userFields } from './common.descriptions';
import { runRequests, type OperationSpec } from './runRequests';

const show = { show: { operation: ['sendCampaign'] } };

export const description: INodeProperties[] = [
	{
		displayName:
			'Braze has no idempotency key for sends: a request that got no answer (timeout, dropped connection) is not ' +
			'repeated, so its items fail although Braze may have texted them. Check the campaign in Braze before running ' +
			'them again.',
		name: 'noRepeatNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Campaign',
		name: 'campaignId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The campaign to send; its delivery must be API-triggered',
		displayOptions: show,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a campaign...',
				typeOptions: { searchListMethod: 'searchCampaigns', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 5c2f8a41-0d7e-4b6a-9f3e-1a2b3c4d5e6f',
				hint: "Braze: the campaign's page → API identifier",
			},
		],
	},
	...userFields('sendCampaign'),
	{
		displayName: 'Trigger Properties',
		name: 'triggerProperties',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Property',
		default: {},
		description:
			'Values for this recipient that the campaign reads as {{api_trigger_properties.${key}}}. Put the reply text in msg_body.',
		displayOptions: show,
		options: [
			{
				displayName: 'Property',
				name: 'property',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. msg_body' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	attributesField('sendCampaign', "Written to this recipient's profile before the message is sent"),
	{
		displayName: 'Send to Existing Users Only',
		name: 'sendToExistingOnly',
		type: 'boolean',
		default: true,
		description: 'Whether to skip unknown users; when off, Braze creates the user from the attributes (at least one needed)',
		displayOptions: show,
	},
	optionsField('sendCampaign', TRIGGER_SEND_MAX_RECIPIENTS, [
		{
			displayName: 'Retry On No Answer',
			name: 'retryOnNoAnswer',
			type: 'boolean',
			default: false,
			description:
				'Whether to send a request again after a timeout or a dropped connection. Braze may already have sent ' +
				'those messages and has no idempotency key, so this can send an SMS twice.',
		},
		{
			displayName: 'Send ID',
			name: 'sendId',
			type: 'string',
			default: '',
			description: 'Send identifier for send-level analytics (from Braze /sends/ID/create)',
		},
	]),
	ticketNotesField,
];

function readItem(context: IExecuteFunctions, itemIndex: number): SendEntry {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const attributes = typedAttributes(
		context.getNodeParameter('attributes.attribute', itemIndex, []) as TypedEntry[],
		itemIndex,
		'Attributes',
	);
	const sendToExistingOnly = context.getNodeParameter('sendToExistingOnly', itemIndex, true) !== false;
	if (!sendToExistingOnly && Object.keys(attributes).length === 0) {
		const problem = 'is off, which Braze allows only with at least one attribute';
		throw new FieldValueError(itemIndex, 'Send to Existing Users Only', problem);
	}
	const sendId = typeof options.sendId === 'string' ? options.sendId.trim() : '';
	return {
		itemIndex,
		// A workflow saved before the picker holds the id as a plain string; extractValue reads both shapes.
		campaignId: requiredText(
			context.getNodeParameter('campaignId', itemIndex, '', { extractValue: true }),
			itemIndex,
			'Campaign (campaignId)',
		),
		user: chooseUser(context.getNodeParameter('externalUserId', itemIndex, ''), context.getNodeParameter('brazeId', itemIndex, ''), itemIndex),
		...(sendId ? { sendId } : {}),
		sendToExistingOnly,
		triggerProperties: keyValues(
			context.getNodeParameter('triggerProperties.property', itemIndex, []) as KeyValueEntry[],
			itemIndex,
			'Trigger Properties',
		),
		attributes,
	};
}

const spec: OperationSpec<SendEntry> = {
	path: '/campaigns/trigger/send',
	readItem,
	plan: planTriggerSends,
	results: (request, responseBody) => {
		const body = (responseBody ?? {}) as IDataObject;
		const dispatchId = typeof body.dispatch_id === 'string' ? body.dispatch_id : null;
		const warnings = brazeWarnings(body);
		return request.entries.map((entry) => ({
			json: {
				dispatchId,
				campaignId: entry.campaignId,
				...outputIdentifier(entry.user),
				...(entry.sendId ? { sendId: entry.sendId } : {}),
				triggerProperties: entry.triggerProperties as IDataObject,
				attributes: entry.attributes,
				...(warnings.length ? { warnings } : {}),
			},
		}));
	},
	// Braze's trigger/send has no idempotency key: after a timeout or reset a repeat may send the SMS twice, so it
	// is repeated only when the user opts in. 429 and 5xx answers are retried with backoff, as Braze advises.
	retryAmbiguous: (options) => options.retryOnNoAnswer === true,
	noAnswerNote:
		'No answer came back, so Braze may or may not have sent these messages. The request was not repeated, ' +
		'because Braze has no idempotency key and a repeat could send the SMS twice; check the campaign in Braze ' +
		'before running these items again.',
	outcomeListener: ticketNoteWriter,
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runRequests(this, spec);
}
