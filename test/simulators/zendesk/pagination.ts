// Zendesk's two ways of paging a list, 100 items a page at most: offset pagination (`page`, `per_page` → `next_page`,
// `previous_page`, `count`) and cursor pagination (`page[size]`, `page[after]`, `page[before]` → `meta.has_more`,
// `meta.after_cursor`, `meta.before_cursor`, `links.next`, `links.prev`). A request with any `page[...]` parameter is a
// cursor request; lists that only know cursors (webhooks) always answer that way.
import type { SimResponse } from '../shared/http';
import type { ZendeskContext } from './context';

export const MAX_PAGE_SIZE = 100;

export interface ListSpec<T> {
	/** Name of the array in the answer, e.g. `user_fields`. */
	key: string;
	/** The list's API path (without `.json`), for the next/previous links. */
	path: string;
	/** The identity a cursor points at. */
	idOf: (item: T) => string | number;
	serialize: (item: T) => unknown;
	/** 'cursor' for lists without offset pagination. */
	modes?: 'both' | 'cursor';
	/** More answer fields from the page's items (sideloads). */
	extra?: (page: T[]) => Record<string, unknown>;
}

function paginationError(description: string): SimResponse {
	return { status: 400, body: { error: 'InvalidPaginationParameter', description } };
}

const encodeCursor = (id: string | number) => Buffer.from(String(id)).toString('base64url');

function link(ctx: ZendeskContext, path: string, params: Record<string, string>): string {
	const kept = Object.entries(ctx.query).filter(([name]) => name !== 'page' && name !== 'per_page' && !name.startsWith('page['));
	return `${ctx.baseUrl}${path}.json?${new URLSearchParams([...kept, ...Object.entries(params)]).toString()}`;
}

function offsetPage<T>(ctx: ZendeskContext, items: T[], spec: ListSpec<T>): SimResponse {
	const perPage = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(ctx.query.per_page) || MAX_PAGE_SIZE));
	const page = Math.max(1, Math.floor(Number(ctx.query.page)) || 1);
	const slice = items.slice((page - 1) * perPage, page * perPage);
	const sized: Record<string, string> = ctx.query.per_page === undefined ? {} : { per_page: String(perPage) };
	const at = (n: number) => link(ctx, spec.path, { page: String(n), ...sized });
	const body = {
		[spec.key]: slice.map(spec.serialize),
		next_page: page * perPage < items.length ? at(page + 1) : null,
		previous_page: page > 1 ? at(page - 1) : null,
		count: items.length,
		...spec.extra?.(slice),
	};
	return { status: 200, body };
}

/** The slice a cursor request asks for, or the reason it cannot be served. */
function cursorSlice<T>(ctx: ZendeskContext, items: T[], spec: ListSpec<T>, size: number) {
	const find = (cursor: string) => items.findIndex((item) => encodeCursor(spec.idOf(item)) === cursor);
	const before = ctx.query['page[before]'];
	const after = ctx.query['page[after]'];
	if (before !== undefined) {
		const end = find(before);
		return end < 0 ? undefined : { slice: items.slice(Math.max(0, end - size), end), more: end - size > 0 };
	}
	const start = after === undefined ? 0 : find(after) + 1;
	if (start === 0 && after !== undefined) return undefined;
	return { slice: items.slice(start, start + size), more: start + size < items.length };
}

function cursorPage<T>(ctx: ZendeskContext, items: T[], spec: ListSpec<T>): SimResponse {
	const size = ctx.query['page[size]'] === undefined ? MAX_PAGE_SIZE : Number(ctx.query['page[size]']);
	if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
		return paginationError(`page[size] must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
	}
	const found = cursorSlice(ctx, items, spec, size);
	if (!found) return paginationError('The cursor is not valid for this list');
	const { slice, more } = found;
	const first = slice[0];
	const last = slice[slice.length - 1];
	const afterCursor = last === undefined ? null : encodeCursor(spec.idOf(last));
	const beforeCursor = first === undefined ? null : encodeCursor(spec.idOf(first));
	const sized = { 'page[size]': String(size) };
	const body = {
		[spec.key]: slice.map(spec.serialize),
		meta: { has_more: more, after_cursor: afterCursor, before_cursor: beforeCursor },
		links: {
			next: more && afterCursor ? link(ctx, spec.path, { ...sized, 'page[after]': afterCursor }) : null,
			prev: beforeCursor ? link(ctx, spec.path, { ...sized, 'page[before]': beforeCursor }) : null,
		},
		...spec.extra?.(slice),
	};
	return { status: 200, body };
}

/** One page of `items` (already filtered and sorted), as the request's pagination style asks. */
export function pageOf<T>(ctx: ZendeskContext, items: T[], spec: ListSpec<T>): SimResponse {
	const cursor = spec.modes === 'cursor' || Object.keys(ctx.query).some((name) => name.startsWith('page['));
	return cursor ? cursorPage(ctx, items, spec) : offsetPage(ctx, items, spec);
}
