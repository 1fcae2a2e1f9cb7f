import { isReservedKeyword, RESERVED_KEYWORDS } from '../../../nodes/ZendeskTicketRelay/keywords';

describe('isReservedKeyword', () => {
	it.each(RESERVED_KEYWORDS)('ignores %s in any case and with punctuation or spaces around it', (keyword) => {
		expect(isReservedKeyword(keyword)).toBe(true);
		expect(isReservedKeyword(keyword.toLowerCase())).toBe(true);
		expect(isReservedKeyword(` ${keyword[0]}${keyword.slice(1).toLowerCase()}!\n`)).toBe(true);
		expect(isReservedKeyword(`"${keyword}."`)).toBe(true);
	});

	it('relays messages that only contain a keyword among other words', () => {
		expect(isReservedKeyword('please stop charging me')).toBe(false);
		expect(isReservedKeyword('HELP ME')).toBe(false);
		expect(isReservedKeyword('info?? where is my order')).toBe(false);
	});

	it('relays words that merely start like a keyword, and other Braze keywords such as START', () => {
		expect(isReservedKeyword('stopped')).toBe(false);
		expect(isReservedKeyword('ending')).toBe(false);
		expect(isReservedKeyword('START')).toBe(false);
		expect(isReservedKeyword('SUPPORT')).toBe(false);
	});
});
