// Zendesk list endpoints page their results (100 at most per page). Cursor pagination (`page[size]`, `page[after]`,
// `meta.has_more`) is what Zendesk recommends and what every list used here supports; reading only the first page
// misses whatever an account holds past it (a user field, a trigger).
import type { IDataObject } from 'n8n-workflow';

import { vendorRequest, type RequestContext } from './transport';

interface CursorPage {
	meta?: { has_more?: boolean; after_cursor?: string | null };
	[key: string]: unknown;
}

/** A bound on pages read, so a vendor answering has_more forever cannot keep a node busy: 100,000 records. */
const MAX_PAGES = 1000;

export interface ListRequest {
	path: string;
	/** The key of the records in each page, e.g. `user_fields`. */
	key: string;
	qs?: IDataObject;
}

/** Reads pages until `found` returns true for a record (that record is returned) or the list ends (undefined). */
export async function findInZendeskList<T>(
	context: RequestContext,
	list: ListRequest,
	found: (record: T) => boolean,
): Promise<T | undefined> {
	let after: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const { body } = await vendorRequest<CursorPage>(context, 'zendesk', {
			method: 'GET',
			path: list.path,
			qs: { ...list.qs, 'page[size]': 100, ...(after ? { 'page[after]': after } : {}) },
		});
		const match = ((body[list.key] as T[] | undefined) ?? []).find(found);
		if (match !== undefined) return match;
		if (!body.meta?.has_more || !body.meta.after_cursor) return undefined;
		after = body.meta.after_cursor;
	}
	return undefined;
}

/** Every record of the list that passes `keep`. */
export async function filterZendeskList<T>(
	context: RequestContext,
	list: ListRequest,
	keep: (record: T) => boolean,
): Promise<T[]> {
	const kept: T[] = [];
	await findInZendeskList<T>(context, list, (record) => {
		if (keep(record)) kept.push(record);
		return false;
	});
	return kept;
}
