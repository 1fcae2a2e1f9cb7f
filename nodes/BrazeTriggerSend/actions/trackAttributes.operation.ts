// POST /users/track: set custom attributes without sending a message, up to 75 users per request.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { planAttributeTracks, rejectedAttributeObjects, USERS_TRACK_MAX_ATTRIBUTES, type TrackEntry } from '../batching';
import { BRAZE_ID_FIELD, chooseUser, EXTERNAL_USER_ID_FIELD, outputIdentifier } from '../brazeUser';
import { FieldValueError, typedAttributes, type TypedEntry } from '../typedAttributes';
import { attributesField, optionsField, userFields } from './common.descriptions';
import { runRequests, type OperationSpec } from './runRequests';

export const description: INodeProperties[] = [
	{
		displayName:
			'Braze applies these writes a little later: a message sent right after may still show the old values. To have a ' +
			'value in a message, send it with the message (Send Campaign → Attributes), which Braze writes first.',
		name: 'asyncWriteNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['trackAttributes'] } },
	},
	...userFields('trackAttributes'),
	attributesField('trackAttributes', "Custom attributes to write to this user's profile"),
	optionsField('trackAttributes', USERS_TRACK_MAX_ATTRIBUTES, []),
];

/** Attribute keys that would name another user than the one the item addresses. */
const IDENTIFIER_KEYS: Record<string, string> = { external_id: EXTERNAL_USER_ID_FIELD, braze_id: BRAZE_ID_FIELD };

function readItem(context: IExecuteFunctions, itemIndex: number): TrackEntry {
	const user = chooseUser(context.getNodeParameter('externalUserId', itemIndex, ''), context.getNodeParameter('brazeId', itemIndex, ''), itemIndex);
	const attributes = typedAttributes(
		context.getNodeParameter('attributes.attribute', itemIndex, []) as TypedEntry[],
		itemIndex,
		'Attributes',
	);
	if (Object.keys(attributes).length === 0) throw new FieldValueError(itemIndex, 'Attributes', 'has no attribute to write');
	const identifierKey = Object.keys(attributes).find((key) => Object.hasOwn(IDENTIFIER_KEYS, key));
	if (identifierKey) {
		throw new FieldValueError(itemIndex, `Attributes "${identifierKey}"`, `is set by ${IDENTIFIER_KEYS[identifierKey]}, not as an attribute`);
	}
	return { itemIndex, user, attributes };
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
				: { json: { ...outputIdentifier(entry.user), attributes: entry.attributes } };
		});
	},
	// Writing the same attribute values twice leaves the profile as once: safe to repeat after a timeout.
	retryAmbiguous: () => true,
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runRequests(this, spec);
}
