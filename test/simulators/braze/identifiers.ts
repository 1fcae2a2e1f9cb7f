// Who a trigger/send recipient or a /users/track object is for: exactly one identifier field, named as each endpoint
// names it (`external_user_id` in recipients, `external_id` in attribute objects).
import type { UserIdentifier } from './types';

export const RECIPIENT_ID_FIELDS = ['external_user_id', 'user_alias', 'braze_id', 'email'] as const;
export const ATTRIBUTE_ID_FIELDS = ['external_id', 'user_alias', 'braze_id', 'email', 'phone'] as const;

type IdField = (typeof RECIPIENT_ID_FIELDS)[number] | (typeof ATTRIBUTE_ID_FIELDS)[number];

/** The identifier fields an object sets (null and '' count as unset). */
export function identifierFields(object: Record<string, unknown>, fields: readonly IdField[]): IdField[] {
	return fields.filter((field) => object[field] !== undefined && object[field] !== null && object[field] !== '');
}

/** `one of a, b or c` for error messages. */
export function oneOf(fields: readonly string[]): string {
	return `${fields.slice(0, -1).join(', ')} or ${fields[fields.length - 1]}`;
}

/** The identifier of an object already checked to set exactly one field. */
export function identifierOf(object: Record<string, unknown>, field: IdField): UserIdentifier {
	const name = field === 'external_user_id' ? 'external_id' : field;
	return { [name]: object[field] } as UserIdentifier;
}
