// Custom user fields (e.g. `braze_external_id`): list (paginated, 100 a page) and create; a key is unique per account.
import { isObject, type Router } from '../shared/http';
import type { ZendeskContext } from './context';
import { fail } from './errors';
import { pageOf } from './pagination';
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

/** Prefix of the fields other apps of the account created (the `extraUserFields` setting). */
export const FOREIGN_FIELD_PREFIX = 'crm_field_';

const FOREIGN_TYPES = ['text', 'dropdown', 'date', 'checkbox', 'integer'];

/** Creates foreign user fields until the account has `count` of them (it never deletes any). */
export function ensureForeignFields(store: ZendeskStore, count: number): void {
	const existing = [...store.userFields.values()].filter((field) => field.key.startsWith(FOREIGN_FIELD_PREFIX)).length;
	for (let n = existing + 1; n <= count; n++) {
		const key = `${FOREIGN_FIELD_PREFIX}${String(n).padStart(3, '0')}`;
		createUserField(store, { key, title: `CRM field ${n}`, type: FOREIGN_TYPES[n % FOREIGN_TYPES.length] });
	}
}

function serialize(field: SimUserField, position: number, baseUrl: string) {
	return {
		...field,
		url: `${baseUrl}/api/v2/user_fields/${field.id}.json`,
		raw_title: field.title,
		description: '',
		position,
		system: false,
		updated_at: field.created_at,
	};
}

export function registerUserFieldRoutes(router: Router<ZendeskContext>): void {
	router
		.on('GET', '/api/v2/user_fields', (ctx) => {
			const fields = [...ctx.store.userFields.values()];
			return pageOf(ctx, fields, {
				key: 'user_fields',
				path: '/api/v2/user_fields',
				idOf: (field) => field.id,
				serialize: (field) => serialize(field, fields.indexOf(field), ctx.baseUrl),
			});
		})
		.on('POST', '/api/v2/user_fields', (ctx) => {
			const input = isObject(ctx.body) && isObject(ctx.body.user_field) ? (ctx.body.user_field as UserFieldInput) : {};
			const field = createUserField(ctx.store, input);
			return { status: 201, body: { user_field: serialize(field, ctx.store.userFields.size - 1, ctx.baseUrl) } };
		});
}
