// The inbound relay (Braze SMS → Zendesk comment → Braze attribute) in a real n8n 2.41.1, three ways, in one server
// and one run, against the same Zendesk and Braze simulators:
//   floor     bench/workflows/floor-webhook.json: Webhook (header auth) → Respond; what any webhook workflow costs;
//   baseline  bench/workflows/baseline-braze-sms-to-zendesk.json: the same relay from stock nodes only (HTTP Request
//             create_or_update user → search open ticket → Code → PUT comment as the customer (or POST a ticket) → HTTP
//             Request Braze /users/track → Respond);
//   ours      workflows/braze-sms-to-zendesk.json as shipped (Zendesk Ticket Relay → IF → Braze → Respond).
// Requests go one at a time to 127.0.0.1, the three workflows interleaved in rotating order so drift and noise fall on all
// of them alike. Each relay request is the body Braze's webhook campaign renders from the customer's profile as it is
// at that moment: half the customers' profiles already point at their open ticket (every text is a follow-up, and ours
// skips /users/track); the other half's do not yet, so their first text is relayed without a ticket hint (the relay
// reads the customer's requested tickets) and Braze learns the ticket from it. Every answer and the simulators' state
// are checked (each message exactly once on the customer's ticket, authored by the customer; Braze holds the ticket
// id): a wrong answer fails the bench instead of counting as fast.
// Ratios are the claim; absolute times depend on the machine. Then a short pass with execution data saved gives each
// node's own time (where the time goes), and n8n is started without and with the package to time what loading it adds.
//
// BENCH_REQUESTS (default 300 per workflow, plus a tenth as warm-up), BENCH_STARTS (default 3 starts each way),
// BENCH_PACKAGE_TARBALL (measure that build of the package, e.g. a candidate change, instead of packing the checkout).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

import { runtimePaths, startN8n, type CredentialRef, type ImportedWorkflow, type N8nApi, type N8nServer } from '../scripts/n8n';
import { renderInboundBody, startBrazeSimulator, type BrazeSimulator } from '../test/simulators/braze';
import { startZendeskSimulator, type ZendeskSimulator } from '../test/simulators/zendesk';
import { summarize, timed, type LatencySummary } from './lib/latency';
import { nodeTimeFigures, positiveSetting, progressLine, readWorkflow, savingCopy, TUNED_ENV } from './lib/n8nBench';
import type { BenchFigure } from './run';

const REQUESTS = positiveSetting(process.env.BENCH_REQUESTS, 300);
const WARMUP = Math.max(5, Math.round(REQUESTS / 10));
const STARTS = positiveSetting(process.env.BENCH_STARTS, 3);
/** Requests per workflow in the profiling pass (execution data saved, so slower: not part of the latency figures). */
const PROFILED = 30;
/**
 * Customers per relay workflow, each with one open ticket; requests go round-robin. At most 8 messages each, so no
 * customer bursts: past 10 ticket updates in 10 minutes the relay spaces a customer's writes (README, bursts), and real
 * Zendesk would refuse the baseline's 31st update of a ticket.
 */
const CUSTOMERS = Math.ceil((WARMUP + REQUESTS + PROFILED) / 8);
const SECRET_HEADER = 'X-Relay-Secret';

type ContenderName = 'floor' | 'baseline' | 'ours';

interface Customer {
	externalId: string;
	brazeId: string;
	firstName: string;
	lastName: string;
	phone: string;
	userId: number;
	ticketId: number;
	/** Messages sent for this customer, each expected exactly once on the ticket. */
	sent: string[];
}

interface Contender {
	name: ContenderName;
	workflow: ImportedWorkflow;
	customers: Customer[];
	/** Requests sent so far (warm-up and profiling included): picks the customer. */
	requests: number;
	latencies: number[];
	zendeskCalls: number;
	brazeCalls: number;
	/** Measured requests that made a /users/track call. */
	trackCalls: number;
}

interface Bench {
	api: N8nApi;
	secret: string;
	zendesk: ZendeskSimulator;
	braze: BrazeSimulator;
	/** Everything found wrong: any entry fails the bench. */
	wrong: string[];
}

const progress = progressLine('realN8n');

export async function run(): Promise<BenchFigure[]> {
	const zendesk = await startZendeskSimulator({ userFields: ['braze_external_id', 'braze_id'], rateLimit: false, ticketUpdateLimit: false });
	const braze = await startBrazeSimulator({ rateLimit: false });
	const userFolder = mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
	let server: N8nServer | undefined;
	try {
		const starts = await measureStarts(userFolder);
		server = await startN8n({ userFolder, package: false, env: TUNED_ENV });
		const bench: Bench = { api: server.api, secret: randomBytes(24).toString('hex'), zendesk, braze, wrong: [] };
		const contenders = await setUp(bench);
		progress(`${WARMUP} warm-up and ${REQUESTS} measured requests per workflow`);
		await drive(bench, contenders, WARMUP, false);
		await drive(bench, contenders, REQUESTS, true);
		progress('profiling pass');
		const profile = await profileNodes(bench, contenders);
		verifyState(bench, contenders);
		if (bench.wrong.length > 0) {
			throw new Error(`realN8n bench: ${bench.wrong.length} wrong results, e.g.\n${bench.wrong.slice(0, 5).join('\n')}`);
		}
		return [...latencyFigures(contenders), ...profile, ...starts];
	} finally {
		await server?.stop();
		rmSync(userFolder, { recursive: true, force: true });
		await zendesk.close();
		await braze.close();
	}
}

// ---- start time ---------------------------------------------------------------------------------------------------

/**
 * n8n's start-to-ready time without and with the package in <userFolder>/.n8n/nodes, alternated, on a database that
 * is already migrated (the first start, which migrates and installs the package, is not counted); best of
 * BENCH_STARTS each, as other load on the machine only ever adds time. Leaves the package installed. And, steadier,
 * what loading the package itself costs: requiring and instantiating its nodes and credentials as n8n's loader does.
 */
async function measureStarts(userFolder: string): Promise<BenchFigure[]> {
	progress('first n8n start (migrations, package install)');
	const tarball = process.env.BENCH_PACKAGE_TARBALL;
	const first = await startN8n({ userFolder, package: tarball ? { tarball } : 'pack', env: TUNED_ENV });
	await first.stop();
	const nodes = path.join(userFolder, '.n8n', 'nodes');
	const parked = `${nodes}.off`;
	const without: number[] = [];
	const withPackage: number[] = [];
	const startWithout = async () => {
		renameSync(nodes, parked);
		without.push(await startToReady(userFolder));
		// n8n made itself an empty nodes folder
		rmSync(nodes, { recursive: true, force: true });
		renameSync(parked, nodes);
	};
	const startWith = async () => withPackage.push(await startToReady(userFolder));
	// ABBA order, so a start that is slower for following another one does not count against one side only
	for (let n = 0; n < STARTS; n++) {
		for (const start of n % 2 ? [startWith, startWithout] : [startWithout, startWith]) await start();
	}
	progress(`start-to-ready without the package ${without.join(', ')} s, with it ${withPackage.join(', ')} s`);
	const bare = Math.min(...without);
	const loaded = Math.min(...withPackage);
	const loadMs = Math.min(...Array.from({ length: 5 }, () => packageLoadMs(path.join(nodes, 'node_modules', PACKAGE))));
	return [
		{ name: 'n8n start-to-ready, without the package (best)', value: bare, unit: 's' },
		{ name: 'n8n start-to-ready, with the package (best)', value: loaded, unit: 's' },
		{ name: 'n8n start time added by the package', value: loaded - bare, unit: 's', goal: 'within start-to-start noise' },
		{ name: 'package load (require + instantiate nodes and credentials)', value: loadMs, unit: 'ms' },
	];
}

const PACKAGE = 'n8n-nodes-zendesk-braze';

/** In a fresh Node 24 process, with n8n-workflow already loaded (n8n has it), as n8n resolves it for the package. */
function packageLoadMs(packageDir: string): number {
	const runtime = runtimePaths();
	const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const files = [...manifest.n8n.credentials, ...manifest.n8n.nodes].map((file) => path.join(packageDir, file));
	const script = `
		require(require.resolve('n8n-workflow', { paths: [${JSON.stringify(packageDir)}] }));
		const started = process.hrtime.bigint();
		for (const file of ${JSON.stringify(files)}) {
			for (const exported of Object.values(require(file))) if (typeof exported === 'function') new exported();
		}
		process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));`;
	const output = execFileSync(runtime.nodeBin, ['-e', script], {
		env: { ...process.env, NODE_PATH: path.join(runtime.dir, 'node_modules') },
		encoding: 'utf8',
	});
	return Number(output);
}

async function startToReady(userFolder: string): Promise<number> {
	const server = await startN8n({ userFolder, package: false, env: TUNED_ENV });
	await server.stop();
	return server.timings.startToReadySeconds;
}

// ---- set-up -------------------------------------------------------------------------------------------------------

async function setUp(bench: Bench): Promise<Contender[]> {
	const { api, zendesk, braze } = bench;
	const { email, apiToken } = zendesk.credentials;
	const credentials: Record<string, CredentialRef> = {
		httpHeaderAuth: await api.createCredential('httpHeaderAuth', { name: SECRET_HEADER, value: bench.secret }),
		zendeskRelayApi: await api.createCredential('zendeskRelayApi', { ...zendesk.credentials }),
		brazeRelayApi: await api.createCredential('brazeRelayApi', { ...braze.credentials }),
		// The baseline's stock credentials for the same accounts: Zendesk API token auth, Braze REST key.
		httpBasicAuth: await api.createCredential('httpBasicAuth', { user: `${email}/token`, password: apiToken }),
		httpBearerAuth: await api.createCredential('httpBearerAuth', { token: braze.apiKey }),
	};
	const urls = { REPLACE_WITH_ZENDESK_URL: zendesk.url, REPLACE_WITH_BRAZE_URL: braze.url };
	const sources: Record<ContenderName, string> = {
		floor: 'bench/workflows/floor-webhook.json',
		baseline: 'bench/workflows/baseline-braze-sms-to-zendesk.json',
		ours: 'workflows/braze-sms-to-zendesk.json',
	};
	const contenders: Contender[] = [];
	for (const name of ['floor', 'baseline', 'ours'] as const) {
		const json = readWorkflow(sources[name], urls);
		contenders.push({
			name,
			workflow: await api.importWorkflow(json, { name: `bench ${name}`, credentials }),
			customers: name === 'floor' ? [] : seedCustomers(bench, name),
			requests: 0,
			latencies: [],
			zendeskCalls: 0,
			brazeCalls: 0,
			trackCalls: 0,
		});
	}
	return contenders;
}

/**
 * Customers who already talk with support: a Braze profile, a Zendesk end-user holding its ids, and one open ticket.
 * Every other customer's profile already points at that ticket (`zendesk_ticket`, `zendesk_ticket_open`), as Braze's
 * does after the customer's first text; the rest's learns it from their first text in the bench.
 */
function seedCustomers(bench: Bench, prefix: string): Customer[] {
	const { zendesk, braze } = bench;
	return Array.from({ length: CUSTOMERS }, (_, n) => {
		const names = { firstName: 'Customer', lastName: `${prefix} ${n}` };
		const externalId = `bench-${prefix}-${n}`;
		const phone = `+3361234${String(n).padStart(4, '0')}`;
		const profile = braze.createUser(externalId, { phone, first_name: names.firstName, last_name: names.lastName });
		const user = zendesk.createEndUser({
			name: `${names.firstName} ${names.lastName}`,
			phone,
			external_id: externalId,
			user_fields: { braze_external_id: externalId, braze_id: profile.braze_id },
		});
		const ticket = zendesk.createTicket({
			requester_id: user.id,
			subject: `SMS from ${user.name}`,
			comment: { body: 'Where is my parcel?', author_id: user.id },
			tags: ['sms'],
		});
		zendesk.setStatus(ticket.id, 'open');
		if (n % 2 === 0) braze.createUser(externalId, { zendesk_ticket: ticket.id, zendesk_ticket_open: true });
		return { externalId, brazeId: profile.braze_id, ...names, phone, userId: user.id, ticketId: ticket.id, sent: [] };
	});
}

/** What Braze's webhook campaign sends for this text, rendered from the customer's profile as it is now. */
function brazeWebhookBody(braze: BrazeSimulator, customer: Customer, message: string): Record<string, string> {
	const profile = braze.user(customer.externalId);
	if (!profile) throw new Error(`realN8n bench: no Braze profile ${customer.externalId}`);
	return renderInboundBody({ externalId: customer.externalId, brazeId: customer.brazeId, attributes: braze.store.liquidAttributes(profile) }, { body: message });
}

// ---- driving ------------------------------------------------------------------------------------------------------

/** `rounds` requests per contender, one at a time, the contenders' order rotating each round. */
async function drive(bench: Bench, contenders: Contender[], rounds: number, record: boolean): Promise<void> {
	for (let round = 0; round < rounds; round++) {
		for (let k = 0; k < contenders.length; k++) {
			const contender = contenders[(round + k) % contenders.length];
			await relayOne(bench, contender, `${record ? 'm' : 'w'}${round}`, record);
		}
	}
}

async function relayOne(bench: Bench, contender: Contender, tag: string, record: boolean, workflow = contender.workflow): Promise<void> {
	const customer = contender.customers[contender.requests++ % CUSTOMERS] as Customer | undefined;
	const message = `Hello from ${contender.name} ${tag}: is my parcel on its way?`;
	const body = customer ? brazeWebhookBody(bench.braze, customer, message) : { external_id: 'bench-floor', message };
	const zendeskBefore = bench.zendesk.log.length;
	const brazeBefore = bench.braze.log.length;
	const { ms, result: answer } = await timed(() =>
		bench.api.callWebhook(workflow.webhookPath('Inbound SMS'), { body, headers: { [SECRET_HEADER]: bench.secret } }),
	);
	customer?.sent.push(message);
	const expected = customer ? { ticketId: customer.ticketId, action: 'commented' } : { ok: true };
	const got = answer.body as Record<string, unknown> | undefined;
	const matches = Object.entries(expected).every(([key, value]) => String(got?.[key]) === String(value));
	if (answer.status !== 200 || !matches) {
		bench.wrong.push(`${contender.name} ${tag}: ${answer.status} ${JSON.stringify(answer.body)}`);
	}
	if (!record) return;
	contender.latencies.push(ms);
	contender.zendeskCalls += bench.zendesk.log.length - zendeskBefore;
	contender.brazeCalls += bench.braze.log.length - brazeBefore;
	contender.trackCalls += bench.braze.log.slice(brazeBefore).filter((request) => request.path === '/users/track').length;
}

/** Each message sent is on its customer's ticket exactly once, as the customer's comment; Braze knows the ticket. */
function verifyState(bench: Bench, contenders: Contender[]): void {
	for (const customer of contenders.flatMap((contender) => contender.customers)) {
		const comments = bench.zendesk.ticket(customer.ticketId)?.comments ?? [];
		for (const message of customer.sent) {
			const found = comments.filter((comment) => comment.body === message);
			if (found.length !== 1 || found[0].author_id !== customer.userId) {
				bench.wrong.push(`${customer.externalId}: "${message}" is on ticket ${customer.ticketId} ${found.length} times`);
			}
		}
		const remembered = bench.braze.user(customer.externalId)?.attributes?.zendesk_ticket;
		if (String(remembered) !== String(customer.ticketId)) {
			bench.wrong.push(`${customer.externalId}: Braze holds zendesk_ticket ${String(remembered)}, not ${customer.ticketId}`);
		}
	}
}

// ---- figures ------------------------------------------------------------------------------------------------------

function latencyFigures(contenders: Contender[]): BenchFigure[] {
	const summary = Object.fromEntries(contenders.map((c) => [c.name, summarize(c.latencies)])) as Record<
		ContenderName,
		LatencySummary
	>;
	const figures: BenchFigure[] = [];
	for (const contender of contenders) {
		const { p50, p99, throughput, count } = summary[contender.name];
		const label = `inbound ${contender.name}`;
		figures.push(
			{ name: `${label}: p50 latency`, value: p50, unit: 'ms' },
			{ name: `${label}: p99 latency`, value: p99, unit: 'ms' },
			{ name: `${label}: throughput (sequential)`, value: throughput, unit: 'req/s' },
		);
		if (contender.customers.length) {
			figures.push(
				{ name: `${label}: vendor calls per message`, value: (contender.zendeskCalls + contender.brazeCalls) / count, unit: 'calls' },
				{ name: `${label}: /users/track calls per message`, value: contender.trackCalls / count, unit: 'calls' },
			);
		}
	}
	const { ours, baseline, floor } = summary;
	figures.push(
		{ name: 'inbound ours/baseline throughput', value: ours.throughput / baseline.throughput, unit: '×', goal: '≥ 1.5' },
		{ name: 'inbound ours/baseline p50 latency', value: ours.p50 / baseline.p50, unit: '×', goal: '≤ 0.7' },
		{ name: 'inbound ours/floor p50 latency', value: ours.p50 / floor.p50, unit: '×', goal: '≤ 1.3' },
		{ name: 'inbound baseline/floor throughput', value: baseline.throughput / floor.throughput, unit: '×' },
	);
	const track = (name: ContenderName) => contenders.find((contender) => contender.name === name)?.trackCalls ?? 0;
	figures.push({ name: `inbound /users/track calls ours saved (of ${REQUESTS} messages)`, value: track('baseline') - track('ours'), unit: 'calls' });
	return figures;
}

// ---- where the time goes ------------------------------------------------------------------------------------------

/**
 * Copies of the relay workflows that save their successful executions, driven a few times after the measurement: the
 * mean time n8n records for each node (its `executionTime`), and what the execution spent outside the nodes.
 */
async function profileNodes(bench: Bench, contenders: Contender[]): Promise<BenchFigure[]> {
	const figures: BenchFigure[] = [];
	for (const contender of contenders.filter((c) => c.name !== 'floor')) {
		const copy = await bench.api.importWorkflow(savingCopy(contender.workflow.json), { name: `bench ${contender.name} (profiled)` });
		for (let n = 0; n < PROFILED; n++) await relayOne(bench, contender, `p${n}`, false, copy);
		figures.push(...nodeTimeFigures(contender.name, await bench.api.waitForExecutions(copy.id, PROFILED)));
	}
	return figures;
}
