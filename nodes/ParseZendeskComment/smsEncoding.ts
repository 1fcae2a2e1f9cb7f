// SMS length rules. Pure: no n8n import.
//
// GSM-7 (3GPP TS 23.038 default alphabet): basic characters cost one septet, the extension table's characters
// (^ { } \ [ ~ ] | € and form feed) cost two (escape + character). A single message holds 160 septets; a multi-part one
// 153 per segment, and an escape sequence is never split across two segments (so a segment may carry 152).
// Anything outside GSM-7 makes the whole message UCS-2, counted in UTF-16 code units (an emoji is 2): 70 alone, 67 per
// segment in a multi-part message, a surrogate pair never split across segments.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsCount {
	encoding: SmsEncoding;
	/** Length in the encoding's units: GSM-7 septets (extension characters count 2) or UTF-16 code units. */
	characters: number;
	/** Segments the message is sent as (0 for an empty text). */
	segments: number;
}

export const SEGMENT_LIMITS = {
	'GSM-7': { single: 160, multi: 153 },
	'UCS-2': { single: 70, multi: 67 },
} as const;

/** The 3GPP TS 23.038 default alphabet (the escape code 0x1B is left out: it is not a character). */
const GSM7_BASIC =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
	'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
export const GSM7_EXTENSION = '\f^{}\\[~]|€';

/** Septet cost per UTF-16 code unit: 0 = not in GSM-7, 1 = basic, 2 = extension. */
const COST = new Uint8Array(0x10000);
for (const ch of GSM7_BASIC) if (ch !== '\u001b') COST[ch.charCodeAt(0)] = 1;
for (const ch of GSM7_EXTENSION) COST[ch.charCodeAt(0)] = 2;

export function isGsm7(text: string): boolean {
	for (let i = 0; i < text.length; i++) if (COST[text.charCodeAt(i)] === 0) return false;
	return true;
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
	return code >= 0xdc00 && code <= 0xdfff;
}

/** Packs characters into multi-part segments without splitting one (escape sequence or surrogate pair) across two. */
function packSegments(text: string, encoding: SmsEncoding): number {
	const capacity = SEGMENT_LIMITS[encoding].multi;
	let segments = 1;
	let used = 0;
	for (let i = 0; i < text.length; i++) {
		let cost: number;
		if (encoding === 'GSM-7') {
			cost = COST[text.charCodeAt(i)];
		} else if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
			cost = 2;
			i++;
		} else {
			cost = 1;
		}
		if (used + cost > capacity) {
			segments++;
			used = 0;
		}
		used += cost;
	}
	return segments;
}

/** Encoding, length and segment count of an SMS body (one pass; a second only when a split could straddle). */
export function countSms(text: string): SmsCount {
	let gsm = true;
	let septetCount = 0;
	let escapes = false; // an extension character (GSM-7) or a surrogate pair (UCS-2) could straddle a boundary
	let surrogates = false;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		const cost = COST[code];
		if (cost === 0) {
			gsm = false;
			if (code >= 0xd800 && code <= 0xdfff) surrogates = true;
		} else {
			septetCount += cost;
			if (cost === 2) escapes = true;
		}
	}
	const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
	const characters = gsm ? septetCount : text.length;
	const limits = SEGMENT_LIMITS[encoding];
	let segments = 0;
	if (characters > limits.single) {
		segments = (gsm ? escapes : surrogates) ? packSegments(text, encoding) : Math.ceil(characters / limits.multi);
	} else if (characters > 0) {
		segments = 1;
	}
	return { encoding, characters, segments };
}

/**
 * Look-alikes replaced by GSM-7 characters so that one stray typographic character does not turn the whole message into
 * UCS-2 (which more than halves what a segment holds). Invisible characters are removed.
 */
const SMART_REPLACEMENTS: Record<string, string> = {
	// Single quotes, apostrophes, primes, single guillemets.
	'\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'", '\u2039': "'", '\u203a': "'", '\uff07': "'",
	'\u02bc': "'", '\u00b4': "'", '\u0060': "'",
	// Double quotes, double primes, guillemets.
	'\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u2033': '"', '\u00ab': '"', '\u00bb': '"', '\uff02': '"',
	// Hyphens, dashes, minus sign, bullets.
	'\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-', '\u2043': '-',
	'\u2022': '-', '\u25e6': '-', '\u2023': '-',
	// Ellipsis.
	'\u2026': '...',
	// Spaces: no-break, narrow no-break, the typographic spaces, ideographic space, tab.
	'\u00a0': ' ', '\u202f': ' ', '\u2000': ' ', '\u2001': ' ', '\u2002': ' ', '\u2003': ' ', '\u2004': ' ', '\u2005': ' ',
	'\u2006': ' ', '\u2007': ' ', '\u2008': ' ', '\u2009': ' ', '\u200a': ' ', '\u205f': ' ', '\u3000': ' ', '\t': ' ',
	// Invisible: zero-width space, word joiner, byte-order mark, soft hyphen.
	'\u200b': '', '\u2060': '', '\ufeff': '', '\u00ad': '',
};

/** Any character SMART_REPLACEMENTS knows (a quick test: most texts have none). */
const SMART_CANDIDATE = new RegExp(
	`[${Object.keys(SMART_REPLACEMENTS)
		.map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
		.join('')}]`,
);

/** Applies SMART_REPLACEMENTS (only to characters outside GSM-7; "`" is GSM-7-less too, so it is included). */
export function smartEncode(text: string): string {
	if (!SMART_CANDIDATE.test(text)) return text;
	let out = '';
	let last = 0;
	for (let i = 0; i < text.length; i++) {
		if (COST[text.charCodeAt(i)] !== 0) continue;
		const replacement = SMART_REPLACEMENTS[text[i]];
		if (replacement === undefined) continue;
		out += text.slice(last, i) + replacement;
		last = i + 1;
	}
	return last === 0 ? text : out + text.slice(last);
}

export const TRUNCATION_MARKER = '...';

export interface FittedSms {
	text: string;
	truncated: boolean;
}

function fits(text: string, maxSegments: number): boolean {
	return countSms(text).segments <= maxSegments;
}

/** Drops what should not end a cut text: whitespace, dangling separators (",", ";", ":", dashes) and full stops. */
function trimCut(text: string): string {
	return text.replace(/[\s,;:.\-\u2013\u2014]+$/u, '');
}

/** Largest index in `candidates` (ascending) whose cut fits, by binary search: longer cuts never cost fewer segments. */
function longestFitting(
	candidates: number[],
	build: (end: number) => string,
	maxSegments: number,
): string | undefined {
	let low = 0;
	let high = candidates.length - 1;
	let best: string | undefined;
	while (low <= high) {
		const middle = (low + high) >>> 1;
		const attempt = build(candidates[middle]);
		if (fits(attempt, maxSegments)) {
			best = attempt;
			low = middle + 1;
		} else {
			high = middle - 1;
		}
	}
	return best;
}

/**
 * The longest cut of `text` that fits `maxSegments` once ended with `marker` and passed through `wrap` (which places
 * the cut text in its surroundings, e.g. a template around the message): at the last word boundary when one fits, else
 * between characters (never inside a surrogate pair). Undefined when not even one character fits.
 */
export function cutToFit(
	text: string,
	maxSegments: number,
	marker: string = TRUNCATION_MARKER,
	wrap: (cut: string) => string = (cut) => cut,
): string | undefined {
	const build = (end: number) => wrap(trimCut(text.slice(0, end)) + marker);

	const wordEnds: number[] = [];
	for (let i = 1; i < text.length; i++) {
		if (isSpace(text.charCodeAt(i)) && !isSpace(text.charCodeAt(i - 1))) wordEnds.push(i);
	}
	const atWord = longestFitting(wordEnds, build, maxSegments);
	if (atWord !== undefined) return atWord;

	const characterEnds: number[] = [];
	for (let i = 1; i < text.length; i++) {
		if (!isLowSurrogate(text.charCodeAt(i)) || !isHighSurrogate(text.charCodeAt(i - 1))) characterEnds.push(i);
	}
	return longestFitting(characterEnds, build, maxSegments);
}

/** Unicode White_Space: a word boundary (line and paragraph separators included). */
function isSpace(code: number): boolean {
	if (code === 32 || (code >= 9 && code <= 13) || code === 0x85 || code === 0xa0) return true;
	if (code < 0x1680) return false;
	return code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

/**
 * Fits a text into `maxSegments`: unchanged when it already fits, else cut at the last word boundary that leaves room
 * for `marker` (a GSM-7 string) and ended with it; a first word too long for any boundary is cut between characters.
 */
export function fitToSegments(text: string, maxSegments: number, marker = TRUNCATION_MARKER): FittedSms {
	if (fits(text, maxSegments)) return { text, truncated: false };
	return { text: cutToFit(text, maxSegments, marker) ?? marker, truncated: true };
}
