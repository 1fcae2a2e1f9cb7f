// Who one item addresses in Braze: the profile's external id when the item has one, else Braze's own braze_id, the
// only id of a customer Braze knows by phone alone (an anonymous profile). Pure: no n8n import.
import { trimmedText } from '../shared/parameterText';
import { FieldValueError } from './typedAttributes';

export type BrazeUser = { externalId: string } | { brazeId: string };

export const EXTERNAL_USER_ID_FIELD = 'External User ID (externalUserId)';
export const BRAZE_ID_FIELD = 'Braze ID (brazeId)';

/** An item that names no one: both ids empty (the ticket note tells the agent the customer has no Braze identity). */
export class NoBrazeUserError extends FieldValueError {
	constructor(itemIndex: number) {
		super(itemIndex, `${EXTERNAL_USER_ID_FIELD} and ${BRAZE_ID_FIELD}`, 'are both empty: one of them is needed');
		this.name = 'NoBrazeUserError';
	}
}

/** External id first: Braze may merge an anonymous profile away once it is identified, taking its braze_id with it. */
export function chooseUser(externalUserId: unknown, brazeId: unknown, itemIndex: number): BrazeUser {
	const external = trimmedText(externalUserId);
	if (external) return { externalId: external };
	const braze = trimmedText(brazeId);
	if (braze) return { brazeId: braze };
	throw new NoBrazeUserError(itemIndex);
}

/** The identifier of a /campaigns/trigger/send recipient. */
export function recipientIdentifier(user: BrazeUser): { external_user_id: string } | { braze_id: string } {
	return 'externalId' in user ? { external_user_id: user.externalId } : { braze_id: user.brazeId };
}

/** The identifier of a /users/track attribute object. */
export function attributeObjectIdentifier(user: BrazeUser): { external_id: string } | { braze_id: string } {
	return 'externalId' in user ? { external_id: user.externalId } : { braze_id: user.brazeId };
}

/** One key per person as the items name them: an external id and a braze_id never collide. */
export function personKey(user: BrazeUser): string {
	return 'externalId' in user ? `external_id:${user.externalId}` : `braze_id:${user.brazeId}`;
}

/** The id as the node's output items carry it: `externalUserId` or `brazeId`, whichever was used. */
export function outputIdentifier(user: BrazeUser): { externalUserId: string } | { brazeId: string } {
	return 'externalId' in user ? { externalUserId: user.externalId } : { brazeId: user.brazeId };
}
