// POST /users/track: attributes (and events, purchases) for up to 75 objects each; types stick as sent.
import { isObject, type Router, type SimResponse } from '../shared/http';
import { badRequest } from './errors';
import type { BrazeContext } from './store';

export const TRACK_LIMIT = 75;

const IDENTIFIERS = ['external_id', 'user_alias', 'braze_id', 'email', 'phone'];

interface ObjectError {
	type: string;
	input_array: string;
	index: number;
}

function arrayOf(body: Record<string, unknown>, name: string): unknown[] {
	const value = body[name];
	if (value === undefined) return [];
	if (!Array.isArray(value)) badRequest(`'${name}' must be an array`);
	if (value.length > TRACK_LIMIT) {
		badRequest(`Too many objects in '${name}': at most ${TRACK_LIMIT} per request`, [
			`'${name}' has ${value.length} objects, the limit is ${TRACK_LIMIT}`,
		]);
	}
	return value;
}

function identifierError(item: unknown, arrayName: string, index: number): ObjectError | undefined {
	if (!isObject(item)) return { type: 'Object expected', input_array: arrayName, index };
	const ids = IDENTIFIERS.filter((id) => item[id] !== undefined && item[id] !== null && item[id] !== '');
	if (ids.length === 1) return undefined;
	return { type: "exactly one of 'external_id', 'user_alias', 'braze_id', 'email' or 'phone' is required", input_array: arrayName, index };
}

function track(ctx: BrazeContext): SimResponse {
	if (!isObject(ctx.body)) badRequest('Request body must be a JSON object');
	const attributes = arrayOf(ctx.body, 'attributes');
	const events = arrayOf(ctx.body, 'events');
	const purchases = arrayOf(ctx.body, 'purchases');
	const errors: ObjectError[] = [];
	let processed = 0;
	attributes.forEach((item, index) => {
		const error = identifierError(item, 'attributes', index);
		if (error) {
			errors.push(error);
			return;
		}
		processed += 1;
		const object = item as Record<string, unknown>;
		if (typeof object.external_id === 'string') {
			ctx.store.writeAttributes(object.external_id, object, object._update_existing_only !== true);
		}
	});
	const countValid = (list: unknown[], name: string) =>
		list.filter((item, index) => {
			const error = identifierError(item, name, index);
			if (error) errors.push(error);
			return !error;
		}).length;
	const body: Record<string, unknown> = { message: 'success', attributes_processed: processed };
	if (events.length) body.events_processed = countValid(events, 'events');
	if (purchases.length) body.purchases_processed = countValid(purchases, 'purchases');
	if (errors.length) body.errors = errors;
	return { status: 201, body };
}

export function registerUserRoutes(router: Router<BrazeContext>): void {
	router.on('POST', '/users/track', track);
}
