// POST /users/track: set custom attributes without sending a message, up to 75 users per request.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { planAttributeTracks, rejectedAttributeObjects, USERS_TRACK_MAX_ATTRIBUTES, type TrackEntry } from '../batching';
import { FieldValueError, requiredText, typedAttributes, type TypedEntry } from '../typedAttributes';
import { attributesField, externalUserIdField, optionsField } from './common.descriptions';
import { runRequests, type OperationSpec } from './runRequests';

export const description: INodeProperties[] = [
	externalUserIdField('trackAttributes'),
	attributesField('trackAttributes', "Custom attributes to write to this user's profile"),
	optionsField('trackAttributes', USERS_TRACK_MAX_ATTRIBUTES, []),
];

function readItem(context: IExecuteFunctions, itemIndex: number): TrackEntry {
	const externalUserId = requiredText(
		context.getNodeParameter('externalUserId', itemIndex, ''),
		itemIndex,
		'External User ID (externalUserId)',
	);
	const attributes = typedAttributes(
		context.getNodeParameter('attributes.attribute', itemIndex, []) as TypedEntry[],
		itemIndex,
		'Attributes',
	);
	if (Object.keys(attributes).length === 0) throw new FieldValueError(itemIndex, 'Attributes', 'has no attribute to write');
	if ('external_id' in attributes) {
		throw new FieldValueError(itemIndex, 'Attributes "external_id"', 'is set by External User ID, not as an attribute');
	}
	return { itemIndex, externalUserId, attributes };
}

const spec: OperationSpec<TrackEntry> = {
	path: '/users/track',
	readItem,
	plan: planAttributeTracks,
	results: (request, responseBody) => {
		const refused = rejectedAttributeObjects(responseBody);
		return request.entries.map((entry, position) => {
			const reason = refused.get(position);
			return reason !== undefined
				? { refused: reason }
				: { json: { externalUserId: entry.externalUserId, attributes: entry.attributes } };
		});
	},
	// Writing the same attribute values twice leaves the profile as once: safe to repeat after a timeout.
	retryAmbiguous: () => true,
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runRequests(this, spec);
}
