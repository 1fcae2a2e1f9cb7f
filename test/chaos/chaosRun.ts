// The chaos run: both shipped workflows in a real n8n, both vendor simulators failing a share of requests (429 with
// Retry-After / X-RateLimit-Reset, 5xx, answers slower than the nodes' 30 s timeout, connection resets before and after
// the vendor acted), Braze retrying its inbound webhook and Zendesk retrying its own webhooks as they do, and the
// simulators' realism switches as the options say (search lag, Braze's attribute delay, shuffled webhook calls...).
// Customers text in (Braze → n8n → Zendesk comment) and agents reply (Zendesk → n8n → Braze SMS), a few conversations
// at a time; then every message is looked up where the other side reads it, and in n8n's executions, and every reply
// that failed is looked for as a failure note on its ticket (what the agent sees). Driven by scripts/chaos.ts.
import type { CredentialRef, Execution, ImportedWorkflow, N8nApi } from '../../scripts/n8n';
import { mapWithConcurrency } from '../../nodes/shared/concurrency';
import { INBOUND_WEBHOOK_NODE } from '../../scripts/sandbox/workflows';
import { eventually } from '../harness/eventually';
import { startBrazeSimulator, type BrazeSimulator, type InboundAttempt } from '../simulators/braze';
import { SANDBOX_TEMPLATES } from '../simulators/sandbox';
import { sleep } from '../simulators/shared/clock';
import type { Fault } from '../simulators/shared/faults';
import { startZendeskSimulator, type AccountSettings, type SimTicket, type ZendeskSimulator } from '../simulators/zendesk';
import { allExecutions } from './executions';
import { relayWorkflow, zendeskSetUp } from './relayWorkflows';
import {
	classify,
	countByKind,
	failureNoteKind,
	summarize,
	summarizeNotes,
	type DirectionSummary,
	type MessageResult,
	type NoteKind,
	type NoteSummary,
	type ReplyNotes,
} from './tally';

/** The simulators' realism switches (docs/simulators.md). */
export interface ChaosRealism {
	/** The Zendesk account's switches: search lag, locale, webhook call order, JSON escaping, form placement, foreign user fields. */
	zendesk: Partial<AccountSettings>;
	/** How long Braze takes to show a /users/track write (the ticket id) in the inbound webhook's body. */
	brazeAttributeDelayMs: number;
}

export interface ChaosOptions {
	conversations: number;
	/** Customer SMS per conversation: the first opens the ticket, the next ones carry its id once Braze's profile has it. */
	inboundPerConversation: number;
	/** Agent replies per conversation. */
	outboundPerConversation: number;
	/** Conversations in flight at once. */
	concurrency: number;
	/** Share of vendor API requests that fail (0..1). */
	faultRate: number;
	/** How late a "slow" answer comes: past the nodes' 30 s client timeout. */
	slowMs: number;
	/**
	 * Halfway through, each vendor fails this many requests in a row with 503 (a short outage), past the nodes' retry
	 * budget, so Braze's own webhook retries and the failed executions get exercised too.
	 */
	outageRequests: number;
	/** First backoff of Braze's inbound webhook retries (Braze: about a minute; compressed). */
	brazeBackoffMs: number;
	/** How long Zendesk waits for n8n's answer before retrying a delivery (Zendesk: about 10 s). */
	zendeskTimeoutMs: number;
	seed: number;
	/** Absent: tidy simulators (no lag, no delay, English, calls in the order fired). */
	realism?: ChaosRealism;
}

export interface ChaosReport {
	options: ChaosOptions;
	durationSeconds: number;
	inbound: DirectionSummary;
	outbound: DirectionSummary;
	vendorRequests: { zendesk: number; braze: number };
	faultsInjected: { zendesk: Record<string, number>; braze: Record<string, number>; total: number };
	webhookRetries: {
		/** Braze calls to n8n beyond the first try of each SMS (after 5xx, timeouts). */
		braze: number;
		/** Zendesk webhook deliveries it had to try more than once (n8n answered late or not 2xx). */
		zendesk: number;
		/** Zendesk deliveries that started more than one n8n execution (a retry the trigger's replay guard let through). */
		zendeskReplayedIntoExecutions: number;
	};
	executions: { inbound: Record<string, number>; outbound: Record<string, number> };
	/** Failure notes on the replies' tickets (Zendesk → SMS), read up to a minute after the run's end. */
	ticketNotes: NoteSummary;
	/** Why each duplicate happened, when it can be told. */
	duplicateCauses: string[];
	lostMessages: string[];
	/** Replies that failed with no note on their ticket: the agent cannot tell them from sent ones. */
	unnotedErrors: string[];
}

const HEADER = { name: 'X-Relay-Secret', value: `chaos-inbound-${Math.random().toString(36).slice(2)}` };
/** The tag the relay puts on the tickets it opens, and the outbound workflow's triggers require. */
const SMS_TAG = 'sms';
/** The tag of failure notes (Braze Trigger Send's default, kept by the shipped outbound workflow). */
const FAILURE_TAG = 'sms_failed';
/** How long after the run's end a failed reply's note may still arrive. */
const NOTE_WAIT_MS = 60_000;

/** The fault mix: mostly rate limits and 5xx, a few resets and answers past the client timeout. */
function faultMix(slowMs: number): Fault[] {
	const rateLimited: Fault = { kind: 'status', status: 429 };
	return [
		rateLimited,
		rateLimited,
		rateLimited,
		{ kind: 'status', status: 500 },
		{ kind: 'status', status: 502 },
		{ kind: 'status', status: 503 },
		{ kind: 'status', status: 503 },
		{ kind: 'reset' },
		{ kind: 'reset', afterProcessing: true },
		{ kind: 'slow', delayMs: slowMs, mode: 'late' },
		{ kind: 'slow', delayMs: slowMs, mode: 'lost' },
	];
}

interface Stack {
	n8n: N8nApi;
	zendesk: ZendeskSimulator;
	braze: BrazeSimulator;
	inbound: ImportedWorkflow;
	outbound: ImportedWorkflow;
	credentials: CredentialRef[];
}

async function setUp(n8n: N8nApi, { zendeskTimeoutMs, realism }: ChaosOptions): Promise<Stack> {
	// No account rate limit of their own: 429s come from the fault mix, with short waits, so the run stays short.
	const zendesk = await startZendeskSimulator({
		rateLimit: false,
		webhookDelivery: { timeoutMs: zendeskTimeoutMs, retryDelayMs: 200, retryAfterScale: 0.01 },
		...realism?.zendesk,
	});
	const braze = await startBrazeSimulator({ campaigns: SANDBOX_TEMPLATES, rateLimit: false, attributeDelayMs: realism?.brazeAttributeDelayMs });
	const credentials = {
		zendeskRelayApi: await n8n.createCredential('zendeskRelayApi', zendesk.credentials),
		brazeRelayApi: await n8n.createCredential('brazeRelayApi', braze.credentials),
		httpHeaderAuth: await n8n.createCredential('httpHeaderAuth', HEADER),
	};
	const inbound = await n8n.importWorkflow(relayWorkflow('inbound', credentials), { name: 'chaos inbound', credentials });
	const outbound = await n8n.importWorkflow(relayWorkflow('outbound', credentials), { name: 'chaos outbound', credentials });
	await zendeskSetUp(zendesk, outbound.json);
	return { n8n, zendesk, braze, inbound, outbound, credentials: Object.values(credentials) };
}

async function tearDown(stack: Stack): Promise<void> {
	for (const workflow of [stack.inbound, stack.outbound]) await stack.n8n.deleteWorkflow(workflow.id).catch(() => undefined);
	for (const credential of stack.credentials) await stack.n8n.deleteCredential(credential.id).catch(() => undefined);
	await Promise.all([stack.zendesk.close(), stack.braze.close()]);
}

interface Conversation {
	index: number;
	externalId: string;
	/** The customer's Braze profile id, set when the profile is created. */
	brazeId?: string;
	phone: string;
	inbound: string[];
	outbound: string[];
	ticketId?: number;
	brazeCalls: number;
	/** Braze tries n8n answered (each one ran an execution). */
	answeredBrazeCalls: number;
}

function conversations(options: ChaosOptions, runId: string): Conversation[] {
	return Array.from({ length: options.conversations }, (_, index) => ({
		index,
		externalId: `chaos-${runId}-${index}`,
		phone: `+1555${String(1_000_000 + index).slice(1)}`,
		inbound: Array.from({ length: options.inboundPerConversation }, (_, n) => `${n === 0 ? 'SUPPORT ' : ''}customer ${runId} ${index}.${n}`),
		outbound: Array.from({ length: options.outboundPerConversation }, (_, n) => `Agent reply ${runId} ${index}.${n}`),
		brazeCalls: 0,
		answeredBrazeCalls: 0,
	}));
}

function answeredTicketId(attempts: InboundAttempt[]): number | undefined {
	const last = attempts[attempts.length - 1];
	if (last?.status !== 200) return undefined;
	try {
		const id = Number((JSON.parse(last.responseBody) as { ticketId?: unknown }).ticketId);
		return Number.isInteger(id) && id > 0 ? id : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The customer's ticket: the one the relay answered with, else the one it opened before failing, else (when every try
 * failed) one an agent opens by hand as the relay would have (the customer's Braze ids on the user, the SMS tag on the
 * ticket), so the agent's replies are still exercised.
 */
function ticketOf(stack: Stack, conversation: Conversation, answered: number | undefined): SimTicket {
	const { zendesk } = stack;
	const known = answered ?? conversation.ticketId;
	if (known !== undefined && zendesk.ticket(known)) return zendesk.ticket(known)!;
	const user =
		zendesk.users().find((candidate) => candidate.external_id === conversation.externalId) ??
		zendesk.createEndUser({
			name: `Customer ${conversation.index}`,
			phone: conversation.phone,
			external_id: conversation.externalId,
			user_fields: { braze_external_id: conversation.externalId, braze_id: conversation.brazeId },
		});
	const opened = zendesk.tickets().find((ticket) => ticket.requester_id === user.id);
	return opened ?? zendesk.createTicket({ subject: 'SMS', requester_id: user.id, comment: { body: 'Opened by an agent' }, tags: [SMS_TAG] });
}

async function converse(stack: Stack, conversation: Conversation, options: ChaosOptions, agentId: number): Promise<void> {
	const target = { url: stack.inbound.webhookUrl(INBOUND_WEBHOOK_NODE), headerName: HEADER.name, headerValue: HEADER.value };
	for (const [n, body] of conversation.inbound.entries()) {
		// Braze renders the webhook body from the profile as it is now: braze_id, and the ticket and whether it is open
		// once an earlier message's /users/track got through.
		const attempts = await stack.braze.textFromProfile(
			target,
			{ external_id: conversation.externalId },
			{ body, dispatchId: `${conversation.externalId}-${n}` },
			{ backoffMs: options.brazeBackoffMs },
		);
		conversation.brazeCalls += attempts.length;
		conversation.answeredBrazeCalls += attempts.filter((attempt) => attempt.status !== undefined).length;
		conversation.ticketId = ticketOf(stack, conversation, answeredTicketId(attempts)).id;
	}
	for (const body of conversation.outbound) stack.zendesk.agentComment(conversation.ticketId!, { authorId: agentId, body });
}

/**
 * Waits until every call that reached n8n has been carried by a finished execution: each answered Braze try ran one, and
 * each Zendesk delivery n8n accepted is an item of one (the trigger answers before running it, and its Batch Window may
 * gather several deliveries into one execution).
 */
async function settle(stack: Stack, all: Conversation[]): Promise<void> {
	await stack.zendesk.waitForWebhooks();
	const outboundTrigger = triggerNodeOf(stack.outbound);
	const expected = [
		{ workflow: stack.inbound, node: INBOUND_WEBHOOK_NODE, count: all.reduce((sum, conversation) => sum + conversation.answeredBrazeCalls, 0) },
		{
			workflow: stack.outbound,
			node: outboundTrigger,
			count: stack.zendesk.deliveries.flatMap((delivery) => delivery.attempts).filter((attempt) => attempt.status === 200).length,
		},
	];
	for (const { workflow, node, count } of expected) {
		const carried = async () => {
			const executions = await allExecutions(stack.n8n, { workflowId: workflow.id, includeData: true });
			const finished = executions.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
			return finished.reduce((items, execution) => items + startItems(execution, node).length, 0);
		};
		await eventually(`${count} calls carried by finished executions of ${workflow.name}`, carried, (done) => done >= count, 5 * 60_000);
	}
}

function triggerNodeOf(workflow: ImportedWorkflow): string {
	return workflow.json.nodes.find((node) => node.type.endsWith('.zendeskRelayTrigger'))!.name;
}

/** The items an execution started with: the calls it carries. */
function startItems(execution: Execution, node: string): Array<Record<string, unknown>> {
	return (execution.data?.resultData.runData[node]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
}

function firstJson(execution: Execution, node: string): Record<string, unknown> | undefined {
	return startItems(execution, node)[0];
}

function errorText(execution: Execution): string {
	return execution.data?.resultData.error?.message ?? '';
}

/** What Braze Trigger Send's error says about the ticket note (written, or why not), from its description. */
function noteSentence(execution: Execution): string | undefined {
	const description = (execution.data?.resultData.error as { description?: unknown } | undefined)?.description;
	return typeof description === 'string' ? /(A private note|The note for the agent|No note was written)[^\n]*/.exec(description)?.[0] : undefined;
}

function byStatus(executions: Execution[]): Record<string, number> {
	return countByKind(executions.map((execution) => ({ fault: execution.status })));
}

/** The failure notes quoting `reply` on its ticket: private comments, on a ticket that carries the failure tag. */
function failureNotesOn(ticket: SimTicket | undefined, reply: string): NoteKind[] {
	if (!ticket?.tags.includes(FAILURE_TAG)) return [];
	return ticket.comments.flatMap((comment) => (!comment.public && comment.body.includes(reply) ? (failureNoteKind(comment.body) ?? []) : []));
}

/**
 * Each agent reply's outcome with the failure notes on its ticket, read again until every errored reply has one or
 * NOTE_WAIT_MS have passed (Braze Trigger Send writes them before its execution fails, so they are normally there).
 */
async function replyNotes(zendesk: ZendeskSimulator, all: Conversation[], results: MessageResult[]): Promise<ReplyNotes[]> {
	const replies = all.flatMap((conversation) => conversation.outbound.map((body) => ({ ticketId: conversation.ticketId!, body })));
	const read = () => replies.map(({ ticketId, body }, i) => ({ outcome: results[i].outcome, notes: failureNotesOn(zendesk.ticket(ticketId), body) }));
	const unnoted = (notes: ReplyNotes[]) => notes.some((reply) => reply.outcome === 'errored' && reply.notes.length === 0);
	const deadline = Date.now() + NOTE_WAIT_MS;
	let notes = read();
	while (unnoted(notes) && Date.now() < deadline) {
		await sleep(500);
		notes = read();
	}
	return notes;
}

async function tally(stack: Stack, all: Conversation[], options: ChaosOptions, started: number): Promise<ChaosReport> {
	const { n8n, zendesk, braze } = stack;
	const [inboundRuns, outboundRuns, inboundFailed, outboundFailed] = await Promise.all([
		allExecutions(n8n, { workflowId: stack.inbound.id }),
		allExecutions(n8n, { workflowId: stack.outbound.id }),
		allExecutions(n8n, { workflowId: stack.inbound.id, status: 'error', includeData: true }),
		allExecutions(n8n, { workflowId: stack.outbound.id, status: 'error', includeData: true }),
	]);
	const comments = new Map<string, number>();
	for (const ticket of zendesk.tickets()) for (const comment of ticket.comments) comments.set(comment.body, (comments.get(comment.body) ?? 0) + 1);
	const inboundResults = all.flatMap((conversation) =>
		conversation.inbound.map((body) =>
			classify({
				copies: comments.get(body) ?? 0,
				failedExecutions: inboundFailed
					.filter((execution) => (firstJson(execution, INBOUND_WEBHOOK_NODE)?.body as { message?: string } | undefined)?.message === body)
					.map(errorText),
			}),
		),
	);
	const trigger = triggerNodeOf(stack.outbound);
	const triggerItems = (execution: Execution) => startItems(execution, trigger) as Array<{ comment?: { text?: string }; invocationId?: string }>;
	const failedCarrying = (body: string) =>
		outboundFailed.filter((execution) => triggerItems(execution).some((item) => item.comment?.text?.includes(body)));
	const outboundResults: MessageResult[] = all.flatMap((conversation) =>
		conversation.outbound.map((body) =>
			classify({
				copies: braze.sms.filter((sms) => sms.externalUserId === conversation.externalId && sms.text.includes(body)).length,
				failedExecutions: failedCarrying(body).map(errorText),
			}),
		),
	);
	// An unnoted reply with what n8n said about its note, so the report tells a note Zendesk refused from one never tried.
	const unnoted = (body: string) => [body, ...failedCarrying(body).flatMap((execution) => noteSentence(execution) ?? [])].join(' — n8n: ');
	const notes = await replyNotes(zendesk, all, outboundResults);
	const outboundWithData = outboundRuns.length > 0 ? await allExecutions(n8n, { workflowId: stack.outbound.id, includeData: true }) : [];
	const executionsPerInvocation = countByKind(
		outboundWithData.flatMap((execution) => triggerItems(execution).map((item) => ({ fault: item.invocationId ?? '?' }))),
	);
	const replayed = Object.values(executionsPerInvocation).filter((count) => count > 1).length;
	const zendeskFaults = countByKind(zendesk.faults.injected);
	const brazeFaults = countByKind(braze.faults.injected);
	const inboundBodies = all.flatMap((conversation) => conversation.inbound);
	const outboundBodies = all.flatMap((conversation) => conversation.outbound);
	const withOutcome = (outcome: string, results: MessageResult[], bodies: string[], direction: string) =>
		results.flatMap((result, i) => (result.outcome === outcome ? [`${direction}: ${bodies[i]}`] : []));
	const duplicateCauses = [
		...(replayed > 0 ? [`${replayed} Zendesk deliveries started more than one execution (Zendesk retried a delivery n8n had accepted, and the replay guard let it through)`] : []),
		...withOutcome('duplicated', inboundResults, inboundBodies, 'inbound'),
		...withOutcome('duplicated', outboundResults, outboundBodies, 'outbound'),
	];
	return {
		options,
		durationSeconds: Math.round((Date.now() - started) / 100) / 10,
		inbound: summarize(inboundResults),
		outbound: summarize(outboundResults),
		vendorRequests: { zendesk: zendesk.log.length, braze: braze.log.length },
		faultsInjected: { zendesk: zendeskFaults, braze: brazeFaults, total: zendesk.faults.injected.length + braze.faults.injected.length },
		webhookRetries: {
			braze: all.reduce((sum, conversation) => sum + conversation.brazeCalls, 0) - inboundBodies.length,
			zendesk: zendesk.deliveries.filter((delivery) => delivery.attempts.length > 1).length,
			zendeskReplayedIntoExecutions: replayed,
		},
		executions: { inbound: byStatus(inboundRuns), outbound: byStatus(outboundRuns) },
		ticketNotes: summarizeNotes(notes),
		duplicateCauses,
		lostMessages: [
			...withOutcome('lost', inboundResults, inboundBodies, 'inbound'),
			...withOutcome('lost', outboundResults, outboundBodies, 'outbound'),
		],
		unnotedErrors: notes.flatMap((reply, i) => (reply.outcome === 'errored' && reply.notes.length === 0 ? [unnoted(outboundBodies[i])] : [])),
	};
}

function startOutage(stack: Stack, requests: number): void {
	if (requests <= 0) return;
	stack.zendesk.faults.script([{ kind: 'status', status: 503, times: requests }]);
	stack.braze.faults.script([{ kind: 'status', status: 503, times: requests }]);
}

/** `progress` hears a short line every tenth of the conversations. */
export async function runChaos(n8n: N8nApi, options: ChaosOptions, progress: (line: string) => void = () => undefined): Promise<ChaosReport> {
	const stack = await setUp(n8n, options);
	try {
		const started = Date.now();
		const runId = Date.now().toString(36);
		const all = conversations(options, runId);
		for (const conversation of all) {
			const profile = stack.braze.createUser(conversation.externalId, { phone: conversation.phone, first_name: 'Chaos', last_name: String(conversation.index) });
			conversation.brazeId = profile.braze_id;
		}
		const agent = stack.zendesk.createAgent('Chaos Agent');
		const faults = faultMix(options.slowMs);
		stack.zendesk.faults.rate({ probability: options.faultRate, faults, seed: options.seed });
		stack.braze.faults.rate({ probability: options.faultRate, faults, seed: options.seed + 1 });
		let done = 0;
		const step = Math.max(1, Math.round(all.length / 10));
		const conversed = await mapWithConcurrency(all, options.concurrency, async (conversation) => {
			await converse(stack, conversation, options, agent.id);
			if (++done === Math.floor(all.length / 2)) startOutage(stack, options.outageRequests);
			if (done % step === 0) progress(`${done} of ${all.length} conversations after ${Math.round((Date.now() - started) / 1000)} s`);
		});
		const broken = conversed.find((outcome) => outcome.status === 'rejected');
		if (broken) throw broken.reason;
		progress('waiting for the last deliveries and executions');
		await settle(stack, all);
		return await tally(stack, all, options, started);
	} finally {
		await tearDown(stack);
	}
}
