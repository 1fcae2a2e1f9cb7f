// Whatever Zendesk sends about a comment → the clean message a customer should read. Pure: no n8n import.
//
// Accepted shapes (any mix):
// - plain text, passed through;
// - Zendesk's formatted comment: a line of dashes, blank line, "Name, Date" header, blank line, message. Several comments
//   come newest first; the newest is taken. An "Attachment(s):" list after the message is taken off;
// - HTML (see htmlToText.ts);
// - literal "\n" escapes instead of newlines (a JSON-escaped placeholder pasted as text), CRLF or CR line ends.
// The message keeps its own line breaks, blank lines and lines of dashes; trailing spaces go, blank-line runs collapse to
// one and the whole is trimmed.
import { htmlToText, looksLikeHtml, tidyText } from './htmlToText';

export interface Attachment {
	name: string;
	url: string;
}

export interface ParsedComment {
	/** The newest comment's text, clean ('' when nothing is left). */
	message: string;
	/** The header's name, '' when the input carries no header. */
	author: string;
	/** The header's date exactly as written, '' when the input carries no header. */
	postedAt: string;
	/** Files listed under the newest comment. */
	attachments: Attachment[];
	/** 'zendesk' when a formatted comment header was found, else 'plain'. */
	format: 'zendesk' | 'plain';
	/** True when the input was read as HTML. */
	html: boolean;
}

/** Zendesk writes 46 dashes; a line of 10 or more (spaces around allowed) is read as its separator when a header follows. */
function isSeparator(line: string): boolean {
	let start = 0;
	let end = line.length;
	while (start < end && line.charCodeAt(start) <= 32) start++;
	if (end - start < 10 || line.charCodeAt(start) !== 45 /* - */) return false;
	while (end > start && line.charCodeAt(end - 1) <= 32) end--;
	if (end - start < 10) return false;
	for (let i = start; i < end; i++) if (line.charCodeAt(i) !== 45) return false;
	return true;
}
/** Enough dashes in a row for a separator: without them, no line needs to be looked at. */
const SEPARATOR_RUN = '-'.repeat(10);
const ATTACHMENT_HEADING =
	/^\s*(attachment\(s\)|attachments?|pi[eè]ce(\(s\)|s)? jointe(\(s\)|s)?|anh[aä]nge?|anhang|archivos? adjuntos?|adjuntos?|allegati|allegato|anexos?|bijlagen?)\s*:\s*$/i;
const ATTACHMENT_LINE = /^\s*(?:(.+?)\s+-\s+)?(https?:\/\/\S+)\s*$/i;

/**
 * Words a localized Zendesk date may contain: month and weekday names and abbreviations (en, fr, de, es, it, pt, nl, ru),
 * ordinal suffixes, connectors ("at", "à", "um", "de"), relative days, AM/PM and time-zone names.
 */
const DATE_WORDS = new Set(
	`
	january february march april may june july august september october november december
	jan feb mar apr jun jul aug sep sept oct nov dec
	janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre
	janv févr fevr avr juil déc
	januar jänner februar märz april juni juli august oktober dezember mär okt dez
	enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre ene abr ago dic
	gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre gen mag giu lug set ott
	janeiro fevereiro março marco maio junho julho setembro outubro novembro dezembro fev out
	januari februari maart mei augustus mrt
	января февраля марта апреля мая июня июля августа сентября октября ноября декабря янв фев апр июн июл авг сен сент окт нояб дек г
	понедельник вторник среда четверг пятница суббота воскресенье пн вт ср чт пт сб вс в
	monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
	lundi mardi mercredi jeudi vendredi samedi dimanche lun mer jeu ven sam dim
	montag dienstag mittwoch donnerstag freitag samstag sonntag mo di mi do fr sa so
	lunes martes miércoles miercoles jueves viernes sábado sabado domingo
	lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì venerdi sabato domenica
	segunda terça terca quarta quinta sexta feira
	maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
	st nd rd th er e o ª º
	at on the of à a le la el um am pm de del da do di om h uhr alle às as ore hrs
	today yesterday aujourd hui hier heute gestern hoy ayer oggi ieri hoje ontem vandaag gisteren
	utc gmt z
	`
		.split(/\s+/)
		.filter(Boolean),
);
const WORD = /\p{L}+/gu;
const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const HAS_TIME = /(?:^|\D)\d{1,2}\s?[:hH.]\s?\d{2}(?:\D|$)/;
const HAS_YEAR = /(?:^|\D)(?:19|20)\d{2}(?:\D|$)/;
const HAS_NUMERIC_DATE = /\d{1,4}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{1,4}/;
const NOT_IN_A_DATE = /[!?;"“”«»@=<>[\]{}]/;

/**
 * How far `text` is from a date: undefined when it is not one at all, else the number of words it holds that are not
 * date words (0 for "25 nov. 2026, 10:03"; one unknown word is tolerated when both a date and a time are present, so
 * locales without a dictionary entry still read).
 */
function dateDistance(text: string): number | undefined {
	const value = text.trim();
	if (!value || value.length > 64 || NOT_IN_A_DATE.test(value)) return undefined;
	const time = HAS_TIME.test(value);
	const date = HAS_YEAR.test(value) || HAS_NUMERIC_DATE.test(value);
	if (!time && !date) return undefined;
	let unknown = 0;
	for (const word of value.match(WORD) ?? []) {
		if (word.charCodeAt(0) >= 0x2e80 && EAST_ASIAN.test(word)) continue; // CJK date characters (年, 月, 日…)
		const lower = word.toLowerCase();
		if (DATE_WORDS.has(lower)) continue;
		if (word.length >= 2 && word.length <= 5 && word === word.toUpperCase()) continue; // CET, PST, CEST…
		unknown++;
	}
	if (unknown === 0) return 0;
	return unknown === 1 && time && date ? 1 : undefined;
}

/**
 * Reads a "Name, Date" header line. Names may hold commas ("Dupont, Jean"), dates too ("Nov 25, 2026, 10:03"): the
 * leftmost split whose rest is a date with only date words wins; a rest with one unknown word is kept as a fallback when
 * its first part is a name fragment (no digit), so a later, cleaner split can still win.
 */
export function parseHeader(line: string): { author: string; postedAt: string } | undefined {
	const value = line.trim();
	if (value.length < 3 || value.length > 160) return undefined;
	let fallback: { author: string; postedAt: string } | undefined;
	for (let comma = value.indexOf(','); comma !== -1; comma = value.indexOf(',', comma + 1)) {
		const author = value.slice(0, comma).trim();
		const postedAt = value.slice(comma + 1).trim();
		if (!/^[\p{L}\p{N}]/u.test(author) || author.length > 100 || /[.!?:]$/.test(author)) continue;
		const distance = dateDistance(postedAt);
		if (distance === undefined) continue;
		if (distance === 0) return { author, postedAt };
		if (/\d/.test(postedAt.split(',')[0])) return fallback ?? { author, postedAt };
		fallback ??= { author, postedAt };
	}
	return fallback;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', '/': '/' };
/** One JSON escape; a backslash before anything else stays as written. */
const JSON_ESCAPE = /\\(u[0-9a-fA-F]{4}|[nrt"\\/])/g;

/**
 * Turns literal escapes ("\n", "\r\n", "\t", "\"", "\\", "\u00e9") into characters, as JSON would. Applied only when the
 * text shows it was escaped: it holds a literal "\n" and no real line break, or an escaped Zendesk separator.
 */
export function unescapeLiteralNewlines(text: string): string {
	if (!text.includes('\\n') && !text.includes('\\r')) return text;
	// A backslash that starts no JSON escape (C:\Users) says the text was never JSON-escaped: keep it as typed.
	if (text.replace(/\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g, '').includes('\\')) return text;
	const hasRealBreak = text.includes('\n') || text.includes('\r');
	if (hasRealBreak && !/-{10,}(?:\\r)?\\n/.test(text)) return text;
	return text.replace(JSON_ESCAPE, (_, escape: string) =>
		escape.length === 5 ? String.fromCharCode(parseInt(escape.slice(1), 16)) : SIMPLE_ESCAPES[escape],
	);
}

/** CRLF, CR and the Unicode line/paragraph separators become "\n"; a byte-order mark goes. */
function normalizeLineEnds(text: string): string {
	const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	return /[\r\u2028\u2029]/.test(unmarked) ? unmarked.replace(/\r\n?|[\u2028\u2029]/g, '\n') : unmarked;
}

/** Takes a trailing "Attachment(s):" list (heading + "name - url" lines, nothing after) off a message's lines. */
function takeAttachments(lines: string[]): { lines: string[]; attachments: Attachment[] } {
	if (!lines.some((line) => line.includes(':'))) return { lines, attachments: [] };
	for (let heading = lines.length - 1; heading >= 0; heading--) {
		if (!ATTACHMENT_HEADING.test(lines[heading])) continue;
		const attachments: Attachment[] = [];
		for (const line of lines.slice(heading + 1)) {
			if (line.trim() === '') continue;
			const match = ATTACHMENT_LINE.exec(line);
			if (!match) return { lines, attachments: [] };
			const url = match[2];
			attachments.push({ name: match[1]?.trim() || fileNameOf(url), url });
		}
		return { lines: lines.slice(0, heading), attachments };
	}
	return { lines, attachments: [] };
}

function fileNameOf(url: string): string {
	try {
		const parsed = new URL(url);
		return parsed.searchParams.get('name') ?? decodeURIComponent(parsed.pathname.split('/').filter(Boolean).pop() ?? url);
	} catch {
		return url;
	}
}

interface Boundary {
	separator: number;
	header: number;
	author: string;
	postedAt: string;
}

/** Every "dashes, (blank lines), Name, Date" boundary in the text. */
function findBoundaries(lines: string[]): Boundary[] {
	const found: Boundary[] = [];
	for (let i = 0; i < lines.length; i++) {
		if (!isSeparator(lines[i])) continue;
		let header = i + 1;
		while (header < lines.length && lines[header].trim() === '') header++;
		if (header >= lines.length) continue;
		const parsed = parseHeader(lines[header]);
		if (!parsed) continue;
		found.push({ separator: i, header, ...parsed });
		i = header;
	}
	return found;
}

function isBlank(lines: string[], from: number, to: number): boolean {
	for (let i = from; i < to; i++) if (lines[i].trim() !== '') return false;
	return true;
}

/** Parses one comment payload (see the file header). Never throws; an empty `message` means nothing usable was sent. */
export function parseComment(input: string): ParsedComment {
	let text = normalizeLineEnds(unescapeLiteralNewlines(input));
	const html = looksLikeHtml(text);
	if (html) text = htmlToText(text);

	const lines = text.split('\n');
	const boundaries = text.includes(SEPARATOR_RUN) ? findBoundaries(lines) : [];
	let author = '';
	let postedAt = '';
	let format: ParsedComment['format'] = 'plain';
	let body = lines;
	if (boundaries.length > 0) {
		const first = boundaries[0];
		if (isBlank(lines, 0, first.separator)) {
			// The newest comment runs from its header to the next comment's separator.
			format = 'zendesk';
			author = first.author;
			postedAt = first.postedAt;
			body = lines.slice(first.header + 1, boundaries[1]?.separator ?? lines.length);
		} else {
			// Text written above a quoted thread is the newest message; its author is not stated.
			body = lines.slice(0, first.separator);
		}
	}
	if (format === 'zendesk') {
		// A closing line of dashes ends the thread; it is not part of the message.
		let end = body.length;
		while (end > 0 && body[end - 1].trim() === '') end--;
		if (end > 0 && isSeparator(body[end - 1])) body = body.slice(0, end - 1);
	}
	const { lines: messageLines, attachments } = takeAttachments(body);
	return { message: tidyText(messageLines.join('\n')), author, postedAt, attachments, format, html };
}
