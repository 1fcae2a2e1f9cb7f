import fc from 'fast-check';

import { countSms } from '../../../nodes/ParseZendeskComment/smsEncoding';
import {
	compileSmsTemplate,
	composeSms,
	DEFAULT_TEMPLATE,
	TemplateRenderError,
	TemplateSyntaxError,
} from '../../../nodes/ParseZendeskComment/smsTemplate';

const OPTIONS = { maxSegments: 10, smartEncoding: true };

describe('compileSmsTemplate', () => {
	it('renders the default template with the seed recipe wording and the whole message', () => {
		const sms = composeSms(compileSmsTemplate(DEFAULT_TEMPLATE), { message: 'Line one\nLine two' }, OPTIONS);
		expect(sms).toEqual({
			text: 'New message from Zendesk:\nLine one\nLine two\n\nFeel free to respond directly to this number!',
			encoding: 'GSM-7',
			segments: 1,
			characters: 90,
			truncated: false,
		});
	});

	it('renders message, author, postedAt, ticketId and the item fields', () => {
		const template = compileSmsTemplate('#{{ ticketId }} {{ author }} ({{ postedAt }}) to {{ requester.name }}: {{ message }}');
		const text = template.render({
			message: 'Hi',
			author: 'Jane',
			postedAt: 'Nov 25, 2026, 10:03',
			ticketId: 42,
			requester: { name: 'Sam' },
		});
		expect(text).toBe('#42 Jane (Nov 25, 2026, 10:03) to Sam: Hi');
	});

	it.each([
		['{{ message | split: "\n" | first }}', 'first line'],
		['{{ "  padded  " | strip }}!', 'padded!'],
		['{{ message | truncate: 8 }}', 'first...'],
		['{{ missing | default: "n/a" }}', 'n/a'],
		['{{ author | upcase }} {{ author | downcase }} {{ author | capitalize }}', 'JANE jane Jane'],
		['{{ message | replace: "line", "row" | append: "." }}', 'first row\nsecond row.'],
		['{{ message | size }}', '22'],
		['{% assign parts = message | split: "\n" %}{{ parts[1] }}', 'second line'],
		['{% if author == "JANE" %}yes{% else %}no{% endif %}', 'yes'],
		['{{ note | json_escape }}', 'say \\"hi\\"\\nbye'],
		['{{ "a b&c" | url_param_escape }}', 'a%20b%26c'],
		['{{ "42abc" | to_i | plus: 1 }}', '43'],
		['{{ 1234567.5 | number_with_delimiter }}', '1,234,567.5'],
		['{{ requester | property_accessor: "name" }}', 'Sam'],
	])('supports %s', (source, expected) => {
		const variables = { message: 'first line\nsecond line', author: 'JANE', note: 'say "hi"\nbye', requester: { name: 'Sam' } };
		expect(compileSmsTemplate(source).render(variables)).toBe(expected);
	});

	it.each([
		['{% if message %}unclosed', /not closed/],
		['{{ message', /not closed/],
		['{{ message | no_such_filter }}', /undefined filter: no_such_filter/],
		['{% nosuchtag %}', /not found/],
	])('rejects %j at compile time with the line and column', (source, detail) => {
		let caught: unknown;
		try {
			compileSmsTemplate(source);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(TemplateSyntaxError);
		expect((caught as TemplateSyntaxError).detail).toMatch(detail);
		expect((caught as TemplateSyntaxError).detail).toMatch(/line:\d+, col:\d+/);
	});

	it('cannot read files: include, render and layout are not available', () => {
		for (const tag of ['{% include "/etc/passwd" %}', '{% render "package.json" %}', '{% layout "x" %}']) {
			expect(() => compileSmsTemplate(tag)).toThrow(TemplateSyntaxError);
		}
	});

	it('cannot reach prototypes through item fields', () => {
		expect(compileSmsTemplate('[{{ item.constructor }}{{ item.__proto__ }}{{ item.toString }}]').render({ item: { a: 1 } })).toBe('[]');
	});

	it('stops a runaway template with a render error instead of stalling', () => {
		const template = compileSmsTemplate('{% for i in (1..100000000) %}xxxxxxxxxx{% endfor %}');
		expect(() => template.render({})).toThrow(TemplateRenderError);
	});

	it('renders objects as JSON and missing values as nothing', () => {
		expect(compileSmsTemplate('[{{ missing }}][{{ obj.inner }}]').render({ obj: { inner: 'x' } })).toBe('[][x]');
	});
});

describe('direct rendering of plain {{ variable }} templates', () => {
	const templates = [
		DEFAULT_TEMPLATE,
		'{{message}}|{{ author }}|{{ postedAt }}|{{ ticketId }}',
		'{{ requester.name }} / {{ requester.phone.country }} / {{ deep.a.b.c }}',
		'{{ constructor }}{{ toString }}{{ requester.constructor }}{{ __proto__ }}{{ hasOwnProperty }}',
		'{{ list }} {{ object }} {{ nothing }} {{ missing.key }} {{ flag }} {{ zero }} {{ big }} {{ float }}',
		'{{ message.size }} {{ list.first }} {{ list.size }} {{ tags.last }}',
		'{{- message -}} and {{ message | upcase }} {% if flag %}yes{% endif %}',
		'literal } and }} and { alone',
		'{{ nil }}{{ empty }}{{ true }}{{ false }}',
	];
	const scalar = fc.oneof(
		fc.string({ maxLength: 12 }),
		fc.constantFrom('{{ x }}', '{% raw %}', '', 'é😀'),
		fc.integer(),
		fc.double({ noNaN: true }),
		fc.boolean(),
		fc.constant(null),
		fc.constant(undefined),
	);
	const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('name', 'a', 'size'), scalar, { noNullPrototype: true }));

	it.each(templates)('renders %j exactly as liquidjs does', (source) => {
		const template = compileSmsTemplate(source);
		fc.assert(
			fc.property(
				fc.record(
					{
						message: value,
						author: value,
						postedAt: value,
						ticketId: value,
						requester: fc.oneof(value, fc.record({ name: value, phone: fc.oneof(value, fc.record({ country: value })) })),
						deep: fc.oneof(value, fc.constant({ a: { b: { c: 'deep' } } })),
						list: value,
						object: value,
						flag: value,
						zero: fc.constant(0),
						big: fc.constant(12345678901234567890),
						float: fc.constant(0.1 + 0.2),
						tags: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
					},
					{ requiredKeys: [], noNullPrototype: true },
				),
				(variables) => {
					expect(template.render(variables)).toBe(template.renderWithLiquid(variables));
				},
			),
			{ numRuns: 200 },
		);
	});
});

describe('composeSms', () => {
	const template = compileSmsTemplate(DEFAULT_TEMPLATE);
	const FOOTER = '\n\nFeel free to respond directly to this number!';

	it('smart-encodes the rendered text when asked, and only then', () => {
		const message = 'We’ll call you — promise…';
		expect(composeSms(template, { message }, OPTIONS)).toMatchObject({ encoding: 'GSM-7', segments: 1, truncated: false });
		expect(composeSms(template, { message }, OPTIONS).text).toContain("We'll call you - promise...");
		expect(composeSms(template, { message }, { ...OPTIONS, smartEncoding: false })).toMatchObject({ encoding: 'UCS-2', segments: 2 });
	});

	it('trims the rendered text, its trailing spaces and extra blank lines', () => {
		const spaced = compileSmsTemplate('\n{% assign x = 1 %}\nHello   \n\n\n\n{{ message }}  \n\n');
		expect(composeSms(spaced, { message: 'there' }, OPTIONS).text).toBe('Hello\n\nthere');
	});

	it('cuts a long message at a word boundary, keeps the template wording, and fits the cap', () => {
		const message = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ');
		const sms = composeSms(template, { message }, OPTIONS);
		expect(sms.truncated).toBe(true);
		expect(sms.segments).toBeLessThanOrEqual(10);
		expect(sms.text.startsWith('New message from Zendesk:\nword0 word1')).toBe(true);
		expect(sms.text.endsWith(`...${FOOTER}`)).toBe(true);
		const kept = sms.text.slice('New message from Zendesk:\n'.length, -`...${FOOTER}`.length);
		expect(message.startsWith(kept)).toBe(true);
		expect(message[kept.length]).toBe(' ');
		expect(countSms(sms.text)).toEqual({ encoding: sms.encoding, characters: sms.characters, segments: sms.segments });
	});

	it('honours a smaller maxSegments, in UCS-2 too', () => {
		const message = 'Merci pour votre patience 🙏 '.repeat(40);
		const sms = composeSms(template, { message }, { maxSegments: 2, smartEncoding: true });
		expect(sms).toMatchObject({ encoding: 'UCS-2', truncated: true });
		expect(sms.segments).toBeLessThanOrEqual(2);
		expect(sms.text.endsWith(`...${FOOTER}`)).toBe(true);
	});

	it('cuts the rendered text itself when the template does not show the message', () => {
		const fixed = compileSmsTemplate(`${'Long fixed wording. '.repeat(20)}`);
		const sms = composeSms(fixed, { message: 'ignored' }, { maxSegments: 1, smartEncoding: true });
		expect(sms).toMatchObject({ segments: 1, truncated: true });
		expect(sms.text).toMatch(/(fixed|wording)\.\.\.$/); // no "wording...." either: a full stop before the marker goes
	});

	it('keeps a message that fits exactly at the cap untouched', () => {
		const bare = compileSmsTemplate('{{ message }}');
		const message = 'x'.repeat(1530);
		expect(composeSms(bare, { message }, OPTIONS)).toEqual({ text: message, encoding: 'GSM-7', segments: 10, characters: 1530, truncated: false });
		// One word too many: the only word boundary leaves no room for the marker, so the word itself is cut.
		expect(composeSms(bare, { message: `${message} y` }, OPTIONS)).toEqual({
			text: `${'x'.repeat(1527)}...`,
			encoding: 'GSM-7',
			segments: 10,
			characters: 1530,
			truncated: true,
		});
	});
});
