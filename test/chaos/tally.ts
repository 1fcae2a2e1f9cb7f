// What became of every message of a chaos run, from what the vendors hold and what n8n recorded. Pure: the run
// (chaosRun.ts) gathers the facts, this decides each message's outcome, so the rules are unit-tested alone.

export type Outcome = 'delivered' | 'duplicated' | 'errored' | 'lost';

export interface MessageFacts {
	/** Times the message is where the customer or agent reads it (comments on the ticket, SMS in Braze's outbox). */
	copies: number;
	/** Failed n8n executions that carried this message, with their error messages. */
	failedExecutions: string[];
}

export interface MessageResult extends MessageFacts {
	outcome: Outcome;
}

/**
 * Exactly one copy is delivered (even when an execution also failed: the answer was lost after the vendor acted); more
 * is a duplicate; none with a failed execution that says why is an error the user sees; none and no such execution is lost.
 */
export function classify(facts: MessageFacts): MessageResult {
	const outcome: Outcome =
		facts.copies === 1 ? 'delivered' : facts.copies > 1 ? 'duplicated' : facts.failedExecutions.some(Boolean) ? 'errored' : 'lost';
	return { ...facts, outcome };
}

export interface DirectionSummary {
	sent: number;
	deliveredOnce: number;
	duplicated: number;
	lost: number;
	erroredToUser: number;
	/**
	 * Delivered once although an execution carrying it failed: inbound, Braze's retry got it through; outbound, Braze sent
	 * it but its answer was lost (the failed execution is then a false alarm, not a loss).
	 */
	deliveredAfterFailedExecution: number;
	/** Up to 3 error messages of failed executions, as the user reads them in n8n. */
	sampleErrors: string[];
}

export function summarize(results: MessageResult[]): DirectionSummary {
	const count = (outcome: Outcome) => results.filter((result) => result.outcome === outcome).length;
	const errors = [...new Set(results.flatMap((result) => result.failedExecutions))];
	return {
		sent: results.length,
		deliveredOnce: count('delivered'),
		duplicated: count('duplicated'),
		lost: count('lost'),
		erroredToUser: count('errored'),
		deliveredAfterFailedExecution: results.filter((r) => r.outcome === 'delivered' && r.failedExecutions.length > 0).length,
		sampleErrors: errors.slice(0, 3),
	};
}

/** Counts of injected faults by kind (`status:429`, `slow:lost`, `reset:processed`, ...). */
export function countByKind(injected: Array<{ fault: string }>): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const { fault } of injected) counts[fault] = (counts[fault] ?? 0) + 1;
	return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** The report as a fixed-width table: one row per figure, one column per direction. */
export function formatTable(rows: Array<[string, ...Array<string | number>]>, header: string[]): string {
	const all = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
	const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
	return [line(all[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...all.slice(1).map(line)].join('\n');
}

/**
 * What a failure note tells the agent (nodes/BrazeTriggerSend/ticketNoteText.ts): the SMS was not sent, or Braze gave
 * no answer, so it may or may not have been sent. Undefined for any other note (shortened, sent).
 */
export type NoteKind = 'notSent' | 'unknown';

export function failureNoteKind(text: string): NoteKind | undefined {
	if (/^SMS not sent: the customer did NOT get this SMS\./.test(text)) return 'notSent';
	if (/^SMS status unknown: this SMS may or may not have reached the customer\./.test(text)) return 'unknown';
	return undefined;
}

export interface ReplyNotes {
	outcome: Outcome;
	/** The failure notes quoting the reply on its ticket (private, the ticket tagged `sms_failed`), by kind. */
	notes: NoteKind[];
}

/** The agent's side of the Zendesk → SMS direction: do the replies that failed say so on their ticket, and only they? */
export interface NoteSummary {
	/** Replies that ended as failed executions and never went out. */
	errored: number;
	erroredNotedNotSent: number;
	erroredNotedUnknown: number;
	/** Errored replies the agent cannot tell from a sent one: the goal is none. */
	erroredWithoutNote: number;
	/** Replies that went out once with a "may or may not have been sent" note: Braze's answer was lost (deliberate). */
	deliveredNotedUnknown: number;
	/** Replies that went out once with a "not sent" note: a false alarm (the goal is none). */
	deliveredNotedNotSent: number;
	/** Replies with more than one failure note (a note written twice). */
	notedMoreThanOnce: number;
}

export function summarizeNotes(replies: ReplyNotes[]): NoteSummary {
	const count = (outcome: Outcome, test: (notes: NoteKind[]) => boolean) =>
		replies.filter((reply) => reply.outcome === outcome && test(reply.notes)).length;
	// A reply noted both ways counts as "not sent": the stronger claim.
	const notSent = (notes: NoteKind[]) => notes.includes('notSent');
	const unknownOnly = (notes: NoteKind[]) => notes.length > 0 && !notSent(notes);
	return {
		errored: count('errored', () => true),
		erroredNotedNotSent: count('errored', notSent),
		erroredNotedUnknown: count('errored', unknownOnly),
		erroredWithoutNote: count('errored', (notes) => notes.length === 0),
		deliveredNotedUnknown: count('delivered', unknownOnly),
		deliveredNotedNotSent: count('delivered', notSent),
		notedMoreThanOnce: replies.filter((reply) => reply.notes.length > 1).length,
	};
}
