// Downloads an MMS's media through n8n's HTTP helper and uploads them to Zendesk through the package's transport, as
// mediaPolicy.ts decides. Every failure ends as a reason next to the link: a file never fails the message.
import type { IExecuteFunctions, IN8nHttpFullResponse, NodeEgressFilter } from 'n8n-workflow';

import { VendorRequestError } from '../../shared/vendorError';
import { uploadFile, type UploadFile } from '../zendeskApi';
import {
	checkAddresses,
	checkAnswer,
	checkLink,
	failureText,
	fileName,
	LINKS_ONLY,
	MAX_REDIRECTS,
	mediaType,
	needsResolving,
	notAttached,
	sizeRefusal,
	type MediaAttacher,
	type MediaFile,
	type MediaSettings,
} from './mediaPolicy';

/** A downloaded file, or why it was not. */
type Download = { file: Omit<UploadFile, 'name'> } | { reason: string };

/** The response body n8n gives for `encoding: 'stream'`: Node's readable stream, read here without importing it. */
interface BodyStream extends AsyncIterable<Buffer> {
	destroy(error?: Error): void;
}

type SecureLookup = ReturnType<NodeEgressFilter['createSecureLookup']>;

/** The relay's attacher for this node run: files go to the Zendesk account of the run's credential. */
export function zendeskMediaAttacher(context: IExecuteFunctions): MediaAttacher {
	return {
		async attach(urls, settings) {
			if (!settings.attachFiles) return await LINKS_ONLY.attach(urls, settings);
			const files: MediaFile[] = [];
			let left = settings.maxMessageBytes;
			// One file after the other: the message's size cap then holds however many links it has.
			for (const [index, url] of urls.entries()) {
				const file = await attachOne(context, url, index, settings, Math.min(settings.maxFileBytes, left));
				if (file.token) left -= file.bytes;
				files.push({ url, token: file.token, reason: file.reason });
			}
			return files;
		},
	};
}

async function attachOne(
	context: IExecuteFunctions,
	url: string,
	index: number,
	settings: MediaSettings,
	maxBytes: number,
): Promise<{ token?: string; reason?: string; bytes: number }> {
	if (maxBytes <= 0) return { reason: sizeRefusal(maxBytes, settings), bytes: 0 };
	const downloaded = await download(context, url, settings, maxBytes);
	if ('reason' in downloaded) return { reason: downloaded.reason, bytes: 0 };
	const { file } = downloaded;
	try {
		const token = await uploadFile(context, { ...file, name: fileName(url, file.contentType, index) });
		return { token, bytes: file.bytes.length };
	} catch (error) {
		return { reason: notAttached.uploadFailed(uploadFailure(error)), bytes: 0 };
	}
}

function uploadFailure(error: unknown): string {
	if (!(error instanceof VendorRequestError)) return 'unexpected answer';
	return error.statusCode ? failureText(undefined, error.statusCode) : 'no answer';
}

/**
 * The file at `url`, within the timeout and `maxBytes`, of an allowed type. Redirects are followed here, not by the
 * HTTP client, so that each hop is checked like the link itself before anything is sent to it.
 */
async function download(context: IExecuteFunctions, url: string, settings: MediaSettings, maxBytes: number): Promise<Download> {
	const deadline = AbortSignal.timeout(settings.timeoutMs);
	let link = url;
	for (let redirects = 0; ; redirects++) {
		const refused = await checkTarget(context, link, settings, redirects > 0, deadline);
		if (refused) return { reason: refused };
		let response: IN8nHttpFullResponse;
		try {
			response = (await context.helpers.httpRequest({
				method: 'GET',
				url: link,
				headers: { Accept: settings.allowedTypes.join(', ') },
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				timeout: settings.timeoutMs,
				abortSignal: deadline,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			return { reason: requestFailure(error, deadline) };
		}
		const body = response.body as BodyStream;
		const next = redirectTarget(response, link);
		if (next !== undefined) {
			body.destroy();
			if (redirects >= MAX_REDIRECTS) return { reason: notAttached.tooManyRedirects() };
			if (next === '') return { reason: notAttached.invalidLink() };
			link = next;
			continue;
		}
		return await readAnswer(response, body, settings, maxBytes, deadline);
	}
}

/** The next hop of a redirect ('' when its Location is not a link), or undefined when the answer is not a redirect. */
function redirectTarget(response: IN8nHttpFullResponse, from: string): string | undefined {
	const location = header(response, 'location');
	if (response.statusCode < 300 || response.statusCode >= 400 || !location) return undefined;
	return URL.canParse(location, from) ? new URL(location, from).href : '';
}

async function readAnswer(
	response: IN8nHttpFullResponse,
	body: BodyStream,
	settings: MediaSettings,
	maxBytes: number,
	deadline: AbortSignal,
): Promise<Download> {
	if (response.statusCode < 200 || response.statusCode >= 300) {
		body.destroy();
		return { reason: notAttached.downloadFailed(failureText(undefined, response.statusCode)) };
	}
	const contentType = mediaType(header(response, 'content-type'));
	const refused = checkAnswer(contentType, contentLength(response), maxBytes, settings);
	if (refused) {
		body.destroy();
		return { reason: refused };
	}
	const bytes = await readBody(body, maxBytes, deadline);
	if (bytes === 'tooLarge') return { reason: sizeRefusal(maxBytes, settings) };
	if (typeof bytes === 'string') return { reason: notAttached.downloadFailed(bytes) };
	if (bytes.length === 0) return { reason: notAttached.emptyFile() };
	return { file: { contentType, bytes } };
}

/** The bytes, or 'tooLarge' as soon as they pass `maxBytes` (a missing or false Content-Length cannot get past it), or the failure. */
async function readBody(body: BodyStream, maxBytes: number, deadline: AbortSignal): Promise<Buffer | string> {
	const chunks: Buffer[] = [];
	let size = 0;
	const stop = () => body.destroy(new Error('timeout'));
	deadline.addEventListener('abort', stop, { once: true });
	try {
		for await (const chunk of body) {
			size += chunk.length;
			if (size > maxBytes) {
				body.destroy();
				return 'tooLarge';
			}
			chunks.push(chunk);
		}
		return Buffer.concat(chunks);
	} catch (error) {
		return deadline.aborted ? 'timeout' : failureText(errorCode(error));
	} finally {
		deadline.removeEventListener('abort', stop);
	}
}

/**
 * The link's refusal before anything is sent to it. A host name is resolved and each of its addresses checked, with
 * n8n's own egress filter (its DNS lookup, which also applies the instance's SSRF rules): the package may not import
 * Node's `dns` (n8n's community-node rules), and n8n versions without that filter cannot have names checked.
 */
async function checkTarget(
	context: IExecuteFunctions,
	link: string,
	settings: MediaSettings,
	redirected: boolean,
	deadline: AbortSignal,
): Promise<string | undefined> {
	const refused = checkLink(link, settings, redirected);
	if (refused || !needsResolving(link, settings)) return refused;
	const helpers = context.helpers as Partial<Pick<IExecuteFunctions['helpers'], 'getSecureEgressFilter'>>;
	if (typeof helpers.getSecureEgressFilter !== 'function') return notAttached.uncheckedHost();
	try {
		const lookup = helpers.getSecureEgressFilter('enforced').createSecureLookup();
		return checkAddresses(await resolveHost(lookup, new URL(link).hostname, deadline), redirected);
	} catch (error) {
		const name = (error as { name?: unknown } | undefined)?.name;
		if (name === 'SsrfBlockedIpError') return checkAddresses([], redirected);
		if (name === 'SsrfBlockedHostnameError') return notAttached.blockedByN8n();
		return notAttached.downloadFailed(deadline.aborted ? 'timeout' : failureText(errorCode(error)));
	}
}

/** Every address of the name, or the lookup's error; gives up when the file's time is up. */
async function resolveHost(lookup: SecureLookup, hostname: string, deadline: AbortSignal): Promise<string[]> {
	return await new Promise<string[]>((resolve, reject) => {
		const giveUp = () => reject(new Error('timeout'));
		if (deadline.aborted) return giveUp();
		deadline.addEventListener('abort', giveUp, { once: true });
		lookup(hostname, { all: true }, (error, addresses) => {
			deadline.removeEventListener('abort', giveUp);
			if (error) reject(error);
			else resolve(Array.isArray(addresses) ? addresses.map((entry) => entry.address) : [addresses]);
		});
	});
}

/** An HTTP client failure in an agent's words (n8n's SSRF guard, when the instance turns it on, counts as a refusal). */
function requestFailure(error: unknown, deadline: AbortSignal): string {
	const name = (error as { name?: unknown } | undefined)?.name;
	if (name === 'SsrfBlockedIpError' || name === 'SsrfBlockedHostnameError') return notAttached.blockedByN8n();
	return notAttached.downloadFailed(deadline.aborted ? 'timeout' : failureText(errorCode(error)));
}

function errorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const { code, name } = current as { code?: unknown; name?: unknown };
		if (typeof code === 'string') return code;
		if (name === 'TimeoutError' || name === 'AbortError') return 'ABORT_ERR';
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function contentLength(response: IN8nHttpFullResponse): number | undefined {
	const value = header(response, 'content-length');
	return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = (response.headers as Record<string, unknown>)[name];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' || typeof first === 'number' ? String(first) : undefined;
}
