// What the burst tests (test/e2e/bursts.test.ts) run on and measure with: the shipped inbound workflow in the shared real
// n8n with its own Zendesk and Braze simulators, Braze's webhook campaign firing inbound SMS on a schedule without waiting
// for earlier answers (customers do not wait for n8n), each body rendered from the customer's Braze profile as it is at
// send time, and the figures read back from the Zendesk simulator's request log.
import { randomBytes } from 'node:crypto';

import type { CredentialRef, ImportedWorkflow, N8nApi } from '../../scripts/n8n';
import { fillPlaceholders, INBOUND_WEBHOOK_NODE, loadWorkflow, WORKFLOW_FILES } from '../../scripts/sandbox/workflows';
import { allExecutions } from '../chaos/executions';
import { eventually } from '../harness/eventually';
import { startBrazeSimulator, type BrazeSimulator, type BrazeSimulatorOptions, type InboundAttempt, type InboundMessage } from '../simulators/braze';
import { SANDBOX_CAMPAIGNS, SANDBOX_TEMPLATES } from '../simulators/sandbox';
import { sleep } from '../simulators/shared/clock';
import type { SimRequest } from '../simulators/shared/requestLog';
import { startZendeskSimulator, type SimTicket, type ZendeskSimulator, type ZendeskSimulatorOptions } from '../simulators/zendesk';

// Generated per run and never printed.
const HEADER = { name: 'X-Relay-Secret', value: `bursts-${randomBytes(16).toString('hex')}` };

export interface BurstStack {
	n8n: N8nApi;
	zendesk: ZendeskSimulator;
	braze: BrazeSimulator;
	workflow: ImportedWorkflow;
	close(): Promise<void>;
}

/** `brazeOptions`: e.g. `attributeDelayMs`, how long a /users/track write takes to reach the webhook body. */
export async function startBurstStack(
	n8n: N8nApi,
	zendeskOptions: ZendeskSimulatorOptions,
	brazeOptions: Pick<BrazeSimulatorOptions, 'attributeDelayMs'> = {},
): Promise<BurstStack> {
	const zendesk = await startZendeskSimulator(zendeskOptions);
	// No Braze rate limit: only Zendesk's limits are under test.
	const braze = await startBrazeSimulator({ campaigns: SANDBOX_TEMPLATES, rateLimit: false, ...brazeOptions });
	const credentials: Record<string, CredentialRef> = {
		zendeskRelayApi: await n8n.createCredential('zendeskRelayApi', zendesk.credentials),
		brazeRelayApi: await n8n.createCredential('brazeRelayApi', braze.credentials),
		httpHeaderAuth: await n8n.createCredential('httpHeaderAuth', HEADER),
	};
	const json = fillPlaceholders(loadWorkflow(WORKFLOW_FILES.inbound), { credentials: credentials as never, campaigns: SANDBOX_CAMPAIGNS });
	const workflow = await n8n.importWorkflow(json, { name: 'bursts inbound', credentials });
	const close = async () => {
		await n8n.deleteWorkflow(workflow.id).catch(() => undefined);
		for (const ref of Object.values(credentials)) await n8n.deleteCredential(ref.id).catch(() => undefined);
		await Promise.all([zendesk.close(), braze.close()]);
	};
	return { n8n, zendesk, braze, workflow, close };
}

/** Zendesk's Update Ticket limit: 30 per ticket per user per 10 minutes (the simulator's default, spelled out). */
export const TICKET_LIMIT = { limit: 30, windowMs: 10 * 60_000 };

/** How many texts, how far apart, and Braze's first retry backoff. */
export interface BurstShape {
	messages: number;
	intervalMs: number;
	brazeBackoffMs: number;
}

/** One customer texting 40 times in a minute (test/e2e/bursts.test.ts, and the queue-mode run). */
export const ONE_CUSTOMER_BURST: BurstShape = {
	messages: 40,
	intervalMs: 1_500,
	// Braze waits about a minute before its first retry; compressed so a lost message shows within seconds instead of
	// after 15 minutes (a retry after Zendesk's 10-minute window would only turn the loss into a late, reordered text).
	brazeBackoffMs: 1_000,
};

/**
 * The one-customer burst's stack: Zendesk with its per-ticket limit only. The simulator's windows are aligned to the
 * epoch; shifting its clock makes the per-ticket window start just before the burst, so the whole burst falls in one
 * window on every run (the worst case a customer can hit).
 */
export async function startOneCustomerBurstStack(n8n: N8nApi): Promise<BurstStack> {
	const shift = Date.now() % TICKET_LIMIT.windowMs;
	return await startBurstStack(n8n, { rateLimit: false, ticketUpdateLimit: TICKET_LIMIT, clock: () => Date.now() - shift });
}

/**
 * A customer Zendesk does not know yet texting 10 times in 3 s, while Braze takes 5 s to show the ticket id the first
 * text's /users/track wrote (so the texts after the first carry no ticket_id either) and Zendesk's search lags 2 minutes
 * behind (so a search would not find the ticket the first text opened).
 */
export const NEW_CUSTOMER_BURST: BurstShape & { attributeDelayMs: number; searchLagMs: number } = {
	messages: 10,
	intervalMs: 300,
	brazeBackoffMs: 1_000,
	attributeDelayMs: 5_000,
	searchLagMs: 120_000,
};

export async function startNewCustomerBurstStack(n8n: N8nApi): Promise<BurstStack> {
	const { attributeDelayMs, searchLagMs } = NEW_CUSTOMER_BURST;
	return await startBurstStack(n8n, { searchLagMs }, { attributeDelayMs });
}

export interface OneCustomerBurst {
	externalId: string;
	texts: string[];
	deliveries: Delivery[];
}

/** The customer texts ONE_CUSTOMER_BURST.messages times, paced, without waiting for answers. */
export async function sendOneCustomerBurst(stack: BurstStack, runId: string): Promise<OneCustomerBurst> {
	const customer = { externalId: `burst-${runId}`, phone: '+15550100040', firstName: 'Rae', lastName: 'Quick' };
	return await sendBurst(stack, customer, ONE_CUSTOMER_BURST, `burst-${runId}`);
}

/** A customer Braze knows and Zendesk does not texts NEW_CUSTOMER_BURST.messages times, paced. */
export async function sendNewCustomerBurst(stack: BurstStack, runId: string): Promise<OneCustomerBurst> {
	const customer = { externalId: `newcomer-${runId}`, phone: '+15550100041', firstName: 'Noa', lastName: 'Newcomer' };
	return await sendBurst(stack, customer, NEW_CUSTOMER_BURST, `newcomer-${runId}`);
}

async function sendBurst(
	stack: BurstStack,
	customer: { externalId: string; phone: string; firstName: string; lastName: string },
	{ messages, intervalMs, brazeBackoffMs }: BurstShape,
	dispatchPrefix: string,
): Promise<OneCustomerBurst> {
	stack.braze.createUser(customer.externalId, { phone: customer.phone, first_name: customer.firstName, last_name: customer.lastName });
	const texts = Array.from({ length: messages }, (_, n) => `${n === 0 ? 'SUPPORT ' : ''}text ${n + 1} of ${messages}, sent in a hurry`);
	const deliveries = await paced(texts, intervalMs, (body, n) =>
		deliver(stack, customer.externalId, { body, dispatchId: `${dispatchPrefix}-${n}` }, brazeBackoffMs),
	);
	return { externalId: customer.externalId, texts, deliveries };
}

/** A customer's tickets, whichever Zendesk users carry their external id. */
export function ticketsOf(stack: BurstStack, externalId: string): SimTicket[] {
	const users = new Set(stack.zendesk.users().filter((user) => user.external_id === externalId).map((user) => user.id));
	return stack.zendesk.tickets().filter((ticket) => users.has(ticket.requester_id));
}

/** Every text relayed into the tickets, in order: a comment may carry several (a burst coalesced), blank-line separated. */
export function relayedTexts(tickets: SimTicket[]): string[] {
	return tickets.flatMap((ticket) => ticket.comments.flatMap((comment) => comment.body.split('\n\n')));
}

/** One inbound SMS as Braze delivered it: every try, and when the first went out and the last was answered. */
export interface Delivery {
	text: string;
	externalId: string;
	/** The `ticket_id` its body carried: '' when Braze showed no ticket yet. */
	ticketHint: string;
	attempts: InboundAttempt[];
	sentAt: number;
	answeredAt: number;
	finalStatus?: number;
}

/**
 * Braze's webhook campaign for one SMS of the customer with this external id, retries included. Braze renders the body
 * from the profile when the message is sent (braze_id, names, `ticket_id` and `ticket_open` as Liquid sees them then),
 * so a message sent before an earlier one's /users/track reached Liquid carries no ticket hint.
 */
export async function deliver(stack: BurstStack, externalId: string, message: InboundMessage, backoffMs: number): Promise<Delivery> {
	const target = { url: stack.workflow.webhookUrl(INBOUND_WEBHOOK_NODE), headerName: HEADER.name, headerValue: HEADER.value };
	const profile = stack.braze.user(externalId);
	// Read in the same tick as textFromProfile renders the body, so it is the value the body carries.
	const ticketHint = profile ? String(stack.braze.store.liquidAttributes(profile).zendesk_ticket ?? '') : '';
	const sentAt = Date.now();
	const attempts = await stack.braze.textFromProfile(target, { external_id: externalId }, message, { backoffMs });
	return { text: message.body, externalId, ticketHint, attempts, sentAt, answeredAt: Date.now(), finalStatus: attempts.at(-1)?.status };
}

/** Starts `send(item)` every `intervalMs` on a fixed schedule (no drift), never waiting for earlier sends to finish. */
export async function paced<T, R>(items: T[], intervalMs: number, send: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const start = Date.now();
	const inFlight: Array<Promise<R>> = [];
	for (const [index, item] of items.entries()) {
		await sleep(start + index * intervalMs - Date.now());
		inFlight.push(send(item, index));
	}
	return await Promise.all(inFlight);
}

/**
 * Waits until n8n has finished an execution for every Braze try it answered, then tells why the failed ones failed
 * (error message → count). The workflow answers from its last node, so an execution can still be finishing when Braze
 * has its answer.
 */
export async function failedExecutions(stack: BurstStack, deliveries: Delivery[]): Promise<{ count: number; reasons: Record<string, number> }> {
	const answered = deliveries.flatMap((delivery) => delivery.attempts).filter((attempt) => attempt.status !== undefined).length;
	const query = { workflowId: stack.workflow.id };
	const finished = async () => (await allExecutions(stack.n8n, query)).filter((run) => !['new', 'running', 'waiting'].includes(run.status)).length;
	await eventually(`${answered} finished executions`, finished, (done) => done >= answered, 120_000);
	const failed = await allExecutions(stack.n8n, { ...query, status: 'error', includeData: true });
	const reasons: Record<string, number> = {};
	for (const run of failed) {
		const reason = run.data?.resultData.error?.message ?? 'no message';
		reasons[reason] = (reasons[reason] ?? 0) + 1;
	}
	return { count: failed.length, reasons };
}

export function brazeRetries(deliveries: Delivery[]): number {
	return deliveries.reduce((sum, delivery) => sum + delivery.attempts.length - 1, 0);
}

export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** Ticket updates (PUT /api/v2/tickets/{id}) in the Zendesk log: accepted (2xx) and refused with 429. */
export function ticketUpdates(log: readonly SimRequest[], ticketId: number): { accepted: number; rateLimited: number } {
	const puts = log.filter((entry) => entry.method === 'PUT' && new RegExp(`^/api/v2/tickets/${ticketId}(\\.json)?$`).test(entry.path));
	return {
		accepted: puts.filter((entry) => entry.status !== undefined && entry.status >= 200 && entry.status < 300).length,
		rateLimited: puts.filter((entry) => entry.status === 429).length,
	};
}

/** The account limit's refusal, told apart from the per-ticket one by Zendesk's own description. */
function isAccountRefusal(entry: SimRequest): boolean {
	const description = (entry.responseBody as { description?: unknown } | undefined)?.description;
	return entry.status === 429 && typeof description === 'string' && /requests per minute/.test(description);
}

export interface WindowFigures {
	/** Requests the account limit let through, per window, from the first window with a request to the last. */
	acceptedPerWindow: number[];
	refusedPerWindow: number[];
	/** Windows from the first to the last one in which the account limit refused a request. */
	saturatedWindows: number;
	/**
	 * Accepted requests from the window of the first refusal to the window of the last accepted request (the whole
	 * backlog, tail included) over what the limit allowed in them. Only this span tells: a fixed window that refused
	 * anything is full by construction.
	 */
	backlogShareOfLimit: number;
}

/**
 * Buckets the log into the limiter's fixed windows (aligned to the epoch, as the simulator's are; the log's arrival time
 * is a few microseconds before the limiter's, so a request at a window's very edge may land in its neighbour).
 */
export function accountWindows(log: readonly SimRequest[], limit: { limit: number; windowMs: number }): WindowFigures {
	const windowOf = (entry: SimRequest) => Math.floor(Date.parse(entry.at) / limit.windowMs);
	const first = Math.min(...log.map(windowOf));
	const count = Math.max(...log.map(windowOf)) - first + 1;
	const acceptedPerWindow = new Array<number>(count).fill(0);
	const refusedPerWindow = new Array<number>(count).fill(0);
	for (const entry of log) (isAccountRefusal(entry) ? refusedPerWindow : acceptedPerWindow)[windowOf(entry) - first] += 1;
	const refused = refusedPerWindow.flatMap((n, index) => (n > 0 ? [index] : []));
	const accepted = acceptedPerWindow.flatMap((n, index) => (n > 0 ? [index] : []));
	const share = (from: number, to: number) =>
		from > to ? 0 : acceptedPerWindow.slice(from, to + 1).reduce((sum, n) => sum + n, 0) / (limit.limit * (to - from + 1));
	const [firstRefused, lastRefused, lastAccepted] = [refused[0] ?? 0, refused.at(-1) ?? -1, accepted.at(-1) ?? -1];
	return {
		acceptedPerWindow,
		refusedPerWindow,
		saturatedWindows: refused.length === 0 ? 0 : lastRefused - firstRefused + 1,
		backlogShareOfLimit: share(firstRefused, lastAccepted),
	};
}
