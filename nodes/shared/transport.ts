// The one HTTP seam of the package: every Zendesk and Braze call goes through vendorRequest, which sends it with
// n8n's httpRequestWithAuthentication (credential injection, proxy, SSRF rules as for any n8n node) and applies
// the retry policy. Errors come out as VendorRequestError; node files turn them into NodeApiError per item.
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IWebhookFunctions,
} from 'n8n-workflow';

import { brazeBaseUrl, zendeskBaseUrl, type BrazeAddress, type ZendeskAddress } from './baseUrls';
import { decideRetry, DEFAULT_RETRY_POLICY, type HeaderBag, type RetryPolicy, type TriesSoFar } from './retryPolicy';
import { VendorRequestError, vendorMessage, type Vendor } from './vendorError';
import { sleepUnlessCancelled } from './wait';

export type RequestContext = IExecuteFunctions | IHookFunctions | IWebhookFunctions;

export interface VendorRequest {
	method: IHttpRequestMethods;
	/** Path below the vendor's base URL, e.g. `/api/v2/tickets.json`. */
	path: string;
	/** JSON, or a file's raw bytes (an upload; give its Content-Type in `headers`). */
	body?: IDataObject | IDataObject[] | Buffer;
	qs?: IDataObject;
	headers?: Record<string, string>;
	/** Per-try timeout. */
	timeoutMs?: number;
}

export interface VendorResponse<T = IDataObject> {
	statusCode: number;
	body: T;
	headers: HeaderBag;
	/** Tries it took, 1 when the first one succeeded. */
	attempts: number;
}

const VENDORS: Record<Vendor, { credential: string; baseUrl: (credentials: IDataObject) => string }> = {
	zendesk: { credential: 'zendeskRelayApi', baseUrl: (c) => zendeskBaseUrl(c as ZendeskAddress) },
	braze: { credential: 'brazeRelayApi', baseUrl: (c) => brazeBaseUrl(c as BrazeAddress) },
};

const DEFAULT_TIMEOUT_MS = 30_000;

// Decrypting a credential costs a database read and an AES decryption; one node run makes many calls with the same one.
// Keyed by the run's context object, so nothing outlives the execution.
const credentialsByContext = new WeakMap<RequestContext, Map<Vendor, Promise<ICredentialDataDecryptedObject>>>();

/** The vendor credential of this node run, decrypted once. */
export async function vendorCredentials(context: RequestContext, vendor: Vendor): Promise<ICredentialDataDecryptedObject> {
	let byVendor = credentialsByContext.get(context);
	if (!byVendor) credentialsByContext.set(context, (byVendor = new Map()));
	let credentials = byVendor.get(vendor);
	if (!credentials) byVendor.set(vendor, (credentials = context.getCredentials(VENDORS[vendor].credential)));
	return await credentials;
}

/** The vendor's API base URL from this node run's credential (a Zendesk subdomain or URL, a Braze instance). */
export async function vendorBaseUrl(context: RequestContext, vendor: Vendor): Promise<string> {
	return VENDORS[vendor].baseUrl(await vendorCredentials(context, vendor));
}

export async function vendorRequest<T = IDataObject>(
	context: RequestContext,
	vendor: Vendor,
	request: VendorRequest,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<VendorResponse<T>> {
	const { credential, baseUrl } = VENDORS[vendor];
	const credentials = await vendorCredentials(context, vendor);
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL: baseUrl(credentials),
		url: request.path,
		body: request.body,
		qs: request.qs,
		headers: request.headers,
		json: true,
		timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	const tries: TriesSoFar = { errors: 0, rateLimited: 0, rateLimitWaitedMs: 0 };
	for (;;) {
		const outcome = await sendOnce(context, credential, credentials, options);
		const attempts = tries.errors + tries.rateLimited + 1;
		if ('statusCode' in outcome && outcome.statusCode < 300) {
			return { statusCode: outcome.statusCode, body: outcome.body as T, headers: outcome.headers, attempts };
		}
		const rateLimited = 'statusCode' in outcome && outcome.statusCode === 429;
		if (rateLimited) tries.rateLimited++;
		else tries.errors++;
		const decision = decideRetry(
			'statusCode' in outcome ? { statusCode: outcome.statusCode, headers: outcome.headers } : outcome,
			tries,
			policy,
		);
		if (!decision.retry) {
			throw new VendorRequestError(vendor, request.method, request.path, {
				statusCode: 'statusCode' in outcome ? outcome.statusCode : undefined,
				networkErrorCode: 'networkErrorCode' in outcome ? outcome.networkErrorCode : undefined,
				body: 'statusCode' in outcome ? outcome.body : undefined,
				attempts,
				reason: decision.reason,
			});
		}
		if (rateLimited) tries.rateLimitWaitedMs += decision.delayMs;
		// A cancelled execution stops waiting (and trying) at once; webhook and hook calls have no cancel signal.
		await sleepUnlessCancelled(decision.delayMs, 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined);
	}
}

type Outcome =
	| { statusCode: number; body: unknown; headers: HeaderBag }
	| { networkErrorCode: string; message: string };

async function sendOnce(
	context: RequestContext,
	credential: string,
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<Outcome> {
	try {
		// Handing n8n the decrypted credential spares it a second decryption; it still applies `authenticate` itself.
		const response = (await context.helpers.httpRequestWithAuthentication.call(context, credential, { ...options }, {
			credentialsDecrypted: { id: '', name: credential, type: credential, data: { ...credentials } },
		})) as IN8nHttpFullResponse;
		return { statusCode: response.statusCode, body: response.body, headers: response.headers as HeaderBag };
	} catch (error) {
		// With ignoreHttpStatusErrors only transport failures land here; n8n wraps them in a NodeApiError.
		return { networkErrorCode: networkErrorCode(error), message: vendorMessage(undefined, error) };
	}
}

function networkErrorCode(error: unknown): string {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && code.startsWith('E')) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return 'ENETWORK';
}
