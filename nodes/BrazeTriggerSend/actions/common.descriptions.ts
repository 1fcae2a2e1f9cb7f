// Parameters both operations share, defined once and shown per operation.
import type { INodeProperties } from 'n8n-workflow';

/** Who each item addresses: the external id, or (for customers Braze knows only by phone) the braze_id. */
export function userFields(operation: string): INodeProperties[] {
	const displayOptions = { show: { operation: [operation] } };
	return [
		{
			displayName: 'External User ID',
			name: 'externalUserId',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.requester.brazeExternalId }}',
			description: "The Braze user's external_id (one user per item). When it is empty, Braze ID is used.",
			displayOptions,
		},
		{
			displayName: 'Braze ID',
			name: 'brazeId',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.requester.brazeId }}',
			description:
				"Braze's own user ID (braze_id), used when External User ID is empty: customers Braze knows only by phone " +
				'(an SMS opt-in from an unknown number) have no external_id',
			displayOptions,
		},
	];
}

export function attributesField(operation: string, description: string): INodeProperties {
	return {
		displayName: 'Attributes',
		name: 'attributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Attribute',
		default: {},
		description,
		displayOptions: { show: { operation: [operation] } },
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'e.g. zendesk_ticket_open',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'string',
						description: 'Braze keeps the type an attribute was first written with, so send numbers and booleans as such',
						options: [
							{ name: 'String', value: 'string' },
							{ name: 'Number', value: 'number' },
							{ name: 'Boolean', value: 'boolean' },
						],
					},
				],
			},
		],
	};
}

/** Batching and retry options; `extra` adds the operation's own. */
export function optionsField(operation: string, maxPerRequest: number, extra: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: [operation] } },
		options: [
			{
				displayName: 'Batch Items',
				name: 'batch',
				type: 'boolean',
				default: true,
				description: `Whether to send up to ${maxPerRequest} items per request (off: one request per item)`,
			},
			{
				displayName: 'Max Tries',
				name: 'maxTries',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 5,
				description: 'Tries per request, the first included, that may end in a server error (5xx); rate-limited tries count against Max Wait',
			},
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description:
					'Longest time one request may wait for rate limits to reset (X-RateLimit-Reset), all its waits together; ' +
					'a longer one fails the items at once instead of stalling the workflow',
			},
			...extra,
		],
	};
}
