import { parseComment, parseHeader, unescapeLiteralNewlines } from '../../../nodes/ParseZendeskComment/commentParser';

/** Zendesk's separator: 46 dashes. */
const DASHES = '-'.repeat(46);

/** A comment the way Zendesk formats it: separator, blank line, "Name, Date", blank line, message. */
function formatted(author: string, date: string, message: string): string {
	return `${DASHES}\n\n${author}, ${date}\n\n${message}`;
}

describe('parseComment — Zendesk formatted comment', () => {
	it('takes the message out of the seed recipe format and reads the header', () => {
		const parsed = parseComment(formatted('Jane Agent', 'Nov 25, 2026, 10:03', 'Your order ships tomorrow.'));
		expect(parsed).toEqual({
			message: 'Your order ships tomorrow.',
			author: 'Jane Agent',
			postedAt: 'Nov 25, 2026, 10:03',
			attachments: [],
			format: 'zendesk',
			html: false,
		});
	});

	it('keeps a multi-line message whole, with its blank lines and its own lines of dashes', () => {
		const message = 'Hello Sam,\n\nHere is the plan:\n----------\nstep one\nstep two\n\nThanks!';
		const parsed = parseComment(formatted('Jane Agent', 'Nov 25, 2026, 10:03', message));
		expect(parsed.message).toBe(message);
	});

	it('keeps a Zendesk-length line of dashes inside a message when no header follows it', () => {
		const message = `Before\n\n${DASHES}\n\nAfter the rule`;
		expect(parseComment(formatted('Jane', '25/11/2026 10:03', message)).message).toBe(message);
	});

	it('takes the newest of several comments (newest first)', () => {
		const thread = [
			formatted('Jane Agent', 'Nov 25, 2026, 10:05', 'Newest reply\non two lines'),
			formatted('Sam Customer', 'Nov 25, 2026, 10:01', 'Older question'),
			formatted('Jane Agent', 'Nov 24, 2026, 18:00', 'Oldest'),
		].join('\n\n');
		const parsed = parseComment(thread);
		expect(parsed).toMatchObject({ message: 'Newest reply\non two lines', author: 'Jane Agent', postedAt: 'Nov 25, 2026, 10:05' });
	});

	it('drops a closing line of dashes after the last comment', () => {
		expect(parseComment(`${formatted('Jane', 'Nov 25, 2026, 10:03', 'Hi')}\n\n${DASHES}\n`).message).toBe('Hi');
	});

	it('takes an attachments list off the message and reports the files', () => {
		const message = [
			'Please find the label attached.',
			'',
			'Attachment(s):',
			'label.pdf - https://acme.zendesk.com/attachments/token/AbC/?name=label.pdf',
			'https://acme.zendesk.com/attachments/token/DeF/?name=photo%201.png',
		].join('\n');
		const parsed = parseComment(formatted('Jane', 'Nov 25, 2026, 10:03', message));
		expect(parsed.message).toBe('Please find the label attached.');
		expect(parsed.attachments).toEqual([
			{ name: 'label.pdf', url: 'https://acme.zendesk.com/attachments/token/AbC/?name=label.pdf' },
			{ name: 'photo 1.png', url: 'https://acme.zendesk.com/attachments/token/DeF/?name=photo%201.png' },
		]);
	});

	it('takes the attachments of the newest comment only, in a thread', () => {
		const thread = [
			formatted('Jane', 'Nov 25, 2026, 10:05', 'See file\n\nAttachment(s):\nfile.txt - https://acme.zendesk.com/a/1'),
			formatted('Sam', 'Nov 25, 2026, 10:01', 'Older\n\nAttachment(s):\nold.txt - https://acme.zendesk.com/a/0'),
		].join('\n\n');
		const parsed = parseComment(thread);
		expect(parsed.message).toBe('See file');
		expect(parsed.attachments).toEqual([{ name: 'file.txt', url: 'https://acme.zendesk.com/a/1' }]);
	});

	it('reads localized attachment headings', () => {
		const parsed = parseComment(formatted('Jean', '25 nov. 2026, 10:03', 'Voici\n\nPièce(s) jointe(s) :\nfacture.pdf - https://x.zendesk.com/f'));
		expect(parsed.message).toBe('Voici');
		expect(parsed.attachments).toHaveLength(1);
	});

	it('keeps a line that merely mentions attachments when no file list follows', () => {
		const message = 'Attachments:\nplease send them by email';
		expect(parseComment(formatted('Jane', 'Nov 25, 2026, 10:03', message)).message).toBe(message);
	});

	it('reads CRLF line ends', () => {
		const crlf = formatted('Jane', 'Nov 25, 2026, 10:03', 'line 1\n\nline 2').replace(/\n/g, '\r\n');
		expect(parseComment(crlf)).toMatchObject({ message: 'line 1\n\nline 2', author: 'Jane' });
	});

	it('reads lone CR line ends', () => {
		expect(parseComment('line 1\rline 2').message).toBe('line 1\nline 2');
	});

	it('reads literal \\n escapes instead of newlines', () => {
		const escaped = formatted('Jane Agent', 'Nov 25, 2026, 10:03', 'Hi "Sam"\n\nSee you').replace(/\n/g, '\\n').replace(/"/g, '\\"');
		expect(escaped).not.toContain('\n');
		expect(parseComment(escaped)).toMatchObject({ message: 'Hi "Sam"\n\nSee you', author: 'Jane Agent' });
	});

	it('reads literal \\r\\n escapes', () => {
		expect(parseComment(`${DASHES}\\r\\n\\r\\nJane, Nov 25, 2026, 10:03\\r\\n\\r\\nOK`).message).toBe('OK');
	});

	it.each([
		['French', 'Jean Dupont', '25 nov. 2026, 10:03'],
		['French, long month', 'Jean Dupont', '25 novembre 2026 à 10:03'],
		['German', 'Jana Müller', '25. Nov. 2026, 10:03'],
		['German numeric', 'Jana Müller', '25.11.2026, 10:03'],
		['Spanish', 'Ana García', '25 de noviembre de 2026, 10:03'],
		['Italian', 'Luca Rossi', '25 nov 2026, 10:03'],
		['Portuguese', 'João Silva', '25 de nov. de 2026 às 10:03'],
		['Dutch', 'Eva de Vries', '25 nov. 2026 om 10:03'],
		['ISO', 'Jane', '2026-11-25 10:03'],
		['US with AM/PM and zone', 'Jane Agent', 'Nov 25, 2026, 10:03 AM UTC'],
		['weekday', 'Jane Agent', 'Wednesday, November 25th 2026 at 10:03'],
		['Japanese', '山田 花子', '2026年11月25日 10:03'],
		['relative', 'Jane Agent', 'Today at 10:03'],
		['French time with h', 'Jean', 'aujourd’hui à 10h03'],
		['unknown locale month', 'Anna Nowak', '25 lis 2026, 10:03'],
	])('reads a %s date in the header', (_locale, author, date) => {
		expect(parseComment(formatted(author, date, 'Message body'))).toMatchObject({ message: 'Message body', author, postedAt: date });
	});

	it('keeps commas inside the name when the rest is the date', () => {
		expect(parseComment(formatted('Dupont, Jean', '25 nov. 2026, 10:03', 'Salut'))).toMatchObject({
			author: 'Dupont, Jean',
			postedAt: '25 nov. 2026, 10:03',
		});
	});

	it('takes text written above a quoted thread as the message, author unknown', () => {
		const text = `Thanks, done!\n\n${formatted('Sam', 'Nov 25, 2026, 10:01', 'Can you help?')}`;
		expect(parseComment(text)).toMatchObject({ message: 'Thanks, done!', author: '', postedAt: '', format: 'plain' });
	});

	it('reads a Zendesk comment rendered as HTML', () => {
		const html = `<p>${DASHES}</p><p>Jane Agent, Nov 25, 2026, 10:03</p><p>Hello <strong>Sam</strong>,<br>your refund is on its way.</p>`;
		expect(parseComment(html)).toMatchObject({
			message: 'Hello Sam,\nyour refund is on its way.',
			author: 'Jane Agent',
			html: true,
			format: 'zendesk',
		});
	});
});

describe('parseComment — plain text and cleaning', () => {
	it('passes plain text through', () => {
		expect(parseComment('Your order ships tomorrow.')).toEqual({
			message: 'Your order ships tomorrow.',
			author: '',
			postedAt: '',
			attachments: [],
			format: 'plain',
			html: false,
		});
	});

	it('trims leading and trailing whitespace and collapses runs of blank lines', () => {
		expect(parseComment('\n\n   Hello  \n\n\n\n  \nWorld\t \n\n\n').message).toBe('Hello\n\nWorld');
	});

	it('does not read a header without the separator above it (a message may start "Name, time")', () => {
		expect(parseComment('Paul, 10:30 tomorrow works\n\nsee you').message).toBe('Paul, 10:30 tomorrow works\n\nsee you');
	});

	it('does not take an ordinary sentence after dashes for a header', () => {
		const text = `Agenda\n${DASHES}\n\nThanks, see you at 10:30 on Monday\n\nBye`;
		expect(parseComment(text)).toMatchObject({ message: text, author: '', format: 'plain' });
	});

	it('leaves "<" and "&" of plain text alone', () => {
		expect(parseComment('a < b && c > d <3 &amp; <user@example.com>').message).toBe('a < b && c > d <3 &amp; <user@example.com>');
	});

	it('reads HTML input', () => {
		expect(parseComment('<p>Hi&nbsp;there &amp; welcome</p><p>Bye</p>')).toMatchObject({
			message: 'Hi\u00a0there & welcome\n\nBye',
			html: true,
		});
	});

	it('returns an empty message for blank input, whitespace-only HTML or a bare header', () => {
		expect(parseComment('').message).toBe('');
		expect(parseComment('  \n\t\n ').message).toBe('');
		expect(parseComment('<p> </p><br><div>&#32;</div>').message).toBe('');
		expect(parseComment(`${DASHES}\n\nJane, Nov 25, 2026, 10:03\n\n`).message).toBe('');
	});

	it('drops a byte-order mark', () => {
		expect(parseComment('\ufeffHello').message).toBe('Hello');
	});
});

describe('parseHeader', () => {
	it.each(['Thanks, see you soon', 'Hi, 2 things', 'Note, 10:30 works for me', 'Ok, 2026 is the year!', 'Name,', ', Nov 25, 2026'])(
		'refuses %j',
		(line) => expect(parseHeader(line)).toBeUndefined(),
	);

	it('prefers the split that leaves the longest date', () => {
		expect(parseHeader('Jane Agent, Nov 25, 2026, 10:03')).toEqual({ author: 'Jane Agent', postedAt: 'Nov 25, 2026, 10:03' });
	});
});

describe('unescapeLiteralNewlines', () => {
	it('keeps a reply with backslashes that start no JSON escape as typed (a Windows path is not escaped text)', () => {
		const typed = 'Folder C:\\Users\\ana\\new, share \\\\files\\sms';
		expect(unescapeLiteralNewlines(typed)).toBe(typed);
		expect(parseComment(typed).message).toBe(typed);
	});

	it('unescapes JSON escapes when the text has no real line break', () => {
		expect(unescapeLiteralNewlines('a\\nb\\tc \\"q\\" \\\\ \\u00e9')).toBe('a\nb\tc "q" \\ é');
	});

	it('leaves text with real line breaks alone (a Windows path stays a path)', () => {
		expect(unescapeLiteralNewlines('see C:\\new\nfolder')).toBe('see C:\\new\nfolder');
	});

	it('unescapes an escaped Zendesk separator even next to real line breaks', () => {
		expect(unescapeLiteralNewlines(`${DASHES}\\n\\nJane, Nov 25, 2026, 10:03\nrest`)).toBe(`${DASHES}\n\nJane, Nov 25, 2026, 10:03\nrest`);
	});

	it('leaves text without escapes untouched', () => {
		expect(unescapeLiteralNewlines('plain \\ text')).toBe('plain \\ text');
	});
});
