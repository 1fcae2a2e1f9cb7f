// An independent SMS counter, written from 3GPP TS 23.038 and the carriers' segment sizes rather than from
// nodes/ParseZendeskComment/smsEncoding.ts, so that the fuzz tests compare two implementations.
//
// GSM-7 default alphabet, by code 0x00–0x7F (0x1B is the escape to the extension table, not a character).
const GSM7_BY_CODE = [
	'@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å',
	'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', null, 'Æ', 'æ', 'ß', 'É',
	' ', '!', '"', '#', '¤', '%', '&', "'", '(', ')', '*', '+', ',', '-', '.', '/',
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
	'¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
	'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
	'¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
];
/** The extension table's characters (escape + code: two septets): form feed ^ { } \ [ ~ ] | €. */
const GSM7_EXTENSION_TABLE: Record<number, string> = {
	0x0a: '\f', 0x14: '^', 0x28: '{', 0x29: '}', 0x2f: '\\', 0x3c: '[', 0x3d: '~', 0x3e: ']', 0x40: '|', 0x65: '€',
};

const BASIC = new Set(GSM7_BY_CODE.filter((ch): ch is string => ch !== null));
const EXTENSION = new Set(Object.values(GSM7_EXTENSION_TABLE));

export const REFERENCE_GSM7_BASIC = [...BASIC].join('');
export const REFERENCE_GSM7_EXTENSION = [...EXTENSION].join('');

export interface ReferenceCount {
	encoding: 'GSM-7' | 'UCS-2';
	characters: number;
	segments: number;
}

/** Septets of one character in GSM-7, or undefined when it has none. */
function septets(ch: string): number | undefined {
	if (BASIC.has(ch)) return 1;
	if (EXTENSION.has(ch)) return 2;
	return undefined;
}

export function referenceIsGsm7(text: string): boolean {
	return Array.from(text).every((ch) => septets(ch) !== undefined);
}

/**
 * Units per character: septets in GSM-7, UTF-16 code units in UCS-2 (a code point outside the BMP is a surrogate pair,
 * 2 units; a lone surrogate is 1).
 */
function units(text: string, gsm: boolean): number[] {
	return Array.from(text, (ch) => (gsm ? (septets(ch) as number) : ch.length));
}

/**
 * One segment up to 160 septets / 70 units; beyond, segments of 153 / 67 (the rest is the concatenation header), filled
 * one character at a time, a character (escape sequence, surrogate pair) never split across two segments.
 */
export function referenceCount(text: string): ReferenceCount {
	const gsm = referenceIsGsm7(text);
	const costs = units(text, gsm);
	const characters = costs.reduce((sum, cost) => sum + cost, 0);
	const single = gsm ? 160 : 70;
	const multi = gsm ? 153 : 67;
	let segments: number;
	if (characters === 0) segments = 0;
	else if (characters <= single) segments = 1;
	else {
		segments = 1;
		let room = multi;
		for (const cost of costs) {
			if (cost > room) {
				segments++;
				room = multi;
			}
			room -= cost;
		}
	}
	return { encoding: gsm ? 'GSM-7' : 'UCS-2', characters, segments };
}
