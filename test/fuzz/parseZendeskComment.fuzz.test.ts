// Property-based tests of Parse Zendesk Comment's pure modules: the comment parser and the SMS rules, checked against
// an independent SMS counter (smsReference.ts). 100,000 generated cases at FUZZ_SCALE=1 (see fuzzConfig.ts).
// Inside properties, node:assert instead of jest's expect: expect costs about 0.2 ms a call, which at this many cases
// would be most of the run time; fast-check reports the failing assertion with its shrunk input either way.
import assert from 'node:assert/strict';

import fc from 'fast-check';

import { parseComment } from '../../nodes/ParseZendeskComment/commentParser';
import {
	countSms,
	fitToSegments,
	smartEncode,
	TRUNCATION_MARKER,
} from '../../nodes/ParseZendeskComment/smsEncoding';
import { composeSms, type Sms, type SmsWording } from '../../nodes/ParseZendeskComment/smsWording';
import {
	anyCommentInput,
	anyUnicode,
	anyUtf16,
	formattedThread,
	gsmText,
	htmlComment,
	LOOK_ALIKES,
	smsText,
	smsWording,
} from './commentArbitraries';
import { fuzzRuns, scaled } from './fuzzConfig';
import { referenceCount, referenceIsGsm7, REFERENCE_GSM7_BASIC } from './smsReference';

/** Cases per property; they add up to 100,000. */
const RUNS = {
	parseAnything: 35_000,
	formattedThread: 10_000,
	html: 5_000,
	count: 20_000,
	fit: 15_000,
	compose: 5_000,
	smartEncoding: 10_000,
};

const maxSegments = fc.integer({ min: 1, max: 10 });

/** What a cut text may not end with (DESIGN: cut at a word boundary; dangling separators and spaces go). */
const CUT_TAIL = /[\s,;:.\-\u2013\u2014]+$/u;
const trimCut = (text: string) => text.replace(CUT_TAIL, '');
/** A word boundary is Unicode white space (U+2028 LINE SEPARATOR included, U+FEFF BYTE ORDER MARK not). */
const isWhitespace = (ch: string | undefined) => ch !== undefined && /\p{White_Space}/u.test(ch);

/** Indexes where a word ends: a space that follows a non-space. */
function wordEnds(text: string): number[] {
	const ends: number[] = [];
	for (let i = 1; i < text.length; i++) if (isWhitespace(text[i]) && !isWhitespace(text[i - 1])) ends.push(i);
	return ends;
}

/** Indexes between two characters (never inside a surrogate pair). */
function characterEnds(text: string): number[] {
	const ends: number[] = [];
	for (let i = 1; i < text.length; i++) {
		const pair = /[\ud800-\udbff]/.test(text[i - 1]) && /[\udc00-\udfff]/.test(text[i]);
		if (!pair) ends.push(i);
	}
	return ends;
}

const LOOK_ALIKE_OR_TAB = new RegExp(`[${LOOK_ALIKES.join('')}\\t\\f]`, 'gu');

const cutFits = (text: string, end: number, segments: number, wrap: (cut: string) => string = (cut) => cut) =>
	referenceCount(wrap(trimCut(text.slice(0, end)) + TRUNCATION_MARKER)).segments <= segments;

/**
 * Checks a truncated text: `wrap` of `text` up to one of `ends` (trailing separators dropped) plus the marker, and the
 * next end would not have fitted (the longest cut was taken). Returns false when no end produces that text.
 */
function isLongestCutAt(
	text: string,
	truncated: string,
	ends: number[],
	segments: number,
	wrap: (cut: string) => string = (cut) => cut,
): boolean {
	const index = ends.findIndex((end) => wrap(trimCut(text.slice(0, end)) + TRUNCATION_MARKER) === truncated);
	if (index === -1) return false;
	const cut = trimCut(text.slice(0, ends[index]));
	const next = ends.find((end) => end > ends[index] && trimCut(text.slice(0, end)) !== cut);
	return next === undefined || !cutFits(text, next, segments, wrap);
}

/** Where a cut of `text` may end: its word ends when the first of them fits, else between any two characters. */
function cutEnds(text: string, segments: number, wrap?: (cut: string) => string): { ends: number[]; kind: string } {
	const words = wordEnds(text);
	if (words.length > 0 && cutFits(text, words[0], segments, wrap)) return { ends: words, kind: 'word' };
	return { ends: characterEnds(text), kind: 'character' };
}

/** The text tidied as an SMS body should be, written apart from the node: CR line ends, trailing spaces, blank runs. */
function referenceTidy(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((line) => line.replace(/\s+$/u, ''))
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.replace(/^\s+|\s+$/gu, '');
}

/**
 * composeSms within `segments`: counts true to the text it returns and within the cap; cut (truncated) exactly when the
 * whole SMS (the same call without a cap) is too long. The whole SMS is the wording and the message as written (tidied);
 * a cut one is the wording, whole, around the message cut at its longest word boundary (or between characters when
 * no word fits) + "..."; when not even one character of the message fits beside the wording, the whole text is cut.
 */
function assertComposed(message: string, wording: SmsWording, segments: number, smartEncoding: boolean): Sms {
	const sms = composeSms(message, wording, { maxSegments: segments, smartEncoding });
	const uncapped = (body: string) => composeSms(body, wording, { maxSegments: Number.POSITIVE_INFINITY, smartEncoding });
	const full = uncapped(message);
	assert.equal(full.truncated, false);
	if (!smartEncoding) assert.equal(full.text, referenceTidy(wording.before + message + wording.after));
	assert.equal(sms.truncated, referenceCount(full.text).segments > segments, 'truncated iff the whole SMS is too long');
	assert.deepEqual({ encoding: sms.encoding, characters: sms.characters, segments: sms.segments }, referenceCount(sms.text));
	assert.ok(sms.segments <= segments, `${sms.segments} segments for a cap of ${segments}`);
	if (!sms.truncated) {
		assert.equal(sms.text, full.text);
		return sms;
	}
	const wrap = (cut: string) => uncapped(cut).text;
	const { ends, kind } = cutEnds(message, segments, wrap);
	if (ends.some((end) => cutFits(message, end, segments, wrap))) {
		assert.ok(isLongestCutAt(message, sms.text, ends, segments, wrap), `not the longest ${kind} cut of the message`);
	} else {
		// The wording leaves no room for the message: the whole text is cut (fitToSegments, its own property below).
		assert.equal(sms.text, fitToSegments(full.text, segments).text);
	}
	return sms;
}

describe('fuzz: parseComment', () => {
	it(`never throws on a string and leaves a tidy message (${scaled(RUNS.parseAnything)} inputs)`, () => {
		fc.assert(
			fc.property(anyCommentInput, (input) => {
				const parsed = parseComment(input);
				assert.equal(parsed.message, parsed.message.trim(), 'leading or trailing white space');
				assert.doesNotMatch(parsed.message, /\n\n\n/);
				// No blank line made of spaces either: a line break, spaces, a line break, spaces, a line break.
				assert.doesNotMatch(parsed.message, /\n[^\S\n]*\n[^\S\n]*\n/);
				assert.ok(parsed.format === 'zendesk' || parsed.format === 'plain');
				for (const file of parsed.attachments) assert.match(file.url, /^https?:\/\/\S+$/i);
			}),
			fuzzRuns(RUNS.parseAnything),
		);
	});

	it(`reads a Zendesk-formatted thread built from its parts: newest message, author, date, files (${scaled(RUNS.formattedThread)} threads)`, () => {
		fc.assert(
			fc.property(formattedThread(), ({ text, newest, above }) => {
				const parsed = parseComment(text);
				if (above) {
					// Text written above a quoted thread is the new message; the thread's header is not its author.
					assert.deepEqual(
						{ message: parsed.message, author: parsed.author, postedAt: parsed.postedAt, attachments: parsed.attachments },
						{ message: above, author: '', postedAt: '', attachments: [] },
					);
				} else {
					assert.deepEqual(parsed, {
						message: newest.message,
						author: newest.author,
						postedAt: newest.postedAt,
						format: 'zendesk',
						attachments: newest.attachments,
						html: false,
					});
				}
			}),
			fuzzRuns(RUNS.formattedThread),
		);
	});

	it(`reads HTML paragraphs, line breaks, inline tags and entities as the text they show (${scaled(RUNS.html)} fragments)`, () => {
		fc.assert(
			fc.property(htmlComment, ({ html, text }) => {
				const parsed = parseComment(html);
				assert.equal(parsed.html, true);
				assert.equal(parsed.message, text);
			}),
			fuzzRuns(RUNS.html),
		);
	});
});

describe('fuzz: SMS counting', () => {
	it(`countSms agrees with an independent GSM-7/UCS-2 counter (${scaled(RUNS.count)} texts)`, () => {
		fc.assert(
			fc.property(fc.oneof(smsText, gsmText, anyUtf16, anyUnicode), (text) => {
				assert.deepEqual(countSms(text), referenceCount(text));
			}),
			fuzzRuns(RUNS.count),
		);
	});

	it(`fitToSegments fits 1–10 segments, cuts only what is too long, at the longest word boundary that fits (${scaled(RUNS.fit)} cases)`, () => {
		fc.assert(
			fc.property(smsText, maxSegments, (text, segments) => {
				const fitted = fitToSegments(text, segments);
				const before = referenceCount(text);
				assert.equal(fitted.truncated, before.segments > segments, 'truncated iff too long');
				assert.ok(referenceCount(fitted.text).segments <= segments, 'fits');
				if (!fitted.truncated) {
					assert.equal(fitted.text, text);
					return;
				}
				assert.ok(fitted.text.endsWith(TRUNCATION_MARKER), 'ends with the marker');
				const cut = fitted.text.slice(0, -TRUNCATION_MARKER.length);
				assert.ok(text.startsWith(cut), 'a prefix');
				assert.equal(cut, trimCut(cut));
				const { ends, kind } = cutEnds(text, segments);
				assert.ok(isLongestCutAt(text, fitted.text, ends, segments), `not the longest ${kind} cut`);
			}),
			// Found by this property: U+2028 (a line separator, so white space) was not a word boundary for the cut.
			fuzzRuns(RUNS.fit, { examples: [[`${'@'.repeat(84)} ${'@'.repeat(65)}\u2028`, 1]] }),
		);
	});

	it(`composeSms keeps the wording whole, cuts only a message too long at its longest word boundary + "...", fits 1–10 segments and counts true (${scaled(RUNS.compose)} cases)`, () => {
		fc.assert(
			fc.property(smsText, smsWording, maxSegments, fc.boolean(), (message, wording, segments, smartEncoding) => {
				const sms = assertComposed(message, wording, segments, smartEncoding);
				if (smartEncoding && referenceIsGsm7((wording.before + message + wording.after).replace(LOOK_ALIKE_OR_TAB, ''))) {
					assert.equal(sms.encoding, 'GSM-7');
				}
			}),
			fuzzRuns(RUNS.compose),
		);
	});

	it(`smart encoding never makes GSM-7 text UCS-2, keeps GSM-7 text as is, and is idempotent (${scaled(RUNS.smartEncoding)} texts)`, () => {
		const gsmWithLookAlikes = fc.string({ unit: fc.constantFrom(...REFERENCE_GSM7_BASIC, ...LOOK_ALIKES), maxLength: 300 });
		fc.assert(
			fc.property(fc.oneof(smsText, gsmText, gsmWithLookAlikes, anyUnicode), (text) => {
				const encoded = smartEncode(text);
				if (referenceIsGsm7(text)) assert.equal(encoded, text);
				assert.equal(smartEncode(encoded), encoded, 'idempotent');
				// Look-alikes alone never force UCS-2: once replaced, a text of GSM-7 and look-alikes is GSM-7.
				if (referenceIsGsm7(text.replace(new RegExp(`[${LOOK_ALIKES.join('')}]`, 'gu'), ''))) {
					assert.equal(referenceCount(encoded).encoding, 'GSM-7');
				}
			}),
			fuzzRuns(RUNS.smartEncoding),
		);
	});
});
