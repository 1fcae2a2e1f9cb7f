// The outbound relay (an agent's public reply in Zendesk → the customer's SMS through Braze) in a real n8n 2.41.1, three
// ways, in one server and one run, against the same Zendesk and Braze simulators:
//   floor     bench/workflows/floor-zendesk-to-braze-sms.json: Webhook answering at once → HTTP Request to Braze with
//             the SMS worded in its expression; no signature check: what any relay through Braze costs in n8n;
//   baseline  bench/workflows/baseline-zendesk-to-braze-sms.json: stock nodes only (Webhook answering Zendesk at once →
//             Code checking the signature over timestamp + raw body, reading the form, wording the SMS → HTTP Request
//             to Braze /campaigns/trigger/send);
//   ours      workflows/zendesk-to-braze-sms.json as shipped (Zendesk Relay Trigger with signature check and replay
//             guard → Switch → Parse Zendesk Comment → Braze Trigger Send with ticket notes on).
// Publishing ours sets the Zendesk simulator up (webhook, triggers); the others' webhooks and triggers are made as an
// admin would make them. The warm-up goes through the simulator's trigger engine (agents reply on tickets). The measured
// calls are sent by the bench, built and signed as the engine builds them (bench/lib/zendeskCall.ts), so each clock
// starts when its call leaves; a delivery ends when its SMS is in the Braze simulator's outbox. Every SMS is checked
// (exactly once, the right customer and campaign, the exact text): a wrong answer fails the bench.
// Passes: (a) blocks of calls at a fixed offered rate, the workflows taking turns → latency; (b) windows of
// deliveries as fast as n8n takes them (bounded concurrency), taking turns → throughput per window, which must stay flat
// while ours' replay record grows, and the CPU each SMS cost; (c) a short pass with execution data saved → each node's
// own time.
//
// BENCH_OUTBOUND_RATE (calls/s, default 15), BENCH_OUTBOUND_RATE_CALLS (per workflow, default 300),
// BENCH_OUTBOUND_DELIVERIES (ours in the burst pass, default 10,000, in 10 windows; the others' windows are half as
// long), BENCH_OUTBOUND_CONCURRENCY (deliveries under way in the burst pass, default 8), BENCH_PACKAGE_TARBALL,
// BENCH_N8N_CPU_PROFILE (a folder: n8n's CPU profile of the run, see bench/cpuProfile.ts).
import {
	startN8n,
	send,
	type CredentialRef,
	type HttpAnswer,
	type ImportedWorkflow,
	type N8nApi,
	type N8nServer,
} from '../scripts/n8n';
import { fillPlaceholders, loadWorkflow, WORKFLOW_FILES, ZENDESK_TRIGGER_NODE } from '../scripts/sandbox/workflows';
import { ownedBy, triggerConditions, triggerParameters } from '../nodes/ZendeskRelayTrigger/triggerDefinitions';
import { relayTriggerKeys } from '../test/chaos/relayWorkflows';
import { eventually } from '../test/harness/eventually';
import { startBrazeSimulator, type BrazeSimulator } from '../test/simulators/braze';
import { startZendeskSimulator, type SimUser, type ZendeskSimulator } from '../test/simulators/zendesk';
import { webhookWithTrigger, zendeskClient } from '../test/simulators/zendesk/testClient';
import { mean, percentile } from './lib/latency';
import { atFixedRate, withConcurrency } from './lib/load';
import { cpuProfileEnv, nodeTimeFigures, positiveSetting, progressLine, readWorkflow, savingCopy, TUNED_ENV } from './lib/n8nBench';
import { cpuSince, groupCpuMs, type CpuByProcess } from './lib/processCpu';
import { SmsOutbox } from './lib/smsOutbox';
import { fittedLastOverFirst } from './lib/trend';
import { agentReplyForm, zendeskCallHeaders, type ZendeskWebhookIdentity } from './lib/zendeskCall';
import type { BenchFigure } from './run';

const RATE = positiveSetting(process.env.BENCH_OUTBOUND_RATE, 15);
const RATE_CALLS = positiveSetting(process.env.BENCH_OUTBOUND_RATE_CALLS, 300);
/** Calls per contender before the next one takes over in the fixed-rate pass (2 s at 15 calls/s). */
const RATE_BLOCK = 30;
const DELIVERIES = positiveSetting(process.env.BENCH_OUTBOUND_DELIVERIES, 10_000);
const WINDOWS = 10;
/**
 * A window is run in blocks of this many deliveries (fewer for a short run), ours and another workflow's in turn
 * (ours, baseline, ours, floor…), so a burst of load from outside falls on all of them alike; the others' windows are
 * half as long as ours.
 */
const BLOCK = Math.min(100, Math.ceil(DELIVERIES / WINDOWS / 2));
const CONCURRENCY = positiveSetting(process.env.BENCH_OUTBOUND_CONCURRENCY, 8);
const WARMUP = 30;
const PROFILED = 30;
/** Customers per contender, each with one open SMS ticket; replies go round-robin. */
const CUSTOMERS = 200;
/** A delivery not done by then is wrong (the bench stops at the end of that block). */
const SMS_TIMEOUT_MS = 30_000;
const STOCK_WEBHOOK_NODE = 'Zendesk Call';
/** Each workflow's tickets carry their own tag, so an agent's reply fires that workflow's trigger only. */
const STOCK_WORKFLOWS = {
	baseline: { file: 'bench/workflows/baseline-zendesk-to-braze-sms.json', tag: 'bench_baseline' },
	floor: { file: 'bench/workflows/floor-zendesk-to-braze-sms.json', tag: 'bench_floor' },
};
const CAMPAIGNS = { reply: 'bench-reply-campaign', closing: 'bench-closing-campaign' };
const AGENT_NAME = 'Sam Agent';

const progress = progressLine('outbound');

type ContenderName = 'ours' | keyof typeof STOCK_WORKFLOWS;

interface Customer {
	externalId: string;
	brazeId: string;
	name: string;
	phone: string;
	userId: number;
	ticketId: number;
	/** Replies sent to this customer. */
	replies: number;
}

/** Where the calls go: a published workflow and the Zendesk webhook that calls it. */
interface Target {
	url: string;
	webhook: ZendeskWebhookIdentity;
}

interface Contender extends Target {
	name: ContenderName;
	workflow: ImportedWorkflow;
	triggerNode: string;
	customers: Customer[];
	/** Replies sent so far (every pass): picks the customer. */
	sent: number;
	latencies: number[];
	answers: number[];
	windows: Array<{ deliveries: number; ms: number }>;
	/** CPU milliseconds used during the contender's burst blocks: n8n, its task runner, and this process (simulators, sender). */
	cpu: CpuByProcess;
}

interface Bench {
	api: N8nApi;
	/** n8n's process group, whose CPU time is read. */
	n8nGroup: number;
	zendesk: ZendeskSimulator;
	braze: BrazeSimulator;
	outbox: SmsOutbox;
	agent: SimUser;
	/** Numbers every reply, so each SMS text is unique. */
	replies: number;
	/** Everything found wrong: any entry fails the bench. */
	wrong: string[];
}

interface Delivered {
	latencyMs: number;
	answerMs: number;
	arrivedAt: number;
}

export async function run(): Promise<BenchFigure[]> {
	const zendesk = await startZendeskSimulator({ userFields: ['braze_external_id', 'braze_id'], rateLimit: false, ticketUpdateLimit: false });
	const template = '{{api_trigger_properties.${msg_body}}}';
	const braze = await startBrazeSimulator({ rateLimit: false, campaigns: { [CAMPAIGNS.reply]: template, [CAMPAIGNS.closing]: template } });
	const wrong: string[] = [];
	const outbox = new SmsOutbox(braze.sms, wrong);
	let server: N8nServer | undefined;
	try {
		const tarball = process.env.BENCH_PACKAGE_TARBALL;
		server = await startN8n({ package: tarball ? { tarball } : 'pack', env: { ...TUNED_ENV, ...cpuProfileEnv() } });
		const bench: Bench = { api: server.api, n8nGroup: server.pid, zendesk, braze, outbox, agent: zendesk.createAgent(AGENT_NAME), replies: 0, wrong };
		outbox.start();
		const contenders = [await setUpOurs(bench), await setUpStock(bench, 'baseline'), await setUpStock(bench, 'floor')];
		progress(`warm-up: ${WARMUP} agent replies each through the Zendesk simulator's triggers`);
		for (const contender of contenders) await warmUp(bench, contender);
		failIfWrong(wrong);
		progress(`${RATE_CALLS} calls each at ${RATE} calls/s`);
		await fixedRatePass(bench, contenders);
		progress(`${DELIVERIES} deliveries to ours in ${WINDOWS} windows, as fast as n8n takes them (${CONCURRENCY} under way)`);
		await burstPass(bench, contenders);
		progress('profiling pass');
		const profile = [];
		for (const contender of contenders) profile.push(...(await profileNodes(bench, contender)));
		await verify(bench, contenders);
		failIfWrong(wrong);
		return [...figures(contenders), { name: 'outbound SMS checked', value: bench.replies, unit: 'SMS' }, ...profile];
	} finally {
		outbox.stop();
		await server?.stop();
		await zendesk.close();
		await braze.close();
	}
}

/** Stops the bench at the first block, window or pass that went wrong, rather than timing out delivery after delivery. */
function failIfWrong(wrong: string[]): void {
	if (wrong.length > 0) throw new Error(`outbound bench: ${wrong.length} wrong results, e.g.\n${wrong.slice(0, 5).join('\n')}`);
}

// ---- set-up -------------------------------------------------------------------------------------------------------

async function setUpOurs(bench: Bench): Promise<Contender> {
	const { api, zendesk, braze } = bench;
	const credentials: Record<string, CredentialRef> = {
		zendeskRelayApi: await api.createCredential('zendeskRelayApi', { ...zendesk.credentials }),
		brazeRelayApi: await api.createCredential('brazeRelayApi', { ...braze.credentials }),
	};
	// The outbound file has no header-auth placeholder: that reference is never used.
	const unused = { id: '', name: '' };
	const json = fillPlaceholders(loadWorkflow(WORKFLOW_FILES.outbound), {
		credentials: { zendeskRelayApi: credentials.zendeskRelayApi, brazeRelayApi: credentials.brazeRelayApi, httpHeaderAuth: unused },
		campaigns: CAMPAIGNS,
	});
	const workflow = await api.importWorkflow(json, { name: 'bench ours (outbound)', credentials });
	const target = await relayTriggerTarget(bench, workflow);
	return contender('ours', workflow, ZENDESK_TRIGGER_NODE, target, seedCustomers(bench, 'ours', 'sms'));
}

/**
 * The Zendesk webhook the relay trigger made when its workflow was published, once n8n accepts calls signed with its
 * secret: a signed call naming no event is answered 400 (signature accepted, nothing started), 401 until the set-up
 * record is saved.
 */
async function relayTriggerTarget(bench: Bench, workflow: ImportedWorkflow): Promise<Target> {
	const url = workflow.webhookUrl(ZENDESK_TRIGGER_NODE);
	const triggers = relayTriggerKeys(workflow.json).length;
	const made = await eventually(
		`the Zendesk webhook and ${triggers} triggers of workflow ${workflow.id}`,
		() => {
			const webhook = bench.zendesk.webhooks().find((candidate) => candidate.endpoint === url);
			const own = bench.zendesk.triggers().filter((trigger) => ownedBy(trigger.title, workflow.id));
			return { webhook, triggers: own.length };
		},
		(state) => state.webhook !== undefined && state.triggers === triggers,
	);
	const webhook = { webhookId: made.webhook!.id, signingSecret: made.webhook!.signing_secret, accountId: bench.zendesk.accountId };
	await eventually(
		`workflow ${workflow.id} accepting Zendesk's signature`,
		async () => (await send(url, { method: 'POST', headers: zendeskCallHeaders('event=none', webhook, `probe-${Date.now()}`), body: 'event=none' })).status,
		(status) => status === 400,
	);
	return { url, webhook };
}

async function setUpStock(bench: Bench, name: keyof typeof STOCK_WORKFLOWS): Promise<Contender> {
	const { api, zendesk, braze } = bench;
	const { file, tag } = STOCK_WORKFLOWS[name];
	const url = api.webhookUrl(`bench-outbound-${name}`);
	// An admin's form-encoded webhook and agent-reply trigger, with the parameters and conditions ours' set-up uses.
	const made = await webhookWithTrigger(zendeskClient(zendesk), {
		endpoint: url,
		format: 'form_encoded',
		conditions: triggerConditions('agentReply', tag),
		body: triggerParameters('agentReply'),
		title: `bench ${name} relay`,
	});
	const json = readWorkflow(file, {
		REPLACE_WITH_BRAZE_URL: braze.url,
		REPLACE_WITH_REPLY_CAMPAIGN_ID: CAMPAIGNS.reply,
		REPLACE_WITH_ZENDESK_SIGNING_SECRET: made.secret,
	});
	const credentials = { httpBearerAuth: await api.createCredential('httpBearerAuth', { token: braze.apiKey }) };
	const workflow = await api.importWorkflow(json, { name: `bench ${name} (outbound)`, credentials });
	const webhook = { webhookId: made.webhookId, signingSecret: made.secret, accountId: zendesk.accountId };
	return contender(name, workflow, STOCK_WEBHOOK_NODE, { url, webhook }, seedCustomers(bench, name, tag));
}

function contender(name: ContenderName, workflow: ImportedWorkflow, triggerNode: string, target: Target, customers: Customer[]): Contender {
	return { name, workflow, triggerNode, ...target, customers, sent: 0, latencies: [], answers: [], windows: [], cpu: new Map() };
}

/** Customers as the relay leaves them: a Braze profile, a Zendesk end-user holding its ids, one open SMS ticket. */
function seedCustomers(bench: Bench, prefix: ContenderName, tag: string): Customer[] {
	return Array.from({ length: CUSTOMERS }, (_, n) => {
		const externalId = `bench-out-${prefix}-${n}`;
		const phone = `+3362${['ours', 'baseline', 'floor'].indexOf(prefix)}00${String(n).padStart(4, '0')}`;
		const profile = bench.braze.createUser(externalId, { phone });
		const user = bench.zendesk.createEndUser({
			name: `Customer ${prefix} ${n}`,
			phone,
			external_id: externalId,
			user_fields: { braze_external_id: externalId, braze_id: profile.braze_id },
		});
		const ticket = bench.zendesk.createTicket({
			requester_id: user.id,
			subject: `SMS from ${user.name}`,
			comment: { body: 'Where is my parcel?', author_id: user.id },
			tags: [tag],
		});
		bench.zendesk.setStatus(ticket.id, 'open');
		return { externalId, brazeId: profile.braze_id, name: user.name, phone, userId: user.id, ticketId: ticket.id, replies: 0 };
	});
}

// ---- driving ------------------------------------------------------------------------------------------------------

/** The SMS Parse Zendesk Comment words by default, and the other workflows likewise. */
function smsText(reply: string): string {
	return `New message from Zendesk:\n${reply}\n\nFeel free to respond directly to this number!`;
}

/** The next reply of a contender: its customer, its unique text, and the SMS that must come of it. */
function nextReply(bench: Bench, contender: Contender) {
	const customer = contender.customers[contender.sent++ % contender.customers.length];
	customer.replies += 1;
	const number = ++bench.replies;
	const text = `Reply ${number} to ${customer.name}: your parcel left our warehouse today and arrives tomorrow.`;
	const arrival = bench.outbox.expect({ text: smsText(text), externalUserId: customer.externalId, campaignId: CAMPAIGNS.reply }, SMS_TIMEOUT_MS);
	return { customer, number, text, arrival };
}

/** Agents reply on the contender's tickets; the Zendesk simulator's triggers call n8n. */
async function warmUp(bench: Bench, contender: Contender): Promise<void> {
	await atFixedRate(WARMUP, 10, async () => {
		const { customer, text, arrival } = nextReply(bench, contender);
		bench.zendesk.agentComment(customer.ticketId, { authorId: bench.agent.id, body: text });
		await arrival;
	});
}

/** One reply sent as Zendesk's call, timed from the call leaving to the SMS in Braze's outbox. */
async function deliver(bench: Bench, contender: Contender, target: Target = contender): Promise<Delivered> {
	const { customer, number, text, arrival } = nextReply(bench, contender);
	const body = agentReplyForm({
		ticketId: customer.ticketId,
		ticketStatus: 'Open',
		requester: { id: customer.userId, externalId: customer.externalId, brazeExternalId: customer.externalId, brazeId: customer.brazeId, name: customer.name, phone: customer.phone },
		comment: { text, author: AGENT_NAME },
	});
	const headers = zendeskCallHeaders(body, target.webhook, `bench-${number}`);
	const sentAt = Date.now();
	const started = performance.now();
	const answer = await send(target.url, { method: 'POST', headers, body });
	const answerMs = performance.now() - started;
	checkAnswer(bench, contender, answer, number);
	const arrivedAt = await arrival;
	return { latencyMs: arrivedAt - sentAt, answerMs, arrivedAt };
}

/** Zendesk must get its 200 at once; ours must not take a new call for a repeat. */
function checkAnswer(bench: Bench, contender: Contender, answer: HttpAnswer, number: number): void {
	const body = answer.body as Record<string, unknown> | undefined;
	const accepted = contender.name === 'ours' ? body?.received === true && body.duplicate === undefined : true;
	if (answer.status !== 200 || !accepted) bench.wrong.push(`${contender.name} reply ${number}: ${answer.status} ${JSON.stringify(answer.body)}`);
}

function rotated<T>(items: T[], round: number): T[] {
	return items.map((_, k) => items[(round + k) % items.length]);
}

/** Blocks of calls at the fixed rate, the contenders taking turns, each block's SMS all in before the next block. */
async function fixedRatePass(bench: Bench, contenders: Contender[]): Promise<void> {
	for (let round = 0; round * RATE_BLOCK < RATE_CALLS; round++) {
		for (const contender of rotated(contenders, round)) {
			await atFixedRate(Math.min(RATE_BLOCK, RATE_CALLS - round * RATE_BLOCK), RATE, async () => {
				const delivered = await deliver(bench, contender);
				contender.latencies.push(delivered.latencyMs);
				contender.answers.push(delivered.answerMs);
			});
			failIfWrong(bench.wrong);
		}
	}
}

/** One block of deliveries at bounded concurrency, added to the contender's current window: its first call to its last SMS. */
async function burstBlock(bench: Bench, contender: Contender): Promise<void> {
	const cpuBefore = cpuReading(bench);
	const started = Date.now();
	let last = started;
	await withConcurrency(BLOCK, CONCURRENCY, async () => {
		last = Math.max(last, (await deliver(bench, contender)).arrivedAt);
	});
	failIfWrong(bench.wrong);
	for (const [role, ms] of cpuSince(cpuBefore, cpuReading(bench))) contender.cpu.set(role, (contender.cpu.get(role) ?? 0) + ms);
	const window = contender.windows[contender.windows.length - 1];
	window.deliveries += BLOCK;
	window.ms += last - started;
}

/** n8n's processes, and this one (the simulators and the sender share the machine with n8n). */
function cpuReading(bench: Bench): CpuByProcess {
	const { user, system } = process.cpuUsage();
	return new Map([...groupCpuMs(bench.n8nGroup), ['bench process', (user + system) / 1000]]);
}

/** Windows of ours' deliveries, each block of ours followed by a block of another workflow in turn. */
async function burstPass(bench: Bench, contenders: Contender[]): Promise<void> {
	const [ours, ...others] = contenders;
	const blocks = Math.ceil(DELIVERIES / WINDOWS / BLOCK);
	for (let window = 0; window < WINDOWS; window++) {
		for (const contender of contenders) contender.windows.push({ deliveries: 0, ms: 0 });
		for (let block = 0; block < blocks; block++) {
			await burstBlock(bench, ours);
			await burstBlock(bench, others[(window * blocks + block) % others.length]);
		}
		const rates = contenders.map(({ name, windows }) => `${name} ${rate(windows[window]).toFixed(1)}`);
		progress(`window ${window + 1} of ${WINDOWS}, SMS/s: ${rates.join(', ')}`);
	}
}

/**
 * A copy of the workflow that saves its executions, sent one reply at a time: each node's own time, and how long n8n
 * took from the call to the execution's start (the trigger's webhook handling and the hand-over to the execution).
 */
async function profileNodes(bench: Bench, contender: Contender): Promise<BenchFigure[]> {
	const copy = await bench.api.importWorkflow(savingCopy(contender.workflow.json), { name: `bench ${contender.name} (outbound, profiled)` });
	const target =
		contender.name === 'ours'
			? await relayTriggerTarget(bench, copy)
			: { url: copy.webhookUrl(contender.triggerNode), webhook: contender.webhook };
	const sentAt: number[] = [];
	for (let n = 0; n < PROFILED; n++) {
		sentAt.push(Date.now());
		await deliver(bench, contender, target);
	}
	const executions = await bench.api.waitForExecutions(copy.id, PROFILED);
	const startedAt = executions.map((execution) => Date.parse(execution.startedAt)).sort((a, b) => a - b);
	const toStart = startedAt.map((at, n) => at - sentAt[n]);
	return [
		...nodeTimeFigures(`outbound ${contender.name}`, executions),
		{ name: `profile outbound ${contender.name}: call to execution start`, value: mean(toStart), unit: 'ms' },
	];
}

/** Late duplicates, failed executions (which would send nothing and say so only in n8n), notes of failed SMS. */
async function verify(bench: Bench, contenders: Contender[]): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	bench.outbox.scan();
	for (const contender of contenders) {
		const failed = await bench.api.listExecutions({ workflowId: contender.workflow.id, status: 'error', includeData: false });
		if (failed.length > 0) bench.wrong.push(`${contender.name}: ${failed.length} failed executions`);
		for (const customer of contender.customers.filter((candidate) => candidate.replies > 0)) {
			const attributes = bench.braze.user(customer.externalId)?.attributes;
			if (attributes?.zendesk_ticket !== customer.ticketId || attributes.zendesk_ticket_open !== true) {
				bench.wrong.push(`${customer.externalId}: Braze holds ${JSON.stringify(attributes)}`);
			}
			if (bench.zendesk.ticket(customer.ticketId)?.tags.includes('sms_failed')) bench.wrong.push(`ticket ${customer.ticketId}: a failure note`);
		}
	}
}

// ---- figures ------------------------------------------------------------------------------------------------------

function rate(window: Contender['windows'][number]): number {
	return (window.deliveries * 1000) / window.ms;
}

function throughput(windows: Contender['windows']): number {
	return (windows.reduce((sum, window) => sum + window.deliveries, 0) * 1000) / windows.reduce((sum, window) => sum + window.ms, 0);
}

function figures(contenders: Contender[]): BenchFigure[] {
	const list: BenchFigure[] = [];
	const byName = Object.fromEntries(contenders.map((c) => [c.name, c])) as Record<ContenderName, Contender>;
	for (const { name, latencies, answers, windows, cpu } of contenders) {
		const label = `outbound ${name}`;
		const delivered = windows.reduce((sum, window) => sum + window.deliveries, 0);
		const cpuFigures = [...cpu]
			.filter(([role]) => role !== 'other')
			.map(([role, ms]) => ({ name: `${label}: CPU per SMS in the burst pass, ${role}`, value: ms / delivered, unit: 'ms' }));
		list.push(
			{ name: `${label}: p50 latency, call to SMS at ${RATE} calls/s`, value: percentile(latencies, 50), unit: 'ms' },
			{ name: `${label}: p99 latency, call to SMS at ${RATE} calls/s`, value: percentile(latencies, 99), unit: 'ms' },
			{ name: `${label}: p50 of n8n's answer to Zendesk`, value: percentile(answers, 50), unit: 'ms' },
			{ name: `${label}: burst throughput (${CONCURRENCY} under way)`, value: throughput(windows), unit: 'SMS/s' },
			...windows.map((window, n) => ({ name: `${label}: window ${n + 1} of ${WINDOWS} (${window.deliveries} deliveries)`, value: rate(window), unit: 'SMS/s' })),
			{ name: `${label}: windows, fitted last / first`, value: fittedLastOverFirst(windows.map(rate)), unit: '×', goal: name === 'ours' ? 'flat (≈ 1)' : undefined },
			...cpuFigures,
		);
	}
	const ratios = (a: ContenderName, b: ContenderName, goals: { throughput?: string; p50?: string } = {}): BenchFigure[] => [
		{ name: `outbound ${a}/${b} throughput`, value: throughput(byName[a].windows) / throughput(byName[b].windows), unit: '×', goal: goals.throughput },
		{ name: `outbound ${a}/${b} p50 latency`, value: percentile(byName[a].latencies, 50) / percentile(byName[b].latencies, 50), unit: '×', goal: goals.p50 },
	];
	// Ours against the floor window by window (the same stretch of time): a record that slowed ours as it grew shows
	// here even when the machine's load changed meanwhile.
	const oursOverFloor = byName.ours.windows.map((window, n) => rate(window) / rate(byName.floor.windows[n]));
	return [
		...list,
		...ratios('ours', 'baseline', { throughput: '≥ 1.5', p50: '≤ 0.7' }),
		...ratios('ours', 'floor'),
		...ratios('baseline', 'floor'),
		{ name: 'outbound ours/floor throughput per window, fitted last / first', value: fittedLastOverFirst(oursOverFloor), unit: '×', goal: 'flat (≈ 1)' },
	];
}
