import fc from 'fast-check';

import { decodeEntities } from '../../../nodes/ParseZendeskComment/htmlEntities';
import { htmlToText, looksLikeHtml, tokenizeHtml } from '../../../nodes/ParseZendeskComment/htmlToText';

describe('htmlToText — structure', () => {
	it('separates paragraphs by a blank line and collapses source whitespace', () => {
		expect(htmlToText('<p>Hello\n   world</p>\n\n<p>  Second   paragraph </p>')).toBe('Hello world\n\nSecond paragraph');
	});

	it('turns <br> into a line break (and two into a blank line)', () => {
		expect(htmlToText('one<br>two<br/>three<BR /><br>four')).toBe('one\ntwo\nthree\n\nfour');
	});

	it('reads </br> as a line break, as browsers do', () => {
		expect(htmlToText('a</br>b')).toBe('a\nb');
	});

	it('puts divs and headings on their own lines', () => {
		expect(htmlToText('<h2>Title</h2><div>first</div><div>second</div>')).toBe('Title\n\nfirst\nsecond');
	});

	it('renders unordered lists with dashes', () => {
		expect(htmlToText('<p>Steps:</p><ul><li>one</li><li>two</li></ul><p>Done</p>')).toBe('Steps:\n\n- one\n- two\n\nDone');
	});

	it('renders ordered lists with numbers, honouring start and value', () => {
		expect(htmlToText('<ol start="3"><li>c</li><li>d</li><li value="10">j</li><li>k</li></ol>')).toBe('3. c\n4. d\n10. j\n11. k');
	});

	it('indents nested lists', () => {
		expect(htmlToText('<ul><li>fruit<ul><li>apple</li><li>pear</li></ul></li><li>veg</li></ul>')).toBe(
			'- fruit\n  - apple\n  - pear\n- veg',
		);
	});

	it('copes with list items that are never closed', () => {
		expect(htmlToText('<ul><li>one<li>two</ul>')).toBe('- one\n- two');
	});

	it('keeps <pre> text as written', () => {
		expect(htmlToText('<p>Run:</p><pre>\n  code  line\n    indented</pre><p>after</p>')).toBe(
			'Run:\n\n  code  line\n    indented\n\nafter',
		);
	});

	it('separates table cells and rows', () => {
		expect(htmlToText('<table><tr><td>Order</td><td>#123</td></tr><tr><td>Total</td><td>€40</td></tr></table>')).toBe(
			'Order #123\nTotal €40',
		);
	});
});

describe('htmlToText — links', () => {
	it('writes links as "text (url)"', () => {
		expect(htmlToText('See <a href="https://acme.com/help?a=1&amp;b=2">our help page</a>.')).toBe(
			'See our help page (https://acme.com/help?a=1&b=2).',
		);
	});

	it('writes a link whose text is its address once', () => {
		expect(htmlToText('<a href="https://acme.com/">https://acme.com</a> or <a href="https://www.acme.com">acme.com</a>')).toBe(
			'https://acme.com or acme.com',
		);
	});

	it('shows mailto: and tel: targets as the address or number', () => {
		expect(htmlToText('<a href="mailto:help@acme.com?subject=Hi">write us</a>, <a href="tel:+33123456789">call</a>')).toBe(
			'write us (help@acme.com), call (+33123456789)',
		);
	});

	it('writes the address of a link without text', () => {
		expect(htmlToText('Photo: <a href="https://acme.com/p.png"><img src="p.png"></a>')).toBe('Photo: https://acme.com/p.png');
	});

	it('leaves out javascript:, data: and in-page targets', () => {
		expect(htmlToText('<a href="javascript:alert(1)">x</a> <a href="#top">top</a> <a href="data:text/html,hi">d</a>')).toBe('x top d');
	});

	it('reads single-quoted, unquoted and ">"-holding attribute values', () => {
		expect(htmlToText(`<a title="a > b" href='https://a.io/x'>A</a> <a href=https://b.io>B</a>`)).toBe(
			'A (https://a.io/x) B (https://b.io)',
		);
	});

	it('keeps the link text inside a list item apart from the marker', () => {
		expect(htmlToText('<ul><li><a href="https://acme.com">https://acme.com</a></li></ul>')).toBe('- https://acme.com');
	});
});

describe('htmlToText — entities and stripping', () => {
	it('decodes named, decimal and hexadecimal references', () => {
		expect(htmlToText('&lt;tag&gt; &amp; &quot;q&quot; &#39;s&#39; &eacute;t&eacute; &#x1F600; &euro;5 &hellip;')).toBe(
			'<tag> & "q" \'s\' été 😀 €5 …',
		);
	});

	it('keeps non-breaking spaces as such (smart encoding handles them later)', () => {
		expect(htmlToText('<p>10&nbsp;€</p>')).toBe('10\u00a0€');
	});

	it('reads legacy references without ";" in text but not inside query strings', () => {
		expect(htmlToText('&copy 2026 &amp more <a href="https://x.io/?a=1&copy=2">x</a>')).toBe('© 2026 & more x (https://x.io/?a=1&copy=2)');
	});

	it('leaves unknown references and bare ampersands as written', () => {
		expect(htmlToText('<p>Tom &amp Jerry & co &madeup; &#;</p>')).toBe('Tom & Jerry & co &madeup; &#;');
	});

	it('maps invalid numeric references as the HTML standard does', () => {
		expect(decodeEntities('&#0;&#x110000;&#xD800;&#150;&#128;')).toBe('\ufffd\ufffd\ufffd\u2013€');
	});

	it('strips every other tag and keeps its text', () => {
		expect(htmlToText('<span style="color:red">Hi <b>there</b> <i>you</i> <font face="x">all</font></span>')).toBe('Hi there you all');
	});

	it('drops scripts, styles, titles, templates and comments with their content', () => {
		const html =
			'<html><head><title>T</title><style>p{color:red}</style></head><body><!-- hidden --><script>if (a < b) alert("</p>")</script>' +
			'<template><p>tpl</p></template>Visible<!---->!<?xml nothing?></body></html>';
		expect(htmlToText(html)).toBe('Visible!');
	});

	it('finds the end of a script only at its own end tag', () => {
		expect(htmlToText('<script>var s = "</scriptx>"; </script >after')).toBe('after');
	});

	it('treats a "<" that opens no tag as text', () => {
		expect(htmlToText('<p>1 < 2 and 3 <= 4 <3</p>')).toBe('1 < 2 and 3 <= 4 <3');
	});

	it('drops a tag cut off by the end of the input', () => {
		expect(htmlToText('<p>kept</p><a href="https://x.io')).toBe('kept');
	});

	it('tokenizes into text, tags and raw text', () => {
		expect(tokenizeHtml('<P CLASS=x>a&amp;b</p><style>x<y</style>')).toEqual([
			{ type: 'start', name: 'p', attrs: { class: 'x' }, selfClosing: false },
			{ type: 'text', text: 'a&b' },
			{ type: 'end', name: 'p' },
			{ type: 'start', name: 'style', attrs: {}, selfClosing: false },
			{ type: 'raw', tag: 'style', text: 'x<y' },
			{ type: 'end', name: 'style' },
		]);
	});

	it('never throws and never leaves a known tag in its output, whatever the input', () => {
		const pieces = fc.constantFrom('<p>', '</p>', '<br>', '<a href="https://x.io">', '</a>', '<ul>', '<li>', '</ul>', '<ol>', '&amp;', '&#', '<', '>', '"', "'", '<!--', '-->', '<script>', '</script>', 'text', ' ', '\n', 'é', '😀');
		fc.assert(
			fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
				const out = htmlToText(parts.join(''));
				expect(out).not.toMatch(/<\/?(p|br|ul|ol|li|a|script)\b[^>]*>/i);
				expect(out).toBe(out.trim());
			}),
		);
	});
});

describe('looksLikeHtml', () => {
	it.each(['<p>hi</p>', 'a<br>b', 'x <a href="y">z</a>', '<div\nclass="a">b</div>', 'a <!-- c --> b', '<UL><LI>x'])('sees HTML in %j', (text) =>
		expect(looksLikeHtml(text)).toBe(true),
	);

	it.each(['a < b', '<3', 'mail <jane@acme.com>', 'use <placeholder> here', '<p', 'x <b'])('sees plain text in %j', (text) =>
		expect(looksLikeHtml(text)).toBe(false),
	);
});
