// Who a trigger/send recipient or a /users/track object is for, named as each endpoint names it (`external_user_id` in
// recipients, `external_id` in attribute objects). A recipient has exactly one identifier. An attribute object has
// exactly one of external_id, user_alias, braze_id; only without them do `email`, then `phone`, name the profile
// (otherwise they are attributes to write, as Braze resolves identifiers).
import type { UserIdentifier } from './types';

export const RECIPIENT_ID_FIELDS = ['external_user_id', 'user_alias', 'braze_id', 'email'] as const;
const ATTRIBUTE_ID_FIELDS = ['external_id', 'user_alias', 'braze_id'] as const;
const ATTRIBUTE_FALLBACK_ID_FIELDS = ['email', 'phone'] as const;

type IdField = (typeof RECIPIENT_ID_FIELDS)[number] | (typeof ATTRIBUTE_ID_FIELDS)[number] | (typeof ATTRIBUTE_FALLBACK_ID_FIELDS)[number];

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

export const ATTRIBUTE_ID_PROBLEM =
	`exactly one of ${oneOf(ATTRIBUTE_ID_FIELDS.map((field) => `'${field}'`))} is required ` +
	`(or, without them, an 'email' or a 'phone')`;

/** The field that names an attribute object's profile, or undefined when it has none or several. */
export function attributeObjectIdField(object: Record<string, unknown>): IdField | undefined {
	const primary = identifierFields(object, ATTRIBUTE_ID_FIELDS);
	if (primary.length > 0) return primary.length === 1 ? primary[0] : undefined;
	return identifierFields(object, ATTRIBUTE_FALLBACK_ID_FIELDS)[0];
}
