import fc from 'fast-check';

import {
	countSms,
	cutToFit,
	fitToSegments,
	GSM7_EXTENSION,
	isGsm7,
	smartEncode,
	TRUNCATION_MARKER,
} from '../../../nodes/ParseZendeskComment/smsEncoding';

const gsm = (n: number) => 'a'.repeat(n);
const ucs = (n: number) => 'ê'.repeat(n); // ê is not in GSM-7

describe('countSms — GSM-7', () => {
	it.each([
		[0, 0],
		[1, 1],
		[160, 1],
		[161, 2],
		[306, 2],
		[307, 3],
		[459, 3],
		[460, 4],
		[1530, 10],
		[1531, 11],
	])('%i basic characters → %i segment(s)', (length, segments) => {
		expect(countSms(gsm(length))).toEqual({ encoding: 'GSM-7', characters: length, segments });
	});

	it('counts the whole basic table (accents, Greek capitals, @ £ ¥ § ¿ ¡, LF and CR) as one each', () => {
		const basic = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà';
		expect(countSms(basic)).toEqual({ encoding: 'GSM-7', characters: basic.length, segments: 1 });
	});

	it.each([...'^{}\\[~]|€'])('counts the extension character %j as two', (ch) => {
		expect(countSms(ch)).toEqual({ encoding: 'GSM-7', characters: 2, segments: 1 });
	});

	it('lists the extension table (form feed included)', () => {
		expect([...GSM7_EXTENSION].sort()).toEqual([...'\f^{}\\[~]|€'].sort());
	});

	it('puts the single-message boundary at 160 septets with extension characters', () => {
		expect(countSms(gsm(158) + '€')).toMatchObject({ characters: 160, segments: 1 });
		expect(countSms(gsm(159) + '€')).toMatchObject({ characters: 161, segments: 2 });
		expect(countSms('€'.repeat(80))).toMatchObject({ characters: 160, segments: 1 });
		expect(countSms('€'.repeat(81))).toMatchObject({ characters: 162, segments: 2 });
	});

	it('never splits an escape sequence across two segments', () => {
		// 306 septets would fill two segments, but the "€" after 152 basic characters cannot straddle the 153-septet
		// boundary: segment 1 carries 152, segment 2 starts with the "€" and overflows.
		expect(countSms(gsm(152) + '€' + gsm(152))).toMatchObject({ encoding: 'GSM-7', characters: 306, segments: 3 });
		expect(countSms(gsm(151) + '€' + gsm(153))).toMatchObject({ characters: 306, segments: 2 });
	});

	it('is not fooled by the escape code itself or by ç (only Ç is GSM-7)', () => {
		expect(countSms('\u001b').encoding).toBe('UCS-2');
		expect(countSms('ç').encoding).toBe('UCS-2');
		expect(countSms('Ç').encoding).toBe('GSM-7');
	});
});

describe('countSms — UCS-2', () => {
	it.each([
		[70, 1],
		[71, 2],
		[134, 2],
		[135, 3],
		[670, 10],
		[671, 11],
	])('%i UCS-2 characters → %i segment(s)', (length, segments) => {
		expect(countSms(ucs(length))).toEqual({ encoding: 'UCS-2', characters: length, segments });
	});

	it('switches the whole message to UCS-2 for one character outside GSM-7', () => {
		expect(countSms(gsm(100) + 'ê')).toEqual({ encoding: 'UCS-2', characters: 101, segments: 2 });
	});

	it('counts extension characters as one in UCS-2', () => {
		expect(countSms('€'.repeat(69) + 'ê')).toEqual({ encoding: 'UCS-2', characters: 70, segments: 1 });
	});

	it('counts an emoji as two UTF-16 units', () => {
		expect(countSms('😀')).toEqual({ encoding: 'UCS-2', characters: 2, segments: 1 });
		expect(countSms('😀'.repeat(35))).toEqual({ encoding: 'UCS-2', characters: 70, segments: 1 });
		expect(countSms(gsm(69) + '😀')).toEqual({ encoding: 'UCS-2', characters: 71, segments: 2 });
	});

	it('never splits a surrogate pair across two segments', () => {
		// 134 units would fill two segments, but the emoji after 66 units moves whole to segment 2, which overflows.
		expect(countSms(ucs(66) + '😀' + ucs(66))).toMatchObject({ characters: 134, segments: 3 });
		expect(countSms(ucs(65) + '😀' + ucs(67))).toMatchObject({ characters: 134, segments: 2 });
	});
});

describe('smartEncode', () => {
	it.each([
		['‘single’ ‚low‛', "'single' 'low'"],
		['“double” „low‟ «guillemets»', '"double" "low" "guillemets"'],
		['en – em — bar ― minus −', 'en - em - bar - minus -'],
		['wait…', 'wait...'],
		['10\u00a0€ 10\u202f% a\u2009b', '10 € 10 % a b'],
		['zero\u200bwidth soft\u00adhyphen', 'zerowidth softhyphen'],
		['• bullet', '- bullet'],
		['tab\there', 'tab here'],
	])('turns %j into GSM-7 %j', (input, output) => {
		expect(smartEncode(input)).toBe(output);
		expect(isGsm7(smartEncode(input))).toBe(true);
	});

	it('keeps one curly apostrophe from doubling the cost of a message', () => {
		const text = `It’s ${gsm(150)}`;
		expect(countSms(text)).toMatchObject({ encoding: 'UCS-2', segments: 3 });
		expect(countSms(smartEncode(text))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
	});

	it('leaves GSM-7 text and real non-GSM characters alone', () => {
		expect(smartEncode('Hello é € [x]')).toBe('Hello é € [x]');
		expect(smartEncode('Grüße 😀 ça')).toBe('Grüße 😀 ça');
	});
});

describe('fitToSegments', () => {
	const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`).join(' ');

	it('leaves a text that fits unchanged', () => {
		expect(fitToSegments(gsm(1530), 10)).toEqual({ text: gsm(1530), truncated: false });
	});

	it('cuts a GSM-7 text at a word boundary, ends it with the marker, and fits', () => {
		const text = words(400);
		const fitted = fitToSegments(text, 10);
		expect(fitted.truncated).toBe(true);
		expect(fitted.text.endsWith(TRUNCATION_MARKER)).toBe(true);
		const kept = fitted.text.slice(0, -TRUNCATION_MARKER.length);
		expect(text.startsWith(kept)).toBe(true);
		expect(text[kept.length]).toBe(' '); // ends where a word ended
		expect(countSms(fitted.text)).toMatchObject({ encoding: 'GSM-7', segments: 10 });
		expect(countSms(fitted.text).characters).toBeGreaterThan(1530 - 10); // and uses the room it has
	});

	it('fits a UCS-2 text in UCS-2 segments', () => {
		const text = 'Café crème 😀 '.repeat(100);
		const fitted = fitToSegments(text, 3);
		expect(countSms(fitted.text)).toMatchObject({ encoding: 'UCS-2' });
		expect(countSms(fitted.text).segments).toBeLessThanOrEqual(3);
		expect(fitted.text.endsWith('...')).toBe(true);
	});

	it('fits one segment exactly', () => {
		const fitted = fitToSegments(words(50), 1);
		expect(countSms(fitted.text).segments).toBe(1);
		expect(fitted.text).toMatch(/word\d+\.\.\.$/);
	});

	it('drops a dangling comma or dash before the marker', () => {
		expect(fitToSegments(`${gsm(150)}, ${gsm(20)}`, 1).text).toBe(`${gsm(150)}...`);
		expect(fitToSegments(`${gsm(150)} - ${gsm(20)}`, 1).text).toBe(`${gsm(150)}...`);
	});

	it('cuts a single overlong word between characters, never inside an emoji', () => {
		const fitted = fitToSegments('😀'.repeat(100), 1);
		expect(fitted.text).toBe('😀'.repeat(33) + '...');
		expect(countSms(fitted.text)).toEqual({ encoding: 'UCS-2', characters: 69, segments: 1 });
	});

	it('switches back to GSM-7 when the cut leaves out the only UCS-2 character', () => {
		const fitted = fitToSegments(`${words(40)} 😀`, 1);
		expect(countSms(fitted.text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
	});

	it('always fits and always ends with the marker when cut (property)', () => {
		const alphabet = fc.constantFrom('a', 'b', ' ', ' ', '\n', '€', '[', 'é', 'ê', '😀', '’', '.');
		fc.assert(
			fc.property(fc.array(alphabet, { minLength: 1, maxLength: 2500 }), fc.integer({ min: 1, max: 10 }), (chars, max) => {
				const text = chars.join('');
				const fitted = fitToSegments(text, max);
				expect(countSms(fitted.text).segments).toBeLessThanOrEqual(max);
				if (fitted.truncated) expect(fitted.text.endsWith(TRUNCATION_MARKER)).toBe(true);
				else expect(fitted.text).toBe(text);
			}),
			{ numRuns: 300 },
		);
	});
});

describe('cutToFit', () => {
	it('cuts the inner text so that its surroundings stay whole', () => {
		const wrap = (cut: string) => `Header:\n${cut}\n\nFooter stays.`;
		const result = cutToFit('lorem ipsum '.repeat(100).trim(), 1, '...', wrap);
		expect(result).toMatch(/^Header:\nlorem ipsum .*\.\.\.\n\nFooter stays\.$/s);
		expect(countSms(result ?? '').segments).toBe(1);
	});

	it('gives up when the surroundings alone are too long', () => {
		expect(cutToFit('short text', 1, '...', (cut) => `${gsm(200)} ${cut}`)).toBeUndefined();
	});
});
