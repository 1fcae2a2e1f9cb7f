// HTML → readable plain text for an SMS. Pure: no n8n import, no HTML library (the package's only runtime dependency is
// liquidjs), so this is a small tokenizer that follows the HTML standard's tokenization rules where they matter for
// comment bodies (tags with quoted attributes that may contain '>', comments, bogus comments, raw-text elements, character
// references), followed by a renderer that knows a handful of elements:
//   paragraphs and headings → blank line around; div, rows, list items → line break; <br> → line break;
//   lists → "- item" / "1. item", nested lists indented; links → "text (url)"; script/style/title → dropped;
//   every other tag is stripped and its text kept. Whitespace collapses as a browser would, except inside <pre>.
import { decodeEntities, readCharacterReference } from './htmlEntities';

export type HtmlToken =
	| { type: 'text'; text: string }
	| { type: 'raw'; tag: string; text: string }
	| { type: 'start'; name: string; attrs: Record<string, string>; selfClosing: boolean }
	| { type: 'end'; name: string };

/** Elements whose content is not markup (the tokenizer reads them up to their end tag). */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
/** Raw-text elements whose content is meant to be read. */
const RAW_TEXT_KEPT = new Set(['textarea', 'xmp']);
/** Raw-text elements whose content holds character references (RCDATA). */
const RCDATA = new Set(['title', 'textarea']);

const PARAGRAPH_BLOCKS = new Set([
	'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'hr', 'figure', 'dl', 'address', 'fieldset',
	'details', 'ul', 'ol', 'menu',
]);
const LINE_BLOCKS = new Set([
	'div', 'li', 'tr', 'dt', 'dd', 'section', 'article', 'header', 'footer', 'nav', 'aside', 'main', 'caption',
	'figcaption', 'summary', 'center', 'form', 'legend', 'option', 'body', 'html', 'tbody', 'thead', 'tfoot',
]);
const LISTS = new Set(['ul', 'ol', 'menu']);

/** Tag names that make a string count as HTML (see looksLikeHtml). */
const KNOWN_ELEMENTS = new Set([
	...PARAGRAPH_BLOCKS, ...LINE_BLOCKS, ...RAW_TEXT,
	'head', 'meta', 'link', 'br', 'wbr', 'span', 'a', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'small',
	'big', 'sub', 'sup', 'code', 'td', 'th', 'img', 'font', 'label', 'button', 'abbr', 'cite', 'q', 'mark', 'time', 'col',
	'colgroup', 'template', 'tt', 'kbd', 'samp', 'var', 'bdi', 'bdo', 'dfn', 'input', 'select', 'source', 'picture',
]);

// Character codes the tokenizer looks at.
const TAB = 9;
const LINE_FEED = 10;
const FORM_FEED = 12;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const EXCLAMATION = 33;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const SLASH = 47;
const EQUALS = 61;
const GREATER_THAN = 62;
const QUESTION = 63;

function isWhitespace(code: number): boolean {
	return code === SPACE || code === LINE_FEED || code === TAB || code === FORM_FEED || code === CARRIAGE_RETURN;
}

function isAsciiLetter(code: number): boolean {
	return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Reads a tag name starting at `i`; returns the lower-cased name and the index after it. */
function readTagName(source: string, i: number): [string, number] {
	const start = i;
	while (i < source.length) {
		const code = source.charCodeAt(i);
		if (isWhitespace(code) || code === SLASH || code === GREATER_THAN) break;
		i++;
	}
	return [source.slice(start, i).toLowerCase(), i];
}

/**
 * Reads attributes from `i` up to and including the closing '>'. Returns undefined when the input ends inside the tag
 * (the HTML standard then drops the tag).
 */
function readAttributes(
	source: string,
	i: number,
): { attrs: Record<string, string>; selfClosing: boolean; end: number } | undefined {
	const attrs: Record<string, string> = {};
	let selfClosing = false;
	while (i < source.length) {
		const code = source.charCodeAt(i);
		if (isWhitespace(code)) {
			i++;
			continue;
		}
		if (code === GREATER_THAN) return { attrs, selfClosing, end: i + 1 };
		if (code === SLASH) {
			selfClosing = source.charCodeAt(i + 1) === GREATER_THAN;
			i++;
			continue;
		}
		selfClosing = false;
		// Attribute name: up to whitespace, '/', '>' or '=' (a leading '=' belongs to the name, as in the standard).
		const nameStart = i;
		i++;
		while (i < source.length) {
			const c = source.charCodeAt(i);
			if (isWhitespace(c) || c === SLASH || c === GREATER_THAN || c === EQUALS) break;
			i++;
		}
		const name = source.slice(nameStart, i).toLowerCase();
		while (i < source.length && isWhitespace(source.charCodeAt(i))) i++;
		let value = '';
		if (source.charCodeAt(i) === EQUALS) {
			i++;
			while (i < source.length && isWhitespace(source.charCodeAt(i))) i++;
			const quote = source.charCodeAt(i);
			if (quote === DOUBLE_QUOTE || quote === SINGLE_QUOTE) {
				const close = source.indexOf(source[i], i + 1);
				if (close === -1) return undefined;
				value = source.slice(i + 1, close);
				i = close + 1;
			} else {
				const valueStart = i;
				while (i < source.length && !isWhitespace(source.charCodeAt(i)) && source.charCodeAt(i) !== GREATER_THAN) i++;
				value = source.slice(valueStart, i);
			}
			value = decodeEntities(value, true);
		}
		if (!(name in attrs)) attrs[name] = value; // the first occurrence wins
	}
	return undefined;
}

/** Splits HTML into text runs (references decoded), start and end tags, and raw-text element contents. */
export function tokenizeHtml(source: string): HtmlToken[] {
	const tokens: HtmlToken[] = [];
	let text = '';
	const pushText = () => {
		if (text) tokens.push({ type: 'text', text });
		text = '';
	};
	let i = 0;
	// Next '<' and '&' at or after i, each searched again only once passed (never rescanning the rest of the input).
	let lt = -2;
	let amp = -2;
	while (i < source.length) {
		if (lt !== -1 && lt < i) lt = source.indexOf('<', i);
		if (amp !== -1 && amp < i) amp = source.indexOf('&', i);
		if (amp !== -1 && (lt === -1 || amp < lt)) {
			text += source.slice(i, amp);
			const ref = readCharacterReference(source, amp);
			if (ref) {
				text += ref.text;
				i = ref.end;
			} else {
				text += '&';
				i = amp + 1;
			}
			continue;
		}
		if (lt === -1) {
			text += source.slice(i);
			break;
		}
		text += source.slice(i, lt);
		i = lt;
		const next = source.charCodeAt(i + 1);
		if (isAsciiLetter(next)) {
			const [name, afterName] = readTagName(source, i + 1);
			const rest = readAttributes(source, afterName);
			if (!rest) break; // input ends inside a tag: the tag is dropped
			pushText();
			tokens.push({ type: 'start', name, attrs: rest.attrs, selfClosing: rest.selfClosing });
			i = rest.end;
			if (RAW_TEXT.has(name) && !rest.selfClosing) {
				const close = findRawTextEnd(source, i, name);
				const raw = source.slice(i, close.contentEnd);
				tokens.push({ type: 'raw', tag: name, text: RCDATA.has(name) ? decodeEntities(raw) : raw });
				tokens.push({ type: 'end', name });
				i = close.end;
			}
			continue;
		}
		if (next === SLASH) {
			const after = source.charCodeAt(i + 2);
			if (isAsciiLetter(after)) {
				const [name, afterName] = readTagName(source, i + 2);
				const rest = readAttributes(source, afterName);
				if (!rest) break;
				pushText();
				tokens.push({ type: 'end', name });
				i = rest.end;
			} else if (after === GREATER_THAN) {
				i += 3; // "</>" is ignored
			} else {
				i = skipBogusComment(source, i + 2);
			}
			continue;
		}
		if (next === EXCLAMATION) {
			if (source.startsWith('--', i + 2)) {
				// Comment; "<!-->" and "<!--->" close at once, as in the standard.
				if (source.charCodeAt(i + 4) === GREATER_THAN) i += 5;
				else if (source.startsWith('->', i + 4)) i += 6;
				else {
					const close = source.indexOf('-->', i + 4);
					i = close === -1 ? source.length : close + 3;
				}
			} else {
				i = skipBogusComment(source, i + 2);
			}
			continue;
		}
		if (next === QUESTION) {
			i = skipBogusComment(source, i + 2);
			continue;
		}
		text += '<'; // a '<' that opens nothing is text ("a < b", "<3")
		i++;
	}
	pushText();
	return tokens;
}

function skipBogusComment(source: string, from: number): number {
	const close = source.indexOf('>', from);
	return close === -1 ? source.length : close + 1;
}

/** Finds "</name" (any case) followed by whitespace, '/' or '>' — the only way out of a raw-text element. */
function findRawTextEnd(source: string, from: number, name: string): { contentEnd: number; end: number } {
	const lower = source.toLowerCase();
	let at = lower.indexOf(`</${name}`, from);
	while (at !== -1) {
		const after = source.charCodeAt(at + 2 + name.length);
		if (Number.isNaN(after) || isWhitespace(after) || after === SLASH || after === GREATER_THAN) {
			const close = source.indexOf('>', at);
			return { contentEnd: at, end: close === -1 ? source.length : close + 1 };
		}
		at = lower.indexOf(`</${name}`, at + 1);
	}
	return { contentEnd: source.length, end: source.length };
}

/** True when the string contains at least one tag of a known HTML element (or an HTML comment). */
export function looksLikeHtml(source: string): boolean {
	let lt = source.indexOf('<');
	while (lt !== -1) {
		let i = lt + 1;
		if (source.charCodeAt(i) === SLASH) i++;
		if (isAsciiLetter(source.charCodeAt(i))) {
			const [name, end] = readTagName(source, i);
			const after = source.charCodeAt(end);
			const closesProperly = isWhitespace(after) || after === SLASH || after === GREATER_THAN;
			if (closesProperly && KNOWN_ELEMENTS.has(name) && source.indexOf('>', end) !== -1) return true;
		} else if (source.startsWith('!--', lt + 1) && source.indexOf('-->', lt + 4) !== -1) {
			return true;
		}
		lt = source.indexOf('<', lt + 1);
	}
	return false;
}

/** Accumulates text with browser-like whitespace handling and block breaks. */
class TextWriter {
	out = '';
	private pendingBreak = 0; // newlines owed before the next visible text: 1 line break, 2 blank line
	private pendingSpace = false;
	private pendingPrefix = ''; // list marker owed at the start of the next visible text
	private lineEmpty = true;
	private openMarks: Array<{ start: number }> = [];

	/** Returns a mark whose `start` becomes the offset of the next visible text (-1 while none came). */
	mark(): { start: number } {
		const mark = { start: -1 };
		this.openMarks.push(mark);
		return mark;
	}

	/** Requests a line break (1) or a blank line (2) before whatever comes next. */
	block(newlines: 1 | 2): void {
		if (this.out.length === 0) return;
		if (newlines > this.pendingBreak) this.pendingBreak = newlines;
		this.pendingSpace = false;
	}

	/** A hard line break (<br>). */
	lineBreak(): void {
		this.flushBreak();
		this.out += '\n';
		this.lineEmpty = true;
		this.pendingSpace = false;
	}

	listItem(prefix: string): void {
		this.block(1);
		this.pendingPrefix = prefix;
	}

	space(): void {
		if (!this.lineEmpty) this.pendingSpace = true;
	}

	/** Text whose whitespace collapses. */
	text(value: string): void {
		let wordStart = -1;
		for (let i = 0; i <= value.length; i++) {
			const white = i === value.length || isWhitespace(value.charCodeAt(i));
			if (!white) {
				if (wordStart === -1) wordStart = i;
				continue;
			}
			if (wordStart !== -1) {
				this.visible(value.slice(wordStart, i));
				wordStart = -1;
			}
			if (i < value.length && !this.lineEmpty) this.pendingSpace = true;
		}
	}

	/** Text kept exactly (inside <pre>). */
	preformatted(value: string): void {
		if (!value) return;
		const lines = value.replace(/\r\n?/g, '\n').split('\n');
		lines.forEach((line, index) => {
			if (index > 0) this.lineBreak();
			if (line) this.visible(line);
		});
	}

	/** Appends without any whitespace processing (link targets right after their text). */
	append(value: string): void {
		this.out += value;
		this.lineEmpty = false;
	}

	private flushBreak(): void {
		if (this.pendingBreak && this.out.length > 0) {
			this.out += this.pendingBreak === 2 ? '\n\n' : '\n';
			this.lineEmpty = true;
		}
		this.pendingBreak = 0;
	}

	private visible(value: string): void {
		if (this.pendingBreak) this.flushBreak();
		else if (this.pendingSpace && !this.lineEmpty) this.out += ' ';
		this.pendingSpace = false;
		if (this.pendingPrefix) {
			this.out += this.pendingPrefix;
			this.pendingPrefix = '';
		}
		if (this.openMarks.length > 0) {
			for (const mark of this.openMarks) mark.start = this.out.length;
			this.openMarks = [];
		}
		this.out += value;
		this.lineEmpty = false;
	}
}

interface ListFrame {
	ordered: boolean;
	next: number;
}

interface LinkFrame {
	href: string;
	text: { start: number };
}

/** A link target worth showing, or '' (anchors, scripts, empty). mailto:/tel: show as the address or number. */
function displayHref(raw: string | undefined): string {
	const href = (raw ?? '').trim();
	if (!href || href.startsWith('#')) return '';
	const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
	if (scheme === 'javascript' || scheme === 'data' || scheme === 'vbscript') return '';
	if (scheme === 'mailto' || scheme === 'tel' || scheme === 'sms') {
		const target = href.slice(scheme.length + 1);
		const query = target.indexOf('?');
		return decodeURIComponentSafe(query === -1 ? target : target.slice(0, query));
	}
	return href;
}

function decodeURIComponentSafe(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/** Compares a link's text and target loosely: "example.com/" and "https://www.example.com" are the same link. */
function sameLink(text: string, href: string): boolean {
	const normalize = (value: string) =>
		value
			.trim()
			.toLowerCase()
			.replace(/^[a-z][a-z0-9+.-]*:(\/\/)?/, '')
			.replace(/^www\./, '')
			.replace(/\/+$/, '');
	return normalize(text) === normalize(href);
}

/** Renders HTML as plain text (see the file header for the rules). The result is trimmed, blank-line runs collapsed. */
export function htmlToText(html: string): string {
	const writer = new TextWriter();
	const lists: ListFrame[] = [];
	const links: LinkFrame[] = [];
	let preDepth = 0;
	let templateDepth = 0;
	let skipNextNewline = false; // a newline right after <pre> is not content

	for (const token of tokenizeHtml(html)) {
		if (token.type === 'raw') {
			if (RAW_TEXT_KEPT.has(token.tag) && templateDepth === 0) writer.preformatted(token.text);
			continue;
		}
		if (token.type === 'text') {
			if (templateDepth > 0) continue;
			let text = token.text;
			if (skipNextNewline) {
				if (text.startsWith('\r\n')) text = text.slice(2);
				else if (text.startsWith('\n') || text.startsWith('\r')) text = text.slice(1);
				skipNextNewline = false;
			}
			if (preDepth > 0) writer.preformatted(text);
			else writer.text(text);
			continue;
		}
		skipNextNewline = false;
		const name = token.name;
		if (token.type === 'start') {
			if (name === 'template') {
				if (!token.selfClosing) templateDepth++;
				continue;
			}
			if (templateDepth > 0) continue;
			if (name === 'br') {
				writer.lineBreak();
			} else if (name === 'li') {
				const list = lists[lists.length - 1];
				const indent = '  '.repeat(Math.max(0, lists.length - 1));
				let marker = '- ';
				if (list?.ordered) {
					const value = Number.parseInt(token.attrs.value ?? '', 10);
					if (Number.isFinite(value)) list.next = value;
					marker = `${list.next}. `;
					list.next++;
				}
				writer.listItem(indent + marker);
			} else if (LISTS.has(name)) {
				// A list nested in a list item starts on the next line; a top-level list is its own paragraph.
				writer.block(lists.length > 0 ? 1 : 2);
				const start = Number.parseInt(token.attrs.start ?? '', 10);
				lists.push({ ordered: name === 'ol', next: Number.isFinite(start) ? start : 1 });
			} else if (PARAGRAPH_BLOCKS.has(name)) {
				writer.block(2);
				if (name === 'pre') {
					preDepth++;
					skipNextNewline = true;
				}
			} else if (LINE_BLOCKS.has(name)) {
				writer.block(1);
			} else if (name === 'td' || name === 'th') {
				writer.space();
			} else if (name === 'a' && !token.selfClosing) {
				links.push({ href: displayHref(token.attrs.href), text: writer.mark() });
			}
			continue;
		}
		// End tags.
		if (name === 'template') {
			if (templateDepth > 0) templateDepth--;
			continue;
		}
		if (templateDepth > 0) continue;
		if (name === 'br') {
			writer.lineBreak(); // "</br>" is read as <br>, as browsers do
		} else if (LISTS.has(name)) {
			if (lists.length > 0) lists.pop();
			writer.block(lists.length > 0 ? 1 : 2);
		} else if (PARAGRAPH_BLOCKS.has(name)) {
			if (name === 'pre' && preDepth > 0) preDepth--;
			writer.block(2);
		} else if (LINE_BLOCKS.has(name)) {
			writer.block(1);
		} else if (name === 'td' || name === 'th') {
			writer.space();
		} else if (name === 'a') {
			closeLink(writer, links.pop());
		}
	}
	while (links.length > 0) closeLink(writer, links.pop());
	return tidyText(writer.out);
}

function closeLink(writer: TextWriter, link: LinkFrame | undefined): void {
	if (!link || !link.href) return;
	const text = link.text.start === -1 ? '' : writer.out.slice(link.text.start).trim();
	if (!text) writer.text(link.href);
	else if (!sameLink(text, link.href)) writer.append(` (${link.href})`);
}

/** Leading or trailing space, spaces before a line end (blank lines made of spaces too), or two blank lines in a row. */
const NEEDS_TIDYING = /^\s|\s$|[^\S\n]\n|\n\n\n/;

/** Trailing spaces off every line, runs of blank lines down to one, leading/trailing blank space removed. */
export function tidyText(text: string): string {
	if (!NEEDS_TIDYING.test(text)) return text;
	const lines = text.split('\n');
	const kept: string[] = [];
	let blank = 0;
	for (const raw of lines) {
		const line = raw.trimEnd();
		if (line.trim() === '') {
			blank++;
			continue;
		}
		if (kept.length > 0 && blank > 0) kept.push('');
		blank = 0;
		kept.push(kept.length === 0 ? line.trimStart() : line);
	}
	return kept.join('\n');
}
