// Users: create_or_update (match by external_id or email), show, search, the authenticated user.
import { isObject, type Router, type SimResponse } from '../shared/http';
import { agentOf, numericId, type ZendeskContext } from './context';
import { fail, invalid, notFound } from './errors';
import type { ZendeskStore } from './store';
import type { SimUser, UserRole } from './types';

export interface UserInput {
	name?: string;
	email?: string | null;
	phone?: string | null;
	external_id?: string | number | null;
	role?: UserRole;
	user_fields?: Record<string, unknown>;
	tags?: string[];
	locale_id?: number;
}

const ANONYMOUS_USER = {
	id: null,
	url: null,
	name: 'Anonymous user',
	email: 'invalid@example.com',
	created_at: null,
	updated_at: null,
	role: 'end-user',
	verified: false,
	active: true,
	external_id: null,
};

export function serializeUser(store: ZendeskStore, user: SimUser, baseUrl: string) {
	const fields: Record<string, unknown> = {};
	for (const field of store.userFields.values()) fields[field.key] = user.user_fields[field.key] ?? null;
	return {
		id: user.id,
		url: `${baseUrl}/api/v2/users/${user.id}.json`,
		name: user.name,
		email: user.email,
		phone: user.phone,
		shared_phone_number: null,
		external_id: user.external_id,
		role: user.role,
		role_type: null,
		verified: user.verified,
		active: user.active,
		suspended: false,
		locale: 'en-US',
		locale_id: user.locale_id ?? 1,
		time_zone: 'Etc/UTC',
		tags: user.tags,
		details: '',
		notes: '',
		organization_id: null,
		user_fields: fields,
		created_at: user.created_at,
		updated_at: user.updated_at,
	};
}

export function findByExternalId(store: ZendeskStore, externalId: string, caseSensitive = false): SimUser | undefined {
	const wanted = caseSensitive ? externalId : externalId.toLowerCase();
	for (const user of store.users.values()) {
		if (user.external_id === null) continue;
		if ((caseSensitive ? user.external_id : user.external_id.toLowerCase()) === wanted) return user;
	}
	return undefined;
}

export function findByEmail(store: ZendeskStore, email: string): SimUser | undefined {
	const wanted = email.trim().toLowerCase();
	for (const user of store.users.values()) if (user.email?.toLowerCase() === wanted) return user;
	return undefined;
}

/** Zendesk keeps values only for user fields that exist. */
function knownFields(store: ZendeskStore, values: Record<string, unknown> | undefined): Record<string, unknown> {
	const keys = new Set([...store.userFields.values()].map((field) => field.key));
	return Object.fromEntries(Object.entries(values ?? {}).filter(([key]) => keys.has(key)));
}

/** Creates a user, or throws Zendesk's 422. */
export function createUser(store: ZendeskStore, input: UserInput): SimUser {
	if (!input.name || String(input.name).trim() === '') fail('name', 'Name: cannot be blank', 'BlankValue');
	if (input.email && findByEmail(store, input.email)) {
		fail('email', `Email: ${input.email} is already being used by another user`, 'DuplicateValue');
	}
	const now = store.nowIso();
	const user: SimUser = {
		id: store.nextId('user'),
		name: String(input.name).trim(),
		email: input.email ? input.email.trim().toLowerCase() : null,
		phone: input.phone ?? null,
		external_id: input.external_id === undefined || input.external_id === null ? null : String(input.external_id),
		role: input.role ?? 'end-user',
		user_fields: knownFields(store, input.user_fields),
		tags: input.tags ?? [],
		verified: input.role === 'agent' || input.role === 'admin',
		active: true,
		locale_id: input.locale_id ?? null,
		created_at: now,
		updated_at: now,
	};
	store.users.set(user.id, user);
	return user;
}

export function updateUser(store: ZendeskStore, user: SimUser, input: UserInput): void {
	if (input.name) user.name = String(input.name).trim();
	if (input.email) user.email = input.email.trim().toLowerCase();
	if (input.phone !== undefined) user.phone = input.phone;
	if (input.external_id !== undefined) user.external_id = input.external_id === null ? null : String(input.external_id);
	if (input.role) user.role = input.role;
	if (input.tags) user.tags = input.tags;
	if (input.locale_id !== undefined) user.locale_id = input.locale_id;
	user.user_fields = { ...user.user_fields, ...knownFields(store, input.user_fields) };
	user.updated_at = store.nowIso();
}

function userInput(body: unknown): UserInput | undefined {
	return isObject(body) && isObject(body.user) ? (body.user as UserInput) : undefined;
}

function createOrUpdate(ctx: ZendeskContext): SimResponse {
	const input = userInput(ctx.body);
	if (!input) return invalid('user', 'User: is required', 'BlankValue');
	const { store } = ctx;
	const existing =
		(input.external_id !== undefined && input.external_id !== null
			? findByExternalId(store, String(input.external_id))
			: undefined) ?? (input.email ? findByEmail(store, input.email) : undefined);
	if (existing) {
		updateUser(store, existing, input);
		return { status: 200, body: { user: serializeUser(store, existing, ctx.baseUrl) } };
	}
	const created = createUser(store, { ...input, role: input.role ?? 'end-user' });
	return { status: 201, body: { user: serializeUser(store, created, ctx.baseUrl) } };
}

function createOne(ctx: ZendeskContext): SimResponse {
	const input = userInput(ctx.body);
	if (!input) return invalid('user', 'User: is required', 'BlankValue');
	const created = createUser(ctx.store, input);
	return { status: 201, body: { user: serializeUser(ctx.store, created, ctx.baseUrl) } };
}

function me(ctx: ZendeskContext): SimResponse {
	const user = ctx.actor ? serializeUser(ctx.store, ctx.actor, ctx.baseUrl) : ANONYMOUS_USER;
	return { status: 200, body: { user } };
}

function show(ctx: ZendeskContext): SimResponse {
	const user = ctx.store.user(numericId(ctx.params.id) ?? -1);
	return user ? { status: 200, body: { user: serializeUser(ctx.store, user, ctx.baseUrl) } } : notFound();
}

function update(ctx: ZendeskContext): SimResponse {
	const user = ctx.store.user(numericId(ctx.params.id) ?? -1);
	if (!user) return notFound();
	const input = userInput(ctx.body);
	if (!input) return invalid('user', 'User: is required', 'BlankValue');
	updateUser(ctx.store, user, input);
	return { status: 200, body: { user: serializeUser(ctx.store, user, ctx.baseUrl) } };
}

/** `field:value` terms (external_id, email, phone, name) or free text across those fields. */
function matchesQuery(user: SimUser, query: string): boolean {
	const term = /^(external_id|email|phone|name):(.+)$/i.exec(query.trim());
	if (term) {
		const value = user[term[1].toLowerCase() as 'external_id' | 'email' | 'phone' | 'name'];
		return value !== null && value.toLowerCase() === term[2].replace(/^"|"$/g, '').toLowerCase();
	}
	const text = query.trim().toLowerCase();
	return [user.name, user.email, user.external_id, user.phone].some((v) => v !== null && v.toLowerCase().includes(text));
}

function search(ctx: ZendeskContext): SimResponse {
	agentOf(ctx);
	const { external_id: externalId, query } = ctx.query;
	if (externalId === undefined && query === undefined) {
		return { status: 400, body: { error: 'InvalidSearchQuery', description: 'Provide query or external_id' } };
	}
	const found = [...ctx.store.users.values()].filter((user) =>
		externalId !== undefined ? user.external_id === externalId : matchesQuery(user, query ?? ''),
	);
	const users = found.map((user) => serializeUser(ctx.store, user, ctx.baseUrl));
	return { status: 200, body: { users, next_page: null, previous_page: null, count: users.length } };
}

export function registerUserRoutes(router: Router<ZendeskContext>): void {
	router
		.on('GET', '/api/v2/users/me', me)
		.on('GET', '/api/v2/users/search', search)
		.on('POST', '/api/v2/users/create_or_update', createOrUpdate)
		.on('POST', '/api/v2/users', createOne)
		.on('GET', '/api/v2/users/:id', show)
		.on('PUT', '/api/v2/users/:id', update);
}
