// Zendesk API-token auth: `Authorization: Basic base64("{email}/token:{api_token}")`.
import type { ZendeskStore } from './store';
import type { SimUser } from './types';
import { findByEmail } from './users';

/** The authenticated agent, null for no Authorization header, or 'invalid'. */
export function authenticate(store: ZendeskStore, header: string | undefined): SimUser | null | 'invalid' {
	if (header === undefined || header.trim() === '') return null;
	const [scheme, encoded] = header.trim().split(/\s+/, 2);
	if (scheme.toLowerCase() !== 'basic' || !encoded) return 'invalid';
	const decoded = Buffer.from(encoded, 'base64').toString('utf8');
	const separator = decoded.indexOf('/token:');
	if (separator < 0) return 'invalid';
	const user = findByEmail(store, decoded.slice(0, separator));
	const token = decoded.slice(separator + '/token:'.length);
	if (!user || !user.active || user.role === 'end-user' || !store.tokens.has(token)) return 'invalid';
	return user;
}

export function basicAuthHeader(email: string, token: string): string {
	return `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`;
}
