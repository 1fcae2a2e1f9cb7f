// POST /users/track: attributes (and events, purchases) for up to 75 objects each; types stick as sent. Attribute
// writes reach Liquid only after the store's attributeDelayMs, as Braze processes them asynchronously.
import { isObject, type Router, type SimResponse } from '../shared/http';
import { badRequest } from './errors';
import { ATTRIBUTE_ID_PROBLEM, attributeObjectIdField, identifierOf } from './identifiers';
import type { BrazeContext } from './store';

export const TRACK_LIMIT = 75;

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
	if (attributeObjectIdField(item) !== undefined) return undefined;
	return { type: ATTRIBUTE_ID_PROBLEM, input_array: arrayName, index };
}

/** Writes one valid attributes object. A braze_id that names no profile writes nothing: only Braze creates those. */
function writeObject(ctx: BrazeContext, object: Record<string, unknown>): void {
	const identifier = identifierOf(object, attributeObjectIdField(object)!);
	const profile = object._update_existing_only === true ? ctx.store.find(identifier) : ctx.store.findOrCreate(identifier);
	if (profile) ctx.store.writeAttributes(profile, object, true);
}

function track(ctx: BrazeContext): SimResponse {
	if (!isObject(ctx.body)) badRequest('Request body must be a JSON object');
	const attributes = arrayOf(ctx.body, 'attributes');
	const events = arrayOf(ctx.body, 'events');
	const purchases = arrayOf(ctx.body, 'purchases');
	const errors: ObjectError[] = [];
	const countValid = (list: unknown[], name: string, write?: (object: Record<string, unknown>) => void) =>
		list.filter((item, index) => {
			const error = identifierError(item, name, index);
			if (error) errors.push(error);
			else write?.(item as Record<string, unknown>);
			return !error;
		}).length;
	const body: Record<string, unknown> = {
		message: 'success',
		attributes_processed: countValid(attributes, 'attributes', (object) => writeObject(ctx, object)),
	};
	if (events.length) body.events_processed = countValid(events, 'events');
	if (purchases.length) body.purchases_processed = countValid(purchases, 'purchases');
	if (errors.length) body.errors = errors;
	return { status: 201, body };
}

export function registerUserRoutes(router: Router<BrazeContext>): void {
	router.on('POST', '/users/track', track);
}
