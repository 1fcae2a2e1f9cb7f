import { relayDecision, writesToTicket } from '../../../nodes/ZendeskTicketRelay/relayDecision';

describe('relayDecision', () => {
	const reopen = { reopenSolved: true };

	it.each(['new', 'open', 'pending', 'hold'])('adds a comment to a %s ticket', (status) => {
		expect(relayDecision(status, reopen)).toBe('comment');
		expect(relayDecision(status, { reopenSolved: false })).toBe('comment');
	});

	it('reopens a solved ticket, or opens a new one when reopening is off', () => {
		expect(relayDecision('solved', reopen)).toBe('reopen');
		expect(relayDecision('solved', { reopenSolved: false })).toBe('create');
	});

	it('follows up a closed ticket and creates one when there is none', () => {
		expect(relayDecision('closed', reopen)).toBe('followUp');
		expect(relayDecision(undefined, reopen)).toBe('create');
	});

	it('never writes to a ticket in a status it does not know', () => {
		expect(writesToTicket(relayDecision('archived', reopen))).toBe(false);
	});

	it('writes to the ticket only to comment or reopen', () => {
		expect(['comment', 'reopen', 'create', 'followUp'].filter((d) => writesToTicket(d as never))).toEqual(['comment', 'reopen']);
	});
});
