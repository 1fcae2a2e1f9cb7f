// Generators for the Parse Zendesk Comment fuzz tests: arbitrary unicode, SMS-flavoured text, Zendesk-formatted
// comments built from their parts (with the message they should yield), and HTML fragments.
import fc from 'fast-check';

import { DEFAULT_TEXT_AFTER, DEFAULT_TEXT_BEFORE } from '../../nodes/ParseZendeskComment/smsWording';
import { REFERENCE_GSM7_BASIC, REFERENCE_GSM7_EXTENSION } from './smsReference';

// ---- characters ----

/** Typographic look-alikes smart encoding is meant to replace (quotes, dashes, ellipsis, no-break spaces). */
export const LOOK_ALIKES = ['\u2018', '\u2019', '\u201c', '\u201d', '\u2013', '\u2014', '\u2026', '\u00a0', '\u202f'];
const EMOJI = ['😀', '🚀', '👍🏽', '👨‍👩‍👧', '🇫🇷', '❤️', '✅'];
const NON_GSM = ['ê', 'ç', 'ł', 'ő', 'ı', 'Ж', 'ש', 'ع', '中', '文', 'ア', '한', '\u0301', '\u200b', '\ufeff'];
const WHITESPACE = [' ', ' ', ' ', '\n', '\r\n', '\t', '\u00a0', '\u2028', '\f'];
const SURROGATE_HALVES = ['\ud83d', '\ude00', '\udbff'];

const gsmBasicChar = fc.constantFrom(...REFERENCE_GSM7_BASIC);
const gsmExtensionChar = fc.constantFrom(...REFERENCE_GSM7_EXTENSION);

/** One "character" of SMS-like text: mostly GSM-7, some extension characters, look-alikes, emoji, other scripts. */
export const smsChar = fc.oneof(
	{ arbitrary: gsmBasicChar, weight: 30 },
	{ arbitrary: gsmExtensionChar, weight: 4 },
	{ arbitrary: fc.constantFrom(...WHITESPACE), weight: 6 },
	{ arbitrary: fc.constantFrom(...LOOK_ALIKES), weight: 2 },
	{ arbitrary: fc.constantFrom(...EMOJI), weight: 1 },
	{ arbitrary: fc.constantFrom(...NON_GSM), weight: 1 },
	{ arbitrary: fc.constantFrom(...SURROGATE_HALVES), weight: 1 },
);

/** Any UTF-16 string, lone surrogates included. */
export const anyUtf16 = fc.string({
	unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
	maxLength: 400,
	size: '+1',
});
/** Any well-formed unicode string (astral planes included). */
export const anyUnicode = fc.string({ unit: 'binary', maxLength: 400, size: '+1' });

/** GSM-7 only text (basic and extension characters). */
export const gsmText = fc.string({ unit: fc.oneof({ arbitrary: gsmBasicChar, weight: 8 }, gsmExtensionChar), maxLength: 400 });

/**
 * SMS-like text of up to ~2,000 units: words and spaces, sometimes with a very long word, so that cuts have word
 * boundaries to choose from (or none) and lengths cross the 1–10 segment limits.
 */
export const smsText = fc.oneof(
	fc.array(fc.string({ unit: smsChar, minLength: 1, maxLength: 14 }), { maxLength: 220 }).map((words) => words.join(' ')),
	fc.string({ unit: smsChar, maxLength: 1800 }),
	fc.tuple(fc.string({ unit: gsmBasicChar, minLength: 150, maxLength: 1700 }), fc.string({ unit: smsChar, maxLength: 40 }))
		.map(([long, tail]) => long + tail),
);

/**
 * Wording around the message (Text Before/After Message): the default, nothing, a short line with line breaks, or a
 * text long enough that the wording alone fills the cap.
 */
const wordingText = fc.oneof(
	{ arbitrary: fc.constant(''), weight: 2 },
	{ arbitrary: fc.string({ unit: smsChar, maxLength: 60 }), weight: 6 },
	{ arbitrary: fc.string({ unit: smsChar, minLength: 300, maxLength: 1600 }), weight: 1 },
);
export const smsWording = fc.oneof(
	{ arbitrary: fc.constant({ before: DEFAULT_TEXT_BEFORE, after: DEFAULT_TEXT_AFTER }), weight: 3 },
	{ arbitrary: fc.record({ before: wordingText, after: wordingText }), weight: 7 },
);

// ---- Zendesk-formatted comments ----

/** Words a message is made of: none starts markup, an escape, a separator or an attachment list. */
const MESSAGE_WORDS = [
	'Hello', 'bonjour', 'merci', 'order', '#42', 'Zoë', 'straße', 'café', 'ça', 'va?', '¿qué', 'tal?', 'ok.', 'well,', 'yes!',
	'Mr.', 'it’s', '“quoted”', '—', '…', '100%', '€5', '{code}', '[x]', 'a~b', 'x|y', '^_^', '\\', '😀', '👍🏽', '🇫🇷', '你好',
	'Привет', 'שלום', 'https://example.com/a?b=1', '10:03', '25/11/2026', '-', '--', 'a,b', 'Nov', 'PS:', '@agent', '(1)',
];
const messageLine = fc.array(fc.constantFrom(...MESSAGE_WORDS), { minLength: 1, maxLength: 12 }).map((words) => words.join(' '));
/** A tidy message: paragraphs of lines, one blank line between paragraphs. */
export const tidyMessage = fc
	.array(fc.array(messageLine, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
	.map((paragraphs) => paragraphs.map((lines) => lines.join('\n')).join('\n\n'));

export const AUTHOR_NAMES = [
	'Alex Agent', 'Dupont, Jean', 'Zoë Ångström', 'José María García', "Seán O'Brien", '李小龙', 'Анна Иванова',
	'Support Team (EU)', 'Jean-Luc Picard', 'Agent 007', 'Marie', 'van der Berg, Anouk',
];

const INSTANTS = [Date.UTC(2026, 10, 25, 10, 3), Date.UTC(2026, 0, 1, 0, 0), Date.UTC(2025, 4, 9, 23, 59), Date.UTC(2027, 6, 14, 7, 5)];

/** Zendesk's own "Nov 25, 2026, 10:03" and friends, in the account's language (the locales the parser claims). */
function zendeskStyleDates(): string[] {
	const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
	return INSTANTS.flatMap((instant) => {
		const d = new Date(instant);
		const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
		const day = d.getUTCDate();
		const year = d.getUTCFullYear();
		return [`${months[d.getUTCMonth()]} ${day}, ${year}, ${hm}`, `${day}/${d.getUTCMonth() + 1}/${year} ${hm}`, `${year}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(day).padStart(2, '0')} ${hm} UTC`];
	});
}

/** Dates as Intl writes them, medium and long, with a time. */
function intlDates(locales: string[], styles: Intl.DateTimeFormatOptions[]): string[] {
	const dates = new Set<string>();
	for (const locale of locales) {
		for (const style of styles) {
			const format = new Intl.DateTimeFormat(locale, { ...style, timeZone: 'UTC' });
			for (const instant of INSTANTS) dates.add(format.format(instant));
		}
	}
	return [...dates];
}

const SUPPORTED_LOCALES = ['en-US', 'en-GB', 'fr-FR', 'de-DE', 'es-ES', 'it-IT', 'pt-BR', 'nl-NL', 'ru-RU', 'ja-JP', 'zh-CN', 'ko-KR'];
const OTHER_LOCALES = ['pl-PL', 'sv-SE', 'tr-TR', 'cs-CZ', 'ar-EG', 'hi-IN', 'fi-FI'];
/** Short, medium, long and full (with the weekday) dates, each with a time. */
const DATE_TIME_STYLES: Intl.DateTimeFormatOptions[] = (['short', 'medium', 'long', 'full'] as const).map((dateStyle) => ({
	dateStyle,
	timeStyle: 'short',
}));

/** Header dates the parser is meant to read: Zendesk's format and the languages its dictionary covers. */
export const SUPPORTED_DATES = [...zendeskStyleDates(), ...intlDates(SUPPORTED_LOCALES, DATE_TIME_STYLES)];
/** Dates in languages the parser has no dictionary for (and other digits): only never-throw properties use them. */
export const ANY_DATES = [...SUPPORTED_DATES, ...intlDates(OTHER_LOCALES, DATE_TIME_STYLES)];

const SEPARATOR = '-'.repeat(46);

export interface AttachmentSpec {
	name: string;
	url: string;
}

const attachment = fc
	.record({ name: fc.constantFrom('photo.jpg', 'facture 2026.pdf', 'scan (1).png', 'été.heic'), id: fc.integer({ min: 1, max: 99999 }) })
	.map(({ name, id }): AttachmentSpec => ({ name, url: `https://acme.zendesk.com/attachments/token/${id}/?name=${encodeURIComponent(name)}` }));

export interface CommentSpec {
	author: string;
	postedAt: string;
	message: string;
	attachments: AttachmentSpec[];
}

const commentSpec = (dates: string[]) =>
	fc.record({
		author: fc.constantFrom(...AUTHOR_NAMES),
		postedAt: fc.constantFrom(...dates),
		message: tidyMessage,
		attachments: fc.array(attachment, { maxLength: 3 }),
	});

function renderComment(comment: CommentSpec): string {
	const files = comment.attachments.length
		? `\n\nAttachment(s):\n${comment.attachments.map((file) => `${file.name} - ${file.url}`).join('\n')}`
		: '';
	return `${SEPARATOR}\n\n${comment.author}, ${comment.postedAt}\n\n${comment.message}${files}`;
}

export type LineEnding = '\n' | '\r\n' | '\r' | 'escaped';

/** Writes a comment text with the given line ends; 'escaped' is the whole text JSON-escaped (literal "\n"). */
export function withLineEnding(text: string, ending: LineEnding): string {
	if (ending === 'escaped') return JSON.stringify(text).slice(1, -1);
	return text.replace(/\n/g, ending);
}

export interface FormattedThread {
	text: string;
	newest: CommentSpec;
	/** Text the agent wrote above a quoted thread (then the message, with no author). */
	above: string;
}

/** A Zendesk "comment thread" placeholder: newest comment first, older ones after, maybe a closing line of dashes. */
export function formattedThread(dates: string[] = SUPPORTED_DATES): fc.Arbitrary<FormattedThread> {
	return fc
		.record({
			comments: fc.array(commentSpec(dates), { minLength: 1, maxLength: 3 }),
			above: fc.oneof({ arbitrary: fc.constant(''), weight: 4 }, tidyMessage),
			closing: fc.boolean(),
			ending: fc.constantFrom<LineEnding>('\n', '\n', '\r\n', '\r', 'escaped'),
			trailingBlank: fc.constantFrom('', '\n', '\n\n  \n'),
		})
		.map(({ comments, above, closing, ending, trailingBlank }) => {
			const thread = comments.map(renderComment).join('\n\n') + (closing ? `\n\n${SEPARATOR}` : '') + trailingBlank;
			const text = above ? `${above}\n\n${thread}` : thread;
			return { text: withLineEnding(text, ending), newest: comments[0], above };
		});
}

/** Formatted comments with parts dropped, doubled or mangled: what a broken trigger body might carry. */
export const mangledThread = fc
	.tuple(formattedThread(ANY_DATES), fc.array(fc.tuple(fc.nat(), fc.constantFrom('', '-----', '\n', '\\n', ',', SEPARATOR, ' ', 'Attachment(s):', '<p>', '&amp;', '\u0000')), { maxLength: 6 }))
	.map(([thread, edits]) => {
		let text = thread.text;
		for (const [at, insert] of edits) {
			const position = text.length === 0 ? 0 : at % text.length;
			text = insert === '' ? text.slice(0, position) + text.slice(position + 1) : text.slice(0, position) + insert + text.slice(position);
		}
		return text;
	});

// ---- HTML ----

const ENTITY_FOR: Record<string, string[]> = {
	'&': ['&amp;', '&#38;', '&#x26;'],
	'<': ['&lt;', '&#60;'],
	'>': ['&gt;'],
	é: ['&eacute;', '&#233;', '&#xE9;'],
	'€': ['&euro;', '&#8364;'],
	'😀': ['&#x1F600;', '&#128512;'],
	'"': ['&quot;'],
	"'": ['&#39;', '&apos;'],
	'\u00a0': ['&nbsp;'],
};
/** A link is read as "text (url)"; its href holds an entity too. */
const LINK = { html: 'https://x.test/?a=1&amp;b=2', url: 'https://x.test/?a=1&b=2' };
const HTML_WORDS = ['Hello', 'café', 'R&D', 'a<b', 'x>y', 'é', '€', '😀', '"quoted"', "it's", '{x}', '[ok]', 'ça', '你好'];

/** A word written as HTML text, each special character as one of its entities. */
function htmlWord(word: string, choice: number): string {
	return Array.from(word, (ch) => {
		const entities = ENTITY_FOR[ch];
		if (!entities) return ch;
		if (ch !== '&' && ch !== '<' && choice % 3 === 0) return ch; // sometimes written as is (fine for é, €, >, quotes)
		return entities[choice % entities.length];
	}).join('');
}

export interface HtmlSpec {
	html: string;
	/** The text a reader sees: paragraphs separated by a blank line, <br> lines by a line break. */
	text: string;
}

/** Paragraphs with <br> lines, entities and inline markup; with the text they stand for. */
export const htmlComment: fc.Arbitrary<HtmlSpec> = fc
	.array(
		fc.array(fc.array(fc.tuple(fc.constantFrom(...HTML_WORDS), fc.nat(), fc.constantFrom('', 'b', 'i', 'span', 'a')), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
		{ minLength: 1, maxLength: 3 },
	)
	.map((paragraphs) => {
		const html = paragraphs
			.map((lines) => {
				const body = lines
					.map((words) =>
						words
							.map(([word, choice, tag]) => {
								const inner = htmlWord(word, choice);
								if (tag === '') return inner;
								if (tag === 'a') return `<a href="${LINK.html}">${inner}</a>`;
								return `<${tag}>${inner}</${tag}>`;
							})
							.join(' '),
					)
					.join('<br>\n');
				return `<p>${body}</p>`;
			})
			.join('\n');
		const text = paragraphs
			.map((lines) => lines.map((words) => words.map(([word, , tag]) => (tag === 'a' ? `${word} (${LINK.url})` : word)).join(' ')).join('\n'))
			.join('\n\n');
		return { html, text };
	});

const TAGS = ['p', 'br', 'div', 'ul', 'ol', 'li', 'a', 'b', 'script', 'style', 'pre', 'table', 'tr', 'td', 'img', 'h1', 'blockquote', 'span', 'x-y'];
const HTML_PIECES = fc.oneof(
	fc.constantFrom(...TAGS).chain((tag) => fc.constantFrom(`<${tag}>`, `</${tag}>`, `<${tag}/>`, `<${tag} class="a>b" href='x'>`, `<${tag.toUpperCase()} data-x=1>`)),
	fc.constantFrom('&amp;', '&lt;', '&#0;', '&#x110000;', '&#xD800;', '&copy2026', '&notin;', '&', '&#', '&#x;', '&nbsp;', '&zwj;', '&#128512;'),
	fc.constantFrom('<!-- c -->', '<!--', '-->', '<!DOCTYPE html>', '<?xml?>', '</>', '< p>', '<', '>', '<br', '"', "'", '\u0000'),
	fc.string({ unit: smsChar, maxLength: 20 }),
);
/** Tag soup: tags, entities, comments, broken markup and text in any order. */
export const htmlSoup = fc.array(HTML_PIECES, { maxLength: 40 }).map((pieces) => pieces.join(''));

/** Every kind of comment input, for the never-throw properties. */
export const anyCommentInput = fc.oneof(
	{ arbitrary: anyUtf16, weight: 2 },
	{ arbitrary: anyUnicode, weight: 2 },
	{ arbitrary: smsText, weight: 1 },
	{ arbitrary: formattedThread(ANY_DATES).map((thread) => thread.text), weight: 2 },
	{ arbitrary: mangledThread, weight: 2 },
	{ arbitrary: htmlComment.map((spec) => spec.html), weight: 1 },
	{ arbitrary: htmlSoup, weight: 2 },
);
