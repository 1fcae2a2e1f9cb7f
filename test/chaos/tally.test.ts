import { classify, countByKind, formatTable, summarize } from './tally';

describe('classify', () => {
	it.each([
		[{ copies: 1, failedExecutions: [] }, 'delivered'],
		[{ copies: 1, failedExecutions: ['Item 0: Braze POST /campaigns/trigger/send failed (ECONNRESET)'] }, 'delivered'],
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
