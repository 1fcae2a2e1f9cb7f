// A failed vendor call, described in words a user can act on. Pure: the node files wrap it in NodeApiError.

export type Vendor = 'zendesk' | 'braze';

const VENDOR_NAMES: Record<Vendor, string> = { zendesk: 'Zendesk', braze: 'Braze' };
const CREDENTIAL_NAMES: Record<Vendor, string> = { zendesk: 'Zendesk Relay API', braze: 'Braze Relay API' };

export interface VendorFailure {
	statusCode?: number;
	networkErrorCode?: string;
	body?: unknown;
	attempts: number;
	reason: string;
}

export class VendorRequestError extends Error {
	readonly vendor: Vendor;
	readonly statusCode?: number;
	/** Set when no HTTP answer came back (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ...). */
	readonly networkErrorCode?: string;
	readonly body?: unknown;
	readonly attempts: number;
	readonly description: string;

	constructor(vendor: Vendor, method: string, path: string, failure: VendorFailure) {
		const detail = vendorMessage(failure.body, undefined);
		const status = failure.statusCode ? `${failure.statusCode}` : noAnswer(failure.networkErrorCode);
		super(`${VENDOR_NAMES[vendor]} ${method} ${path} failed (${status})${detail ? `: ${detail}` : ''}`);
		this.name = 'VendorRequestError';
		this.vendor = vendor;
		this.statusCode = failure.statusCode;
		this.networkErrorCode = failure.statusCode === undefined ? failure.networkErrorCode : undefined;
		this.body = failure.body;
		this.attempts = failure.attempts;
		this.description = describe(vendor, failure);
	}
}

/** Network failures by code, in words. */
const NETWORK_FAILURES: Record<string, string> = {
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	EPIPE: 'connection reset',
	ETIMEDOUT: 'timeout',
	ESOCKETTIMEDOUT: 'timeout',
	ECONNABORTED: 'timeout',
	ERR_CANCELED: 'timeout',
	ABORT_ERR: 'timeout',
	TimeoutError: 'timeout',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
};

/**
 * A network failure's code in words a user or an agent can read, or undefined for a code without words. Error
 * messages use the words, never the code: n8n replaces any error message that names a code such as ECONNRESET with
 * generic advice, dropping the item and the vendor (a Stop and Error node fed with such a message would too).
 */
export function networkFailureWords(code: string | undefined): string | undefined {
	return code === undefined ? undefined : NETWORK_FAILURES[code];
}

function noAnswer(code: string | undefined): string {
	const words = networkFailureWords(code);
	return words ? `no answer: ${words}` : 'no answer';
}

function describe(vendor: Vendor, failure: VendorFailure): string {
	if (failure.statusCode === 401) {
		return `${VENDOR_NAMES[vendor]} refused the credentials: check the "${CREDENTIAL_NAMES[vendor]}" credential.`;
	}
	if (failure.statusCode === 403) {
		return `The "${CREDENTIAL_NAMES[vendor]}" credential is valid but lacks the permission this call needs.`;
	}
	// decideRetry's reason already counts the tries when there were several.
	return failure.attempts > 1 ? `${failure.reason}.` : `${failure.reason}; not retried.`;
}

/**
 * The vendor's own words from an error body: Zendesk `{error, description, details}`, Braze `{message, errors}`.
 * Never echoes request data, so no credential can leak through it.
 */
export function vendorMessage(body: unknown, error: unknown): string {
	if (body && typeof body === 'object') {
		const b = body as Record<string, unknown>;
		const parts = [b.error, b.description, b.message].filter((part) => typeof part === 'string') as string[];
		const details = detailText(b.details) ?? listText(b.errors);
		if (details) parts.push(details);
		if (parts.length) return [...new Set(parts)].join(' - ');
	}
	if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 300);
	if (error instanceof Error) return error.message;
	return '';
}

function detailText(details: unknown): string | undefined {
	if (!details || typeof details !== 'object') return undefined;
	const texts: string[] = [];
	for (const entries of Object.values(details as Record<string, unknown>)) {
		for (const entry of Array.isArray(entries) ? entries : []) {
			const description = (entry as { description?: unknown }).description;
			if (typeof description === 'string') texts.push(description);
		}
	}
	return texts.length ? texts.join('; ') : undefined;
}

function listText(errors: unknown): string | undefined {
	if (!Array.isArray(errors) || errors.length === 0) return undefined;
	return errors.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry))).join('; ');
}
