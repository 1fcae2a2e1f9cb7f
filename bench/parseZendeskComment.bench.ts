// Parse Zendesk Comment: comments parsed and rendered per second on one core (the pure pipeline the node runs per item:
// parseComment + composeSms with the default wording), and the node itself in-process, with its default parameters, with
// the wording written as n8n expressions (resolved per item), and with a fixed text.
import { performance } from 'node:perf_hooks';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { parseComment } from '../nodes/ParseZendeskComment/commentParser';
import { composeSms, DEFAULT_TEXT_AFTER, DEFAULT_TEXT_BEFORE } from '../nodes/ParseZendeskComment/smsWording';
import { runWorkflow } from '../test/harness/inProcess';
import { singleNodeWorkflow } from '../test/harness/singleNode';
import type { BenchFigure } from './run';

const NODE = 'Parse Zendesk Comment';
const DASHES = '-'.repeat(46);

/** What agents' replies look like on the wire, in the shapes the node accepts. */
const TYPICAL: string[] = [
	`${DASHES}\n\nJane Agent, Nov 25, 2026, 10:03\n\nHi Sam, your parcel left our warehouse this morning. You'll get the tracking link by email.`,
	`${DASHES}\n\nJean Dupont, 25 nov. 2026, 10:03\n\nBonjour, votre remboursement a été validé.\nIl apparaîtra sous 3 à 5 jours.\n\n${DASHES}\n\nSam, 25 nov. 2026, 09:58\n\nOù en est mon remboursement ?`,
	`${DASHES}\\n\\nJane Agent, Nov 25, 2026, 10:03\\n\\nSure! I’ve updated your address — you’re all set…`,
	`${DASHES}\r\n\r\nJane Agent, Nov 25, 2026, 10:03\r\n\r\nHere is your label.\r\n\r\nAttachment(s):\r\nlabel.pdf - https://acme.zendesk.com/attachments/token/AbC/?name=label.pdf\r\n`,
	'<p>Hello Sam,</p><p>Please follow <a href="https://acme.com/returns">our returns page</a>:</p><ul><li>print the label</li><li>drop the parcel</li></ul><p>Thanks&nbsp;!</p>',
	'Thanks for your patience, a colleague will call you today.',
];

/** Replies long enough to be cut to 10 segments. */
const LONG: string[] = [
	`${DASHES}\n\nJane Agent, Nov 25, 2026, 10:03\n\n${'We looked into your order and here is what happened. '.repeat(40)}`,
	`${DASHES}\n\nJane Agent, Nov 25, 2026, 10:03\n\n${'Votre commande arrive bientôt 📦 merci de votre patience. '.repeat(20)}`,
];

/** CPU time used by this process so far, in ms (user + system): what one core spent, whatever else the machine runs. */
function cpuMs(): number {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
}

/**
 * Runs `work` over the corpus for about `budgetMs` of wall time after a warm-up. Returns comments per CPU-second (the
 * loop is synchronous and single-threaded, so this is one core's rate even on a busy machine) and per wall-second.
 */
function rates(corpus: string[], work: (text: string) => void, budgetMs = 1500): { cpu: number; wall: number } {
	for (let i = 0; i < 5000; i++) work(corpus[i % corpus.length]); // warm-up (JIT)
	let done = 0;
	const wallStart = performance.now();
	const cpuStart = cpuMs();
	while (performance.now() - wallStart < budgetMs) {
		for (let i = 0; i < 500; i++) work(corpus[(done + i) % corpus.length]);
		done += 500;
	}
	const wall = performance.now() - wallStart;
	const cpu = Math.max(cpuMs() - cpuStart, 1e-3);
	return { cpu: (done * 1000) / cpu, wall: (done * 1000) / wall };
}

function pipelineThroughput(): BenchFigure[] {
	const wording = { before: DEFAULT_TEXT_BEFORE, after: DEFAULT_TEXT_AFTER };
	const options = { maxSegments: 10, smartEncoding: true };
	let sink = 0;
	const work = (text: string) => {
		const parsed = parseComment(text);
		const sms = composeSms(parsed.message, wording, options);
		sink += sms.segments;
	};
	const typical = rates(TYPICAL, work);
	const long = rates(LONG, work, 750);
	if (sink === 0) throw new Error('bench: nothing rendered');
	return [
		{
			name: 'comments parsed + rendered per CPU-second (typical mix, one core)',
			value: Math.round(typical.cpu),
			unit: 'comments/s',
			goal: '≥ 50,000/s',
		},
		{ name: 'the same per wall-clock second (lower when the machine is busy)', value: Math.round(typical.wall), unit: 'comments/s' },
		{ name: 'long comments parsed + rendered + cut to 10 segments per CPU-second', value: Math.round(long.cpu), unit: 'comments/s' },
	];
}

/**
 * The node in-process over one execution of many items: with its default parameters (Text = {{ $json.comment.text }},
 * evaluated by n8n's expression engine for every item), with the wording too written as expressions, and with a fixed
 * text and wording (no expression: the node's own cost).
 */
async function nodeExecution(): Promise<BenchFigure[]> {
	const count = 2000;
	const items: IDataObject[] = Array.from({ length: count }, (_, i) => ({
		event: 'agentReply',
		ticketId: 1000 + i,
		comment: { text: TYPICAL[i % TYPICAL.length], author: 'Jane Agent' },
	}));
	/** One execution of all items; returns items per second. */
	const execute = async (parameters: INodeParameters) => {
		const started = performance.now();
		const result = await runWorkflow(singleNodeWorkflow(NODE, 'parseZendeskComment', parameters), { items });
		const elapsed = performance.now() - started;
		if (result.error) throw new Error(`bench: the node failed: ${result.error.message}`);
		if (result.output(NODE).length !== count) throw new Error('bench: the node lost items');
		return Math.round((count * 1000) / elapsed);
	};
	const fixedText = { text: TYPICAL[0] };
	const wordingExpressions = { textBefore: '=Ticket {{ $json.ticketId }}:\n', textAfter: '={{ "\\n\\n-- " + $json.comment.author }}' };
	await execute({}); // warm-up (JIT, n8n's services)
	await execute(fixedText);
	return [
		{ name: `node in-process, ${count} items, Text = {{ $json.comment.text }} (an n8n expression per item)`, value: await execute({}), unit: 'items/s' },
		{
			name: `node in-process, ${count} items, Text and the wording before/after the message as n8n expressions (three per item)`,
			value: await execute(wordingExpressions),
			unit: 'items/s',
		},
		{ name: `node in-process, ${count} items, fixed Text (the node without n8n's expression engine)`, value: await execute(fixedText), unit: 'items/s' },
	];
}

export async function run(): Promise<BenchFigure[]> {
	return [...pipelineThroughput(), ...(await nodeExecution())];
}
