import { countSms } from '../../../nodes/ParseZendeskComment/smsEncoding';
import { composeSms, DEFAULT_TEXT_AFTER, DEFAULT_TEXT_BEFORE } from '../../../nodes/ParseZendeskComment/smsWording';

const OPTIONS = { maxSegments: 10, smartEncoding: true };
const DEFAULT_WORDING = { before: DEFAULT_TEXT_BEFORE, after: DEFAULT_TEXT_AFTER };
const GREETING = 'New message from Zendesk:\n';
const FOOTER = '\n\nFeel free to respond directly to this number!';

describe('composeSms', () => {
	it('writes the default wording around the whole message: the seed recipe text', () => {
		expect(composeSms('Line one\nLine two', DEFAULT_WORDING, OPTIONS)).toEqual({
			text: 'New message from Zendesk:\nLine one\nLine two\n\nFeel free to respond directly to this number!',
			encoding: 'GSM-7',
			segments: 1,
			characters: 90,
			truncated: false,
		});
	});

	it('writes any wording as is, and nothing around the message when both are blank', () => {
		expect(composeSms('Hi', { before: '#42 Jane: ', after: ' (reply here)' }, OPTIONS).text).toBe('#42 Jane: Hi (reply here)');
		expect(composeSms('Hi', { before: '', after: '' }, OPTIONS).text).toBe('Hi');
	});

	it('smart-encodes the message and the wording when asked, and only then', () => {
		const wording = { before: '“Support” — ', after: '' };
		const message = 'We’ll call you — promise…';
		expect(composeSms(message, wording, OPTIONS)).toMatchObject({
			text: `"Support" - We'll call you - promise...`,
			encoding: 'GSM-7',
			segments: 1,
			truncated: false,
		});
		expect(composeSms(message, wording, { ...OPTIONS, smartEncoding: false })).toMatchObject({ encoding: 'UCS-2', segments: 1 });
	});

	it('trims the text, its trailing spaces, CR line ends and extra blank lines', () => {
		expect(composeSms('there', { before: '\nHello   \r\n\n\n\n', after: '  \n\n' }, OPTIONS).text).toBe('Hello\n\nthere');
	});

	it('cuts a long message at a word boundary, keeps the wording whole, and fits the cap', () => {
		const message = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ');
		const sms = composeSms(message, DEFAULT_WORDING, OPTIONS);
		expect(sms).toMatchObject({ truncated: true, segments: 10, encoding: 'GSM-7' });
		expect(sms.text.startsWith(`${GREETING}word0 word1`)).toBe(true);
		expect(sms.text.endsWith(`...${FOOTER}`)).toBe(true);
		const kept = sms.text.slice(GREETING.length, -`...${FOOTER}`.length);
		expect(message.startsWith(kept)).toBe(true);
		expect(message[kept.length]).toBe(' ');
		// The next word would not have fitted.
		const longer = `${GREETING}${message.slice(0, message.indexOf(' ', kept.length + 1))}...${FOOTER}`;
		expect(countSms(longer).segments).toBe(11);
		expect(countSms(sms.text)).toEqual({ encoding: sms.encoding, characters: sms.characters, segments: sms.segments });
	});

	it('honours a smaller maxSegments, in UCS-2 too', () => {
		const message = 'Merci pour votre patience 🙏 '.repeat(40);
		const sms = composeSms(message, DEFAULT_WORDING, { maxSegments: 2, smartEncoding: true });
		expect(sms).toMatchObject({ encoding: 'UCS-2', truncated: true, segments: 2 });
		expect(sms.text.startsWith(GREETING) && sms.text.endsWith(`...${FOOTER}`)).toBe(true);
		const kept = sms.text.slice(GREETING.length, -`...${FOOTER}`.length);
		expect(message.startsWith(kept)).toBe(true);
		expect(message[kept.length]).toBe(' ');
	});

	it('cuts the whole text when the wording alone is over the cap (no full stop before the marker)', () => {
		const sms = composeSms('ignored', { before: 'Long fixed wording. '.repeat(20), after: '' }, { maxSegments: 1, smartEncoding: true });
		expect(sms).toMatchObject({ segments: 1, truncated: true });
		expect(sms.text).toMatch(/^Long fixed wording\. .*(fixed|wording)\.\.\.$/);
	});

	it('keeps a message that fits exactly at the cap untouched, and cuts the word itself when no boundary leaves room', () => {
		const message = 'x'.repeat(1530);
		const bare = { before: '', after: '' };
		expect(composeSms(message, bare, OPTIONS)).toEqual({ text: message, encoding: 'GSM-7', segments: 10, characters: 1530, truncated: false });
		expect(composeSms(`${message} y`, bare, OPTIONS)).toEqual({
			text: `${'x'.repeat(1527)}...`,
			encoding: 'GSM-7',
			segments: 10,
			characters: 1530,
			truncated: true,
		});
	});
});
