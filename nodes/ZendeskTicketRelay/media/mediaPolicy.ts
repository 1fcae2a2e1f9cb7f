// What the relay does with an MMS's media links: which it fetches and attaches to the customer's comment, and the
// words that tell an agent why a file stayed a link. Limits are the node's "Media" options (docs/media.md).
// Pure: no n8n import.
import { networkFailureWords } from '../../shared/vendorError';
import { isAddressLiteral, isInternalAddress, isInternalHostName } from './addresses';

export interface MediaSettings {
	/** Off: every link stays a link, as before attachments existed; nothing is downloaded. */
	attachFiles: boolean;
	allowHttp: boolean;
	allowPrivateAddresses: boolean;
	maxFileBytes: number;
	/** All attached files of one message together. */
	maxMessageBytes: number;
	/** Media types (`image/png`) or whole families (`image/*`), lower case. */
	allowedTypes: string[];
	/** For one file: its redirects, its answer and its bytes. */
	timeoutMs: number;
}

export const MB = 1024 * 1024;

/** Zendesk refuses larger uploads. */
export const ZENDESK_MAX_FILE_BYTES = 50 * MB;

/** Redirects followed for one file; each hop is checked like the link itself. */
export const MAX_REDIRECTS = 3;

/**
 * Pictures, PDF, audio and video. SVG is left out on purpose: it is a document that can carry scripts, and agents
 * open attachments in their browser.
 */
export const DEFAULT_ALLOWED_TYPES =
	'image/jpeg, image/png, image/gif, image/webp, image/heic, image/heif, image/bmp, image/tiff, application/pdf, audio/*, video/*';

export const DEFAULT_MEDIA_SETTINGS: MediaSettings = {
	attachFiles: true,
	allowHttp: false,
	allowPrivateAddresses: false,
	maxFileBytes: 10 * MB,
	maxMessageBytes: 25 * MB,
	allowedTypes: parseTypeList(DEFAULT_ALLOWED_TYPES),
	timeoutMs: 10_000,
};

/** The node's "Media" collection as given (sizes in MB, timeout in seconds); an option left out keeps its default. */
export interface MediaOptionValues {
	attachFiles?: unknown;
	allowHttp?: unknown;
	allowPrivateAddresses?: unknown;
	maxFileSizeMb?: unknown;
	maxMessageSizeMb?: unknown;
	allowedTypes?: unknown;
	timeoutSeconds?: unknown;
}

/** Settings from the option values; a file cap above Zendesk's 50 MB is lowered to it, a size or time of 0 is the default. */
export function mediaSettings(values: MediaOptionValues): MediaSettings {
	const defaults = DEFAULT_MEDIA_SETTINGS;
	const flag = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);
	const positive = (value: unknown, scale: number, fallback: number) =>
		typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value * scale) : fallback;
	// A list left empty (or with no type in it) means the defaults: "attach nothing" is Attach Files off.
	const types = typeof values.allowedTypes === 'string' ? parseTypeList(values.allowedTypes) : [];
	return {
		attachFiles: flag(values.attachFiles, defaults.attachFiles),
		allowHttp: flag(values.allowHttp, defaults.allowHttp),
		allowPrivateAddresses: flag(values.allowPrivateAddresses, defaults.allowPrivateAddresses),
		maxFileBytes: Math.min(positive(values.maxFileSizeMb, MB, defaults.maxFileBytes), ZENDESK_MAX_FILE_BYTES),
		maxMessageBytes: positive(values.maxMessageSizeMb, MB, defaults.maxMessageBytes),
		allowedTypes: types.length > 0 ? types : defaults.allowedTypes,
		timeoutMs: positive(values.timeoutSeconds, 1000, defaults.timeoutMs),
	};
}

/** `"image/*, application/pdf"` → `['image/*', 'application/pdf']`. */
export function parseTypeList(text: string): string[] {
	return [...new Set(text.split(/[\s,;]+/).map((type) => type.trim().toLowerCase()).filter((type) => type.includes('/')))];
}

/** The media type of a Content-Type header, lower case without parameters (`image/jpeg; q=1` → `image/jpeg`). */
export function mediaType(contentType: unknown): string {
	const value = Array.isArray(contentType) ? contentType[0] : contentType;
	return typeof value === 'string' ? value.split(';')[0].trim().toLowerCase() : '';
}

export function isAllowedType(type: string, allowed: readonly string[]): boolean {
	if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type)) return false;
	const family = `${type.split('/')[0]}/*`;
	return allowed.includes(type) || allowed.includes(family);
}

/** Why a file stayed a link, as the agent reads it after the link: `https://… (not attached: <reason>)`. */
export const notAttached = {
	invalidLink: () => 'not a valid link',
	http: () => 'http links are not fetched',
	privateAddress: () => 'private address',
	redirectToPrivateAddress: () => 'redirect to a private address',
	blockedByN8n: () => "blocked by n8n's network policy",
	uncheckedHost: () => 'this n8n version cannot check the address',
	tooManyRedirects: () => 'too many redirects',
	type: (type: string) => (type ? `type ${type} is not allowed` : 'no content type'),
	tooLarge: (maxBytes: number) => `larger than ${sizeText(maxBytes)}`,
	messageTooLarge: (maxBytes: number) => `the message's files exceed ${sizeText(maxBytes)}`,
	emptyFile: () => 'empty file',
	downloadFailed: (what: string) => `download failed: ${what}`,
	uploadFailed: (what: string) => `upload to Zendesk failed: ${what}`,
};

/** 10 MB, 0.5 MB: a limit as the admin typed it. */
export function sizeText(bytes: number): string {
	return `${Number((bytes / MB).toFixed(2))} MB`;
}

/** A failed download's cause in words an agent can read. */
export function failureText(code: string | undefined, statusCode?: number): string {
	if (statusCode !== undefined) return `HTTP ${statusCode}`;
	return networkFailureWords(code) ?? (code && /^[A-Z_]+$/.test(code) ? code : 'network error');
}

/**
 * A link's refusal before any request, or undefined when it may be fetched: the scheme, and (unless private addresses
 * are allowed) an IP address or host name that can only be internal. A host name that passes still has to be
 * resolved and its addresses checked (checkAddresses).
 */
export function checkLink(link: string, settings: MediaSettings, redirected = false): string | undefined {
	const url = parseLink(link);
	if (!url) return notAttached.invalidLink();
	if (url.protocol === 'http:' && !settings.allowHttp) return notAttached.http();
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return notAttached.invalidLink();
	if (settings.allowPrivateAddresses) return undefined;
	const host = url.hostname;
	const internal = isAddressLiteral(host) ? isInternalAddress(host) : isInternalHostName(host);
	if (!internal) return undefined;
	return redirected ? notAttached.redirectToPrivateAddress() : notAttached.privateAddress();
}

/** A host name's addresses as DNS gave them: refused if any one is internal (a name may point at several). */
export function checkAddresses(addresses: readonly string[], redirected = false): string | undefined {
	if (addresses.length > 0 && !addresses.some(isInternalAddress)) return undefined;
	return redirected ? notAttached.redirectToPrivateAddress() : notAttached.privateAddress();
}

/** Whether the link's host must be resolved and checked before it is fetched. */
export function needsResolving(link: string, settings: MediaSettings): boolean {
	const url = parseLink(link);
	return !settings.allowPrivateAddresses && url !== undefined && !isAddressLiteral(url.hostname);
}

export function parseLink(link: string): URL | undefined {
	try {
		return new URL(link);
	} catch {
		return undefined;
	}
}

/** The answer's refusal from its headers, before its bytes are read. */
export function checkAnswer(type: string, contentLength: number | undefined, maxBytes: number, settings: MediaSettings): string | undefined {
	if (!isAllowedType(type, settings.allowedTypes)) return notAttached.type(type);
	if (contentLength !== undefined && contentLength > maxBytes) return sizeRefusal(maxBytes, settings);
	return undefined;
}

/** Too large for the file cap, or for what is left of the message's. */
export function sizeRefusal(maxBytes: number, settings: MediaSettings): string {
	return maxBytes < settings.maxFileBytes ? notAttached.messageTooLarge(settings.maxMessageBytes) : notAttached.tooLarge(settings.maxFileBytes);
}

const EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'image/heic': 'heic',
	'image/heif': 'heif',
	'image/bmp': 'bmp',
	'image/tiff': 'tiff',
	'application/pdf': 'pdf',
	'audio/mpeg': 'mp3',
	'audio/mp4': 'm4a',
	'audio/aac': 'aac',
	'audio/amr': 'amr',
	'audio/ogg': 'ogg',
	'audio/wav': 'wav',
	'video/mp4': 'mp4',
	'video/3gpp': '3gp',
	'video/quicktime': 'mov',
	'video/webm': 'webm',
	'video/mpeg': 'mpeg',
};

/**
 * The attachment's file name: the link's last path segment (MMS links often have none worth showing, or no
 * extension), kept to safe characters, with the extension of its type when it has none.
 */
export function fileName(link: string, type: string, index: number): string {
	const segment = (parseLink(link)?.pathname.split('/').pop() ?? '').trim();
	let decoded = segment;
	try {
		decoded = decodeURIComponent(segment);
	} catch {
		// A stray % in the link: keep the segment as it is.
	}
	const safe = decoded.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '').slice(0, 100);
	const base = safe || `file-${index + 1}`;
	const extension = EXTENSIONS[type];
	return extension && !/\.[a-z0-9]{2,5}$/i.test(base) ? `${base}.${extension}` : base;
}

/** One media link of a message after the attempt: attached (the upload token for the comment), or a link, with the reason when a download was tried. */
export interface MediaFile {
	url: string;
	token?: string;
	reason?: string;
}

/** Fetches and uploads a message's media; never throws: a file that fails stays a link with the reason. */
export interface MediaAttacher {
	attach(urls: readonly string[], settings: MediaSettings): Promise<MediaFile[]>;
}

/** Every link stays a link (a relay without a Zendesk to upload to, or with attaching turned off). */
export const LINKS_ONLY: MediaAttacher = {
	attach: async (urls) => await Promise.resolve(urls.map((url) => ({ url }))),
};

/**
 * A message as the customer's comment: its text, then each file that stayed a link, on its own line, with the reason.
 * Attached files are not listed (agents see them as attachments); a message of attachments only says how many, since
 * a comment cannot be blank.
 */
export function messageText(message: string, files: readonly MediaFile[]): string {
	const links = files.filter((file) => !file.token).map((file) => (file.reason ? `${file.url} (not attached: ${file.reason})` : file.url));
	const lines = [message.trim(), ...links].filter((line) => line !== '');
	if (lines.length > 0 || files.length === 0) return lines.join('\n');
	const attached = files.length;
	return attached === 1 ? '(1 file attached)' : `(${attached} files attached)`;
}
