// Property-based tests of the relay's pure routing rules: Braze's reserved keywords (never a ticket, never part of a
// comment) and the decision taken for each ticket status.
import assert from 'node:assert/strict';

import fc from 'fast-check';

import { isReservedKeyword, RESERVED_KEYWORDS } from '../../nodes/ZendeskTicketRelay/keywords';
import { relayConversation, type InboundRelay, type NewTicket, type ZendeskRelayPort } from '../../nodes/ZendeskTicketRelay/relay';
import { relayDecision, writesToTicket } from '../../nodes/ZendeskTicketRelay/relayDecision';
import { fuzzRuns, scaled } from './fuzzConfig';

/** The eight opt-out and help keywords Braze handles itself (written out here, not read from the module under test). */
const KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'HELP', 'INFO'];

/** Every BMP character that is white space, punctuation or a symbol (Unicode general categories Z*, P*, S*). */
const AROUND = (() => {
	const chars: string[] = [];
	for (let code = 0; code <= 0xffff; code++) {
		if (code >= 0xd800 && code <= 0xdfff) continue;
		const ch = String.fromCharCode(code);
		if (/[\s\p{P}\p{S}]/u.test(ch)) chars.push(ch);
	}
	return chars;
})();
const around = fc.oneof(
	fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r\n', '!', '.', '?', '"', '«', '»', '¡', '¿', '…', '*', '👍', '😀'), maxLength: 4 }),
	fc.string({ unit: fc.constantFrom(...AROUND), maxLength: 4 }),
);

/** A keyword in any mix of upper and lower case. */
const keywordAnyCase = fc
	.tuple(fc.constantFrom(...KEYWORDS), fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }))
	.map(([keyword, upper]) => Array.from(keyword, (ch, i) => (upper[i] ? ch : ch.toLowerCase())).join(''));

/** Another word: letters or digits (any script), at least one. */
const otherWord = fc.oneof(
	fc.stringMatching(/^[a-zA-Z0-9]{1,8}$/),
	fc.constantFrom('please', 'the', 'charges', 'me', 'é', 'ça', '42', 'ОК', 'شكرا', '好', 'STOP', 'help', 'x'),
);
/** What goes between two words: white space and/or punctuation, at least one character. */
const between = fc.string({ unit: fc.constantFrom(' ', '\n', ',', '.', '-', '!', '\u00a0', '/'), minLength: 1, maxLength: 3 });

describe('fuzz: reserved keywords', () => {
	it('the design lists the same eight keywords as the module', () => {
		expect([...RESERVED_KEYWORDS].sort()).toEqual([...KEYWORDS].sort());
	});

	it(`a keyword alone, in any case, with white space, punctuation or symbols around it, is reserved (${scaled(20_000)} messages)`, () => {
		fc.assert(
			fc.property(around, keywordAnyCase, around, (before, keyword, after) => {
				assert.equal(isReservedKeyword(before + keyword + after), true);
			}),
			fuzzRuns(20_000),
		);
	});

	it(`a keyword with another word before or after it is a real message (${scaled(20_000)} messages)`, () => {
		fc.assert(
			fc.property(around, keywordAnyCase, between, otherWord, fc.boolean(), around, (before, keyword, gap, word, wordFirst, after) => {
				const message = before + (wordFirst ? word + gap + keyword : keyword + gap + word) + after;
				assert.equal(isReservedKeyword(message), false);
			}),
			fuzzRuns(20_000),
		);
	});

	it(`never throws, and any text holding no keyword letters is not reserved (${scaled(10_000)} strings)`, () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
				const reserved = isReservedKeyword(text);
				if (!/[a-z]/i.test(text)) assert.equal(reserved, false);
			}),
			fuzzRuns(10_000),
		);
	});
});

/** A new customer's Zendesk: no user, no ticket; records the tickets opened. Any other call is a failure. */
function newCustomerZendesk() {
	const opened: NewTicket[] = [];
	const calls: string[] = [];
	const unexpected = (name: string) => async () => {
		throw new Error(`unexpected ${name}`);
	};
	const port: ZendeskRelayPort = {
		ticketWithRequester: unexpected('ticketWithRequester'),
		identifyEndUser: unexpected('identifyEndUser'),
		updateTicket: unexpected('updateTicket'),
		async findEndUser() {
			calls.push('findEndUser');
			return undefined;
		},
		async upsertEndUser() {
			calls.push('upsertEndUser');
			return { id: 7 };
		},
		async requestedTickets() {
			calls.push('requestedTickets');
			return [];
		},
		async createTicket(ticket) {
			calls.push('createTicket');
			opened.push(ticket);
			return { ticket: { id: 1, status: 'new', requester_id: 7 } };
		},
	};
	return { port, opened, calls };
}

/** An SMS: a keyword alone (white space or punctuation around it), or a real message (a keyword in a sentence, or none). */
const sms = fc.oneof(
	fc.tuple(around, keywordAnyCase, around).map(([before, keyword, after]) => ({ text: before + keyword + after, keyword: true })),
	fc.tuple(keywordAnyCase, between, otherWord).map(([keyword, gap, word]) => ({ text: `${keyword}${gap}${word}`, keyword: false })),
	otherWord.filter((word) => !KEYWORDS.includes(word.toUpperCase())).map((text) => ({ text, keyword: false })),
);

describe('fuzz: keywords in a conversation', () => {
	it(`a batch of one customer's messages opens a ticket with the real messages only, in order; keywords are ignored (${scaled(1_000)} batches)`, async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(sms, { minLength: 1, maxLength: 6 }), async (messages) => {
				const batch: InboundRelay[] = messages.map(({ text: message }, index) => ({
					brazeExternalId: 'braze-marie',
					brazeId: '65a1b2c3d4e5f60718293a4b',
					message,
					mediaUrls: [],
					deliveryId: `dispatch-${index}`,
					name: '',
					phone: '',
					options: { subject: '', tags: ['sms'], reopenSolved: true },
				}));
				const { port, opened, calls } = newCustomerZendesk();
				const results = await relayConversation(port, batch);
				const real = messages.filter((message) => !message.keyword).map((message) => message.text.trim());
				assert.deepEqual(
					results.map((result) => result.action),
					messages.map((message) => (message.keyword ? 'ignored' : 'created')),
				);
				if (real.length === 0) assert.deepEqual(calls, []);
				else assert.deepEqual(opened.map((ticket) => ticket.comment.body), [real.join('\n\n')]);
			}),
			fuzzRuns(1_000),
		);
	});
});

describe('fuzz: relay decision', () => {
	it(`writes only to new/open/pending/hold tickets, and to solved ones only when reopening is on (${scaled(5_000)} statuses)`, () => {
		const status = fc.oneof(fc.constantFrom('new', 'open', 'pending', 'hold', 'solved', 'closed', 'deleted', 'Open', ''), fc.string({ maxLength: 8 }));
		fc.assert(
			fc.property(fc.option(status, { nil: undefined }), fc.boolean(), (ticketStatus, reopenSolved) => {
				const decision = relayDecision(ticketStatus, { reopenSolved });
				const active = ticketStatus !== undefined && ['new', 'open', 'pending', 'hold'].includes(ticketStatus);
				const reopens = ticketStatus === 'solved' && reopenSolved;
				assert.equal(writesToTicket(decision), active || reopens, `${String(ticketStatus)} → ${decision}`);
				if (ticketStatus === undefined) assert.equal(decision, 'create');
			}),
			fuzzRuns(5_000),
		);
	});
});
