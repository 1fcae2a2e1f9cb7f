// Every request a simulator receives, as tests read it: secrets in headers are redacted.
export interface SimRequest {
	id: number;
	/** ISO time the request arrived. */
	at: string;
	method: string;
	/** Path as sent, without the query string. */
	path: string;
	query: Record<string, string>;
	/** Lower-cased header names; `authorization` keeps only its scheme. */
	headers: Record<string, string>;
	/** Parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
	body: unknown;
	rawBody: string;
	/** Status answered; undefined while pending or when the connection was reset. */
	status?: number;
	responseBody?: unknown;
	/** The injected fault, if any: `status:503`, `slow:late`, `slow:lost`, `reset`. */
	fault?: string;
}

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'proxy-authorization']);

export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		const text = Array.isArray(value) ? value.join(', ') : value;
		const key = name.toLowerCase();
		out[key] = SECRET_HEADERS.has(key) ? `${text.split(' ')[0]} [redacted]` : text;
	}
	return out;
}

export interface RequestFilter {
	method?: string;
	/** Exact path, or a RegExp tested against the path. */
	path?: string | RegExp;
}

export function matchesFilter(filter: RequestFilter, method: string, path: string): boolean {
	if (filter.method && filter.method.toUpperCase() !== method.toUpperCase()) return false;
	if (filter.path === undefined) return true;
	return typeof filter.path === 'string' ? filter.path === path : filter.path.test(path);
}

export function findRequests(log: readonly SimRequest[], filter: RequestFilter): SimRequest[] {
	return log.filter((entry) => matchesFilter(filter, entry.method, entry.path));
}
