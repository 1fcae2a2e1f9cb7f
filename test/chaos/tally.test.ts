import { failureNote, sentNote, shortenedNote } from '../../nodes/BrazeTriggerSend/ticketNoteText';
import { classify, countByKind, failureNoteKind, formatTable, summarize, summarizeNotes, type NoteKind, type Outcome } from './tally';

describe('classify', () => {
	it.each([
		[{ copies: 1, failedExecutions: [] }, 'delivered'],
		[{ copies: 1, failedExecutions: ['Item 0: Braze POST /campaigns/trigger/send failed (no answer: connection reset)'] }, 'delivered'],
		[{ copies: 2, failedExecutions: [] }, 'duplicated'],
		[{ copies: 0, failedExecutions: ['Item 0: Zendesk PUT /api/v2/tickets/7.json failed (503)'] }, 'errored'],
		[{ copies: 0, failedExecutions: [] }, 'lost'],
		// A failed execution that does not say why is no help to the user: the message counts as lost.
		[{ copies: 0, failedExecutions: [''] }, 'lost'],
	])('%j → %s', (facts, outcome) => {
		expect(classify(facts).outcome).toBe(outcome);
	});
});

describe('summarize', () => {
	it('counts each outcome, the deliveries that followed a failed execution, and samples distinct errors', () => {
		const results = [
			classify({ copies: 1, failedExecutions: [] }),
			classify({ copies: 1, failedExecutions: ['reset'] }),
			classify({ copies: 0, failedExecutions: ['reset', '503'] }),
			classify({ copies: 3, failedExecutions: [] }),
			classify({ copies: 0, failedExecutions: [] }),
		];
		expect(summarize(results)).toEqual({
			sent: 5,
			deliveredOnce: 2,
			deliveredAfterFailedExecution: 1,
			duplicated: 1,
			lost: 1,
			erroredToUser: 1,
			sampleErrors: ['reset', '503'],
		});
	});
});

describe('countByKind', () => {
	it('counts faults by kind, sorted by name', () => {
		const injected = ['status:503', 'reset', 'status:503', 'slow:lost'].map((fault) => ({ fault }));
		expect(Object.entries(countByKind(injected))).toEqual([
			['reset', 1],
			['slow:lost', 1],
			['status:503', 2],
		]);
	});
});

describe('formatTable', () => {
	it('left-aligns the first column and right-aligns the figures', () => {
		expect(formatTable([['lost', 0, 12]], ['', 'in', 'out'])).toBe(['      in  out', '----  --  ---', 'lost   0   12'].join('\n'));
	});
});

describe('failureNoteKind', () => {
	// The notes as Braze Trigger Send writes them, so a change of wording there fails here rather than in the chaos run.
	const sms = { text: 'Your order ships today.', segments: 1, characters: 23, encoding: 'GSM-7', truncated: true };
	it.each([
		['Braze down past the retries', 'notSent', failureNote({ failure: { kind: 'brazeUnavailable', statusCode: 503, tries: 3, brazeMessage: '' }, smsText: sms.text })],
		['not tried after another failure', 'notSent', failureNote({ failure: { kind: 'runStopped' } })],
		['no answer from Braze', 'unknown', failureNote({ failure: { kind: 'noAnswer', code: 'ECONNRESET', tries: 1 }, smsText: sms.text })],
		['shortened', undefined, shortenedNote(sms, 'dispatch-1')],
		['sent', undefined, sentNote(sms, 'dispatch-1')],
		['the words quoted by an agent', undefined, 'An agent wrote: SMS not sent: the customer did NOT get this SMS.'],
	])('%s → %s', (_label, kind, text) => {
		expect(failureNoteKind(text)).toBe(kind);
	});
});

describe('summarizeNotes', () => {
	const reply = (outcome: Outcome, ...notes: NoteKind[]) => ({ outcome, notes });
	it('tells errored replies with and without a note from sent replies that carry one, and counts notes written twice', () => {
		const replies = [
			reply('errored', 'notSent'),
			reply('errored', 'unknown'),
			reply('errored', 'unknown', 'notSent'),
			reply('errored'),
			reply('delivered'),
			reply('delivered', 'unknown'),
			reply('delivered', 'notSent'),
		];
		expect(summarizeNotes(replies)).toEqual({
			errored: 4,
			erroredNotedNotSent: 2,
			erroredNotedUnknown: 1,
			erroredWithoutNote: 1,
			deliveredNotedUnknown: 1,
			deliveredNotedNotSent: 1,
			notedMoreThanOnce: 1,
		});
	});
});
