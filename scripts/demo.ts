// `npm run demo`: plays one whole SMS support conversation through the sandbox and prints it as a transcript. Uses the
// sandbox `npm start` is running (found through its connection file), or starts one for the demo and stops it after.
// Every hop waits (bounded) for its effect in the simulators; a hop that does not happen ends the demo with exit 1.
//
// The customer's texts enter as Braze's inbound-SMS webhook campaign sends them (the Braze simulator renders the body from
// the customer's profile, braze_id, zendesk_ticket and zendesk_ticket_open included, and posts it to n8n's Inbound SMS
// webhook with the header secret); the agent acts in the Zendesk simulator, whose triggers call n8n signed, exactly as
// Zendesk would. Only the simulators' /__sim/ control routes are used, so this works from any process.
import { randomBytes } from 'node:crypto';

import { freePort, send } from './n8n';
import { findRunningSandbox, type SandboxConnection } from './sandbox/connection';
import { startStack } from './sandbox/stack';

export const DEMO_SCRIPT = {
	customer: { firstName: 'Ana', lastName: 'Lima', phone: '+15555550123' },
	agentName: 'Sam Agent',
	firstText: 'SUPPORT my order #1234 never arrived',
	agentReply: 'Sorry about that! Your parcel left our warehouse today, tracking number 1Z999AA10123456784.',
	customerAnswer: 'Thanks! Will it arrive before Friday?',
	textAfterSolved: 'It arrived, but the box is damaged.',
};

interface SimUser {
	id: number;
	name: string;
	role: string;
}
interface SimComment {
	id: number;
	author_id: number;
	body: string;
	public: boolean;
}
interface SimTicket {
	id: number;
	status: string;
	requester_id: number;
	via_followup_source_id: number | null;
	comments: SimComment[];
}
interface SimSms {
	externalUserId: string;
	campaignId: string;
	text: string;
	phone: string | null;
}
interface ZendeskState {
	tickets: SimTicket[];
	users: SimUser[];
}
interface BrazeState {
	sms: SimSms[];
	profiles: Array<{ external_id: string; attributes: Record<string, unknown> }>;
}

export interface ConversationResult {
	customer: { externalId: string; name: string; phone: string };
	agent: { id: number; name: string };
	/** The ticket the first text opened. */
	ticketId: number;
	/** How the text after "solved" was handled: the same ticket reopened, or a new (follow-up) ticket. */
	ending: { action: 'reopened' | 'followUp' | 'created'; ticketId: number };
	/** The SMS the customer received, in order. */
	sms: SimSms[];
	seconds: number;
}

export interface PlayOptions {
	/** Each transcript line (default: console.log). */
	print?: (line: string) => void;
	/** How long each hop may take (default 30 s). */
	hopTimeoutMs?: number;
}

export class DemoHopError extends Error {
	constructor(
		readonly hop: string,
		message: string,
	) {
		super(`hop "${hop}" did not happen: ${message}`);
		this.name = 'DemoHopError';
	}
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
	const answer = await send(url, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (answer.status < 200 || answer.status >= 300) throw new Error(`${method} ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	return answer.body as T;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything the demo reads and does in the sandbox, over the simulators' control routes. */
class SandboxClient {
	constructor(private readonly connection: SandboxConnection) {}

	zendesk = () => call<ZendeskState>('GET', `${this.connection.zendesk.url}/__sim/state`);

	braze = () => call<BrazeState>('GET', `${this.connection.braze.url}/__sim/state`);

	async createCustomer(externalId: string, attributes: Record<string, unknown>): Promise<void> {
		await call('POST', `${this.connection.braze.url}/__sim/users`, { external_id: externalId, attributes });
	}

	async createAgent(name: string): Promise<SimUser> {
		return (await call<{ user: SimUser }>('POST', `${this.connection.zendesk.url}/__sim/agents`, { name })).user;
	}

	async agentComment(ticketId: number, authorId: number, body: string): Promise<void> {
		await call('POST', `${this.connection.zendesk.url}/__sim/tickets/${ticketId}/agent_comment`, { authorId, body, public: true });
	}

	async solve(ticketId: number): Promise<void> {
		await call('POST', `${this.connection.zendesk.url}/__sim/tickets/${ticketId}/status`, { status: 'solved' });
	}

	/**
	 * The customer's text, posted by the Braze simulator to n8n's inbound webhook with the body Braze renders from their
	 * profile as it is now; returns n8n's final answer.
	 */
	async inboundSms(externalId: string, message: string): Promise<{ status?: number; body: string }> {
		const { inbound } = this.connection;
		const { attempts } = await call<{ attempts: Array<{ status?: number; responseBody: string; error?: string }> }>(
			'POST',
			`${this.connection.braze.url}/__sim/inbound_sms`,
			{ target: inbound, from: { external_id: externalId }, message, retry: { maxAttempts: 3, backoffMs: 500, timeoutMs: 60_000 } },
		);
		const last = attempts[attempts.length - 1];
		return { status: last?.status, body: last?.error ?? last?.responseBody ?? '' };
	}
}

/** Polls `probe` until it returns a value, at most `timeoutMs`. */
async function waitFor<T>(hop: string, what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await probe();
		if (found !== undefined) return found;
		if (Date.now() > deadline) throw new DemoHopError(hop, `${what} (waited ${Math.round(timeoutMs / 1000)} s)`);
		await sleep(150);
	}
}

/** The relay's `action` answer, as the transcript says it. */
const ACTION_WORDS: Record<string, string> = {
	created: 'created',
	commented: 'got a comment',
	reopened: 'reopened',
	followUp: 'created as a follow-up of the closed ticket',
};

const quote = (text: string) => `"${text}"`;

/** An SMS as the phone shows it: one indented line per line of text. */
const smsBlock = (text: string) => text.split('\n').map((line) => `       │ ${line}`);

/** Plays the conversation of DEMO_SCRIPT against a running sandbox, printing the transcript as it goes. */
export async function playConversation(connection: SandboxConnection, options: PlayOptions = {}): Promise<ConversationResult> {
	const print = options.print ?? ((line: string) => console.log(line));
	const timeout = options.hopTimeoutMs ?? 30_000;
	const client = new SandboxClient(connection);
	const started = Date.now();
	const script = DEMO_SCRIPT;
	const externalId = `demo-${script.customer.firstName.toLowerCase()}-${randomBytes(3).toString('hex')}`;
	const name = `${script.customer.firstName} ${script.customer.lastName}`;
	const phone = script.customer.phone;

	await client.createCustomer(externalId, { first_name: script.customer.firstName, last_name: script.customer.lastName, phone });
	const agent = await client.createAgent(script.agentName);
	print(`Customer ${name}, ${phone} (Braze external_id ${externalId}) · agent ${agent.name} (Zendesk user ${agent.id})`);
	print('');

	const userName = (state: ZendeskState, id: number) => state.users.find((user) => user.id === id)?.name ?? `user ${id}`;
	const profile = async () => (await client.braze()).profiles.find((entry) => entry.external_id === externalId)?.attributes ?? {};
	const smsCount = async () => (await client.braze()).sms.filter((sms) => sms.externalUserId === externalId).length;
	let step = 0;
	const stamp = (from: number) => `[${((Date.now() - from) / 1000).toFixed(1)} s]`;

	/** The customer texts; waits for n8n's answer and the comment in Zendesk. */
	const customerTexts = async (hop: string, text: string) => {
		step += 1;
		const hopStarted = Date.now();
		print(`${step}. ${name} texts support: ${quote(text)}`);
		const answer = await client.inboundSms(externalId, text);
		if (answer.status !== 200) throw new DemoHopError(hop, `n8n's inbound webhook answered ${answer.status ?? 'nothing'}: ${answer.body}`);
		const relayed = JSON.parse(answer.body) as { ticketId: number; action: string };
		const ticket = await waitFor(hop, `a comment "${text}" on ticket #${relayed.ticketId}`, timeout, async () => {
			const state = await client.zendesk();
			const found = state.tickets.find((candidate) => candidate.id === relayed.ticketId);
			const comment = found?.comments.find((entry) => entry.body.includes(text));
			return found && comment ? { ticket: found, comment, author: userName(state, comment.author_id) } : undefined;
		});
		const attributes = await profile();
		print(
			`   → Zendesk: ticket #${ticket.ticket.id} ${ACTION_WORDS[relayed.action] ?? relayed.action} (status ${ticket.ticket.status}),` +
				` comment ${ticket.ticket.comments.length} by ${ticket.author}: ${quote(ticket.comment.body)}  ${stamp(hopStarted)}`,
		);
		print(`   → Braze: zendesk_ticket = ${JSON.stringify(attributes.zendesk_ticket)}, zendesk_ticket_open = ${JSON.stringify(attributes.zendesk_ticket_open)}`);
		return { ...relayed, ticket: ticket.ticket };
	};

	/** Waits for the next SMS Braze sends the customer. */
	const nextSms = async (hop: string, campaignId: string, before: number, from: number) => {
		const sms = await waitFor(hop, `an SMS from campaign ${campaignId} to ${externalId}`, timeout, async () => {
			const mine = (await client.braze()).sms.filter((entry) => entry.externalUserId === externalId);
			return mine.length > before ? mine[before] : undefined;
		});
		if (sms.campaignId !== campaignId) throw new DemoHopError(hop, `the SMS came from campaign ${sms.campaignId}, not ${campaignId}`);
		print(`   → SMS to ${name} (${sms.phone ?? 'no phone'}), campaign ${sms.campaignId}:  ${stamp(from)}`);
		for (const line of smsBlock(sms.text)) print(line);
		return sms;
	};

	const first = await customerTexts('customer texts SUPPORT', script.firstText);
	if (first.action !== 'created') throw new DemoHopError('customer texts SUPPORT', `expected a new ticket, n8n answered "${first.action}"`);
	const ticketId = first.ticketId;

	step += 1;
	let hopStarted = Date.now();
	print(`${step}. ${agent.name} replies publicly on ticket #${ticketId} in Zendesk: ${quote(script.agentReply)}`);
	let before = await smsCount();
	await client.agentComment(ticketId, agent.id, script.agentReply);
	const reply = await nextSms('agent reply reaches the customer', connection.campaigns.reply, before, hopStarted);

	const answer = await customerTexts('customer answers', script.customerAnswer);
	if (answer.ticketId !== ticketId) throw new DemoHopError('customer answers', `the answer went to ticket #${answer.ticketId}, not #${ticketId}`);

	step += 1;
	hopStarted = Date.now();
	print(`${step}. ${agent.name} solves ticket #${ticketId} in Zendesk`);
	before = await smsCount();
	await client.solve(ticketId);
	const closing = await nextSms('closing SMS', connection.campaigns.closing, before, hopStarted);
	await waitFor('closing SMS', 'zendesk_ticket_open = false on the Braze profile', timeout, async () =>
		(await profile()).zendesk_ticket_open === false ? true : undefined,
	);
	print('   → Braze: zendesk_ticket_open = false');

	const last = await customerTexts('customer texts again after solved', script.textAfterSolved);
	if (!['reopened', 'followUp', 'created'].includes(last.action)) {
		throw new DemoHopError('customer texts again after solved', `expected the ticket reopened or a new one, n8n answered "${last.action}"`);
	}
	const seconds = (Date.now() - started) / 1000;
	print('');
	print(`Conversation complete in ${seconds.toFixed(1)} s: ticket #${ticketId}, ${last.action === 'reopened' ? 'reopened by the last text' : `then ticket #${last.ticketId} (${last.action})`}.`);
	return {
		customer: { externalId, name, phone },
		agent: { id: agent.id, name: agent.name },
		ticketId,
		ending: { action: last.action as ConversationResult['ending']['action'], ticketId: last.ticketId },
		sms: [reply, closing],
		seconds,
	};
}

async function main(): Promise<void> {
	const running = await findRunningSandbox();
	if (running) {
		console.log(`SMS support demo — against the sandbox of \`npm start\` (n8n ${running.n8n.version} at ${running.n8n.baseUrl})`);
		await playConversation(running);
		return;
	}
	console.error('No sandbox is running (`npm start`): starting one for this demo, stopped at the end…');
	const stack = await startStack({ mode: 'sandbox', port: await freePort() }, { onProgress: (message) => console.error(`… ${message}`) });
	try {
		console.log(`SMS support demo — own sandbox, n8n ${stack.server.version} at ${stack.server.baseUrl} (ready in ${stack.timings.totalSeconds.toFixed(1)} s)`);
		await playConversation(stack.connection);
	} finally {
		await stack.stop();
	}
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(`\nDemo failed: ${(error as Error).message}`);
		process.exit(1);
	});
}
