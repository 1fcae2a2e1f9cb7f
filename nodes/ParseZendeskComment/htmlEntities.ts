// HTML character references: the named ones a support comment realistically carries, plus numeric ones decoded by the
// rules of the HTML standard (§ 13.2.5.80). Pure: no n8n import.

/** Named references. Those marked legacy below may also appear without the trailing semicolon, as in browsers. */
const NAMED: Record<string, string> = {
	// Markup-significant and the usual suspects.
	amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
	// Spaces and invisible characters.
	nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', zwnj: '\u200c', zwj: '\u200d', lrm: '\u200e',
	rlm: '\u200f', shy: '\u00ad',
	// Punctuation.
	ndash: '\u2013', mdash: '\u2014', lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201a', ldquo: '\u201c', rdquo: '\u201d',
	bdquo: '\u201e', hellip: '\u2026', bull: '\u2022', middot: '\u00b7', prime: '\u2032', Prime: '\u2033',
	lsaquo: '\u2039', rsaquo: '\u203a', laquo: '\u00ab', raquo: '\u00bb', dagger: '\u2020', Dagger: '\u2021',
	permil: '\u2030', oline: '\u203e', frasl: '\u2044', iexcl: '\u00a1', iquest: '\u00bf', sect: '\u00a7', para: '\u00b6',
	// Currency and symbols.
	euro: '\u20ac', cent: '\u00a2', pound: '\u00a3', curren: '\u00a4', yen: '\u00a5', copy: '\u00a9', reg: '\u00ae',
	trade: '\u2122', deg: '\u00b0', plusmn: '\u00b1', times: '\u00d7', divide: '\u00f7', micro: '\u00b5', ordf: '\u00aa',
	ordm: '\u00ba', not: '\u00ac', macr: '\u00af', acute: '\u00b4', cedil: '\u00b8', uml: '\u00a8', brvbar: '\u00a6',
	sup1: '\u00b9', sup2: '\u00b2', sup3: '\u00b3', frac14: '\u00bc', frac12: '\u00bd', frac34: '\u00be',
	larr: '\u2190', uarr: '\u2191', rarr: '\u2192', darr: '\u2193', harr: '\u2194', minus: '\u2212', check: '\u2713',
	hearts: '\u2665', star: '\u2606', starf: '\u2605',
	// Latin-1 letters.
	Agrave: 'À', Aacute: 'Á', Acirc: 'Â', Atilde: 'Ã', Auml: 'Ä', Aring: 'Å', AElig: 'Æ', Ccedil: 'Ç', Egrave: 'È',
	Eacute: 'É', Ecirc: 'Ê', Euml: 'Ë', Igrave: 'Ì', Iacute: 'Í', Icirc: 'Î', Iuml: 'Ï', ETH: 'Ð', Ntilde: 'Ñ',
	Ograve: 'Ò', Oacute: 'Ó', Ocirc: 'Ô', Otilde: 'Õ', Ouml: 'Ö', Oslash: 'Ø', Ugrave: 'Ù', Uacute: 'Ú', Ucirc: 'Û',
	Uuml: 'Ü', Yacute: 'Ý', THORN: 'Þ', szlig: 'ß', agrave: 'à', aacute: 'á', acirc: 'â', atilde: 'ã', auml: 'ä',
	aring: 'å', aelig: 'æ', ccedil: 'ç', egrave: 'è', eacute: 'é', ecirc: 'ê', euml: 'ë', igrave: 'ì', iacute: 'í',
	icirc: 'î', iuml: 'ï', eth: 'ð', ntilde: 'ñ', ograve: 'ò', oacute: 'ó', ocirc: 'ô', otilde: 'õ', ouml: 'ö',
	oslash: 'ø', ugrave: 'ù', uacute: 'ú', ucirc: 'û', uuml: 'ü', yacute: 'ý', thorn: 'þ', yuml: 'ÿ',
	// Latin Extended letters common in European names.
	OElig: 'Œ', oelig: 'œ', Scaron: 'Š', scaron: 'š', Yuml: 'Ÿ', fnof: 'ƒ', circ: 'ˆ', tilde: '˜',
};

/** Names browsers accept without ';' (the Latin-1 set and the four markup ones). */
const LEGACY = new Set([
	'amp', 'lt', 'gt', 'quot', 'nbsp', 'iexcl', 'cent', 'pound', 'curren', 'yen', 'brvbar', 'sect', 'uml', 'copy', 'ordf',
	'laquo', 'not', 'shy', 'reg', 'macr', 'deg', 'plusmn', 'sup2', 'sup3', 'acute', 'micro', 'para', 'middot', 'cedil',
	'sup1', 'ordm', 'raquo', 'frac14', 'frac12', 'frac34', 'iquest', 'times', 'divide', 'szlig',
	'Agrave', 'Aacute', 'Acirc', 'Atilde', 'Auml', 'Aring', 'AElig', 'Ccedil', 'Egrave', 'Eacute', 'Ecirc', 'Euml',
	'Igrave', 'Iacute', 'Icirc', 'Iuml', 'ETH', 'Ntilde', 'Ograve', 'Oacute', 'Ocirc', 'Otilde', 'Ouml', 'Oslash',
	'Ugrave', 'Uacute', 'Ucirc', 'Uuml', 'Yacute', 'THORN', 'agrave', 'aacute', 'acirc', 'atilde', 'auml', 'aring',
	'aelig', 'ccedil', 'egrave', 'eacute', 'ecirc', 'euml', 'igrave', 'iacute', 'icirc', 'iuml', 'eth', 'ntilde',
	'ograve', 'oacute', 'ocirc', 'otilde', 'ouml', 'oslash', 'ugrave', 'uacute', 'ucirc', 'uuml', 'yacute', 'thorn', 'yuml',
]);
const LONGEST_NAME = Math.max(...Object.keys(NAMED).map((name) => name.length));

/** Code points 0x80–0x9F written as numeric references mean their Windows-1252 characters (HTML standard). */
const WINDOWS_1252: Record<number, number> = {
	0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6,
	0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c,
	0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a,
	0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

function isAlnum(code: number): boolean {
	return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isDigit(code: number, hex: boolean): boolean {
	return (code >= 48 && code <= 57) || (hex && ((code >= 65 && code <= 70) || (code >= 97 && code <= 102)));
}

function fromCodePoint(value: number): string {
	if (value === 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return '\ufffd';
	return String.fromCodePoint(WINDOWS_1252[value] ?? value);
}

/**
 * Reads one character reference starting at `start` (which holds '&').
 * Returns the decoded text and the index just after the reference, or undefined when '&' starts no reference
 * (then the caller keeps the '&' literally, as browsers do).
 */
export function readCharacterReference(
	source: string,
	start: number,
	inAttribute = false,
): { text: string; end: number } | undefined {
	let i = start + 1;
	if (source.charCodeAt(i) === 35 /* # */) {
		i++;
		const hex = source.charCodeAt(i) === 120 || source.charCodeAt(i) === 88; /* x X */
		if (hex) i++;
		const digitsStart = i;
		let value = 0;
		while (i < source.length && isDigit(source.charCodeAt(i), hex)) {
			// Clamp so absurdly long references cannot overflow into a valid code point.
			value = Math.min(value * (hex ? 16 : 10) + parseInt(source[i], 16), 0x110000);
			i++;
		}
		if (i === digitsStart) return undefined;
		if (source.charCodeAt(i) === 59 /* ; */) i++;
		return { text: fromCodePoint(value), end: i };
	}
	let nameEnd = i;
	while (nameEnd < source.length && nameEnd - i <= LONGEST_NAME && isAlnum(source.charCodeAt(nameEnd))) nameEnd++;
	if (nameEnd === i) return undefined;
	const name = source.slice(i, nameEnd);
	if (source.charCodeAt(nameEnd) === 59 /* ; */ && Object.prototype.hasOwnProperty.call(NAMED, name)) {
		return { text: NAMED[name], end: nameEnd + 1 };
	}
	// Legacy references without ';': the longest known prefix wins ("&copy2026" → "©2026"). Inside attribute values a
	// following alphanumeric or '=' keeps the text literal, so query strings such as "?a=1&copy=2" survive.
	for (let end = nameEnd; end > i; end--) {
		const prefix = source.slice(i, end);
		if (!LEGACY.has(prefix)) continue;
		const next = source.charCodeAt(end);
		if (inAttribute && (isAlnum(next) || next === 61 /* = */)) return undefined;
		return { text: NAMED[prefix], end };
	}
	return undefined;
}

/** Decodes every character reference in a string (attribute values, text runs). */
export function decodeEntities(source: string, inAttribute = false): string {
	let amp = source.indexOf('&');
	if (amp === -1) return source;
	let out = '';
	let last = 0;
	while (amp !== -1) {
		const ref = readCharacterReference(source, amp, inAttribute);
		if (ref) {
			out += source.slice(last, amp) + ref.text;
			last = ref.end;
			amp = source.indexOf('&', ref.end);
		} else {
			amp = source.indexOf('&', amp + 1);
		}
	}
	return out + source.slice(last);
}
