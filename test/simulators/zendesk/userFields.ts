// Custom user fields (e.g. `braze_external_id`): list and create; a key is unique per account.
import { isObject, type Router } from '../shared/http';
import type { ZendeskContext } from './context';
import { fail } from './errors';
import type { ZendeskStore } from './store';
import type { SimUserField } from './types';

const FIELD_TYPES = ['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'regexp', 'dropdown', 'lookup'];

export interface UserFieldInput {
	key?: string;
	type?: string;
	title?: string;
	active?: boolean;
}

export function createUserField(store: ZendeskStore, input: UserFieldInput): SimUserField {
	const key = input.key?.trim() ?? '';
	if (!/^[a-z0-9_]+$/i.test(key)) fail('key', 'Key: must contain only letters, digits and underscores', 'InvalidFormat');
	if ([...store.userFields.values()].some((field) => field.key === key)) {
		fail('key', `Key: ${key} is already being used by another field`, 'DuplicateValue');
	}
	const type = input.type ?? 'text';
	if (!FIELD_TYPES.includes(type)) fail('type', `Type: ${type} is not a valid field type`);
	if (!input.title || input.title.trim() === '') fail('title', 'Title: cannot be blank', 'BlankValue');
	const field: SimUserField = {
		id: store.nextId('field'),
		key,
		type,
		title: input.title.trim(),
		active: input.active ?? true,
		created_at: store.nowIso(),
	};
	store.userFields.set(field.id, field);
	return field;
}

function serialize(field: SimUserField, baseUrl: string) {
	return {
		...field,
		url: `${baseUrl}/api/v2/user_fields/${field.id}.json`,
		raw_title: field.title,
		description: '',
		position: 0,
		system: false,
		updated_at: field.created_at,
	};
}

export function registerUserFieldRoutes(router: Router<ZendeskContext>): void {
	router
		.on('GET', '/api/v2/user_fields', (ctx) => {
			const fields = [...ctx.store.userFields.values()].map((f) => serialize(f, ctx.baseUrl));
			return { status: 200, body: { user_fields: fields, next_page: null, previous_page: null, count: fields.length } };
		})
		.on('POST', '/api/v2/user_fields', (ctx) => {
			const input = isObject(ctx.body) && isObject(ctx.body.user_field) ? (ctx.body.user_field as UserFieldInput) : {};
			return { status: 201, body: { user_field: serialize(createUserField(ctx.store, input), ctx.baseUrl) } };
		});
}
