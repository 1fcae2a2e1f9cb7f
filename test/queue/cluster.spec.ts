// `npm run test:queue`: the product on a real n8n queue-mode cluster (scripts/queue/cluster.ts: PostgreSQL, Redis, n8n
// main, one webhook process, two workers), checked as a customer and an agent would notice it:
// 1. Zendesk calls the webhook process, which accepts the signed deliveries of the set-up main made at publish;
// 2. the chaos conversations (the scenario of `npm run test:chaos`, vendor faults included): no message lost or doubled;
// 3. one customer's 40 SMS in a minute (the burst of test/e2e/bursts.test.ts): every text in Zendesk exactly once;
// 4. both workers ran executions, and every enqueued execution was started by exactly one worker.
// The report (per worker, per direction) is printed and written to .results/queue.json; timings are figures, never
// pass/fail.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { optionsFromEnv } from '../../scripts/chaos';
import { repoRoot } from '../../scripts/n8n';
import { startQueueCluster, type QueueCluster } from '../../scripts/queue/cluster';
import { INBOUND_WEBHOOK_NODE, ZENDESK_TRIGGER_NODE } from '../../scripts/sandbox/workflows';
import { brazeRetries, failedExecutions, relayedTexts, sendOneCustomerBurst, startOneCustomerBurstStack, ticketsOf, ticketUpdates } from '../bursts/burstStack';
import { runChaos } from '../chaos/chaosRun';
import { relayWorkflow, zendeskSetUp } from '../chaos/relayWorkflows';
import type { DirectionSummary } from '../chaos/tally';
import { eventually } from '../harness/eventually';
import { sendInboundSms } from '../simulators/braze';
import { startSandbox } from '../simulators/sandbox';
import { sendZendeskWebhook } from '../simulators/zendesk';
import { burstSummary, formatDirections, formatWorkers, workerFigures } from './queueReport';

const runId = Date.now().toString(36);
const directions: Record<string, DirectionSummary> = {};
const figures: Record<string, unknown> = {};
const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;
const progress = (message: string) => process.stderr.write(`queue: ${message}\n`);

function writeReport(cluster: QueueCluster, wallSeconds: number): void {
	const file = path.join(repoRoot(), '.results', 'queue.json');
	mkdirSync(path.dirname(file), { recursive: true });
	const cpus = os.cpus();
	const machine = { cpus: cpus.length, cpu: cpus[0]?.model, node: process.version, n8n: cluster.version };
	const setup = { workers: cluster.workers.map((worker) => worker.name), concurrency: cluster.concurrency, timings: cluster.timings };
	writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), machine, cluster: setup, wallSeconds, directions, ...figures }, null, '\t')}\n`);
	const workers = figures.workers as Parameters<typeof formatWorkers>[0] | undefined;
	const lines = [
		'',
		`n8n ${cluster.version} queue mode: main, webhook process, ${cluster.workers.length} workers × concurrency ${cluster.concurrency}; ` +
			`${wallSeconds} s (cluster up in ${cluster.timings.totalSeconds.toFixed(1)} s) on ${machine.cpus} × ${machine.cpu}`,
		'',
		...(workers ? [formatWorkers(workers), ''] : []),
		formatDirections(directions),
		'',
		`written to ${path.relative(process.cwd(), file)}`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

describe('the product on an n8n queue-mode cluster (main, webhook process, two workers)', () => {
	let cluster: QueueCluster;
	const started = Date.now();

	beforeAll(async () => {
		cluster = await startQueueCluster({ onProgress: progress });
	}, 30 * 60_000);

	afterAll(async () => {
		try {
			if (cluster) writeReport(cluster, seconds(started));
		} finally {
			await cluster?.stop();
		}
	}, 5 * 60_000);

	it('a conversation through the cluster: Zendesk calls the webhook process, which accepts the deliveries signed with the secret main set up at publish and refuses forged ones', async () => {
		const { api } = cluster;
		const sandbox = await startSandbox({ fast: true });
		try {
			const { zendesk, braze } = sandbox;
			const header = { name: 'X-Relay-Secret', value: randomBytes(16).toString('hex') };
			const credentials = {
				zendeskRelayApi: await api.createCredential('zendeskRelayApi', zendesk.credentials),
				brazeRelayApi: await api.createCredential('brazeRelayApi', braze.credentials),
				httpHeaderAuth: await api.createCredential('httpHeaderAuth', header),
			};
			const outbound = await api.importWorkflow(relayWorkflow('outbound', credentials), { name: 'queue outbound', credentials });
			const inbound = await api.importWorkflow(relayWorkflow('inbound', credentials), { name: 'queue inbound', credentials });
			await zendeskSetUp(zendesk, outbound.json);
			expect(zendesk.webhooks().map((webhook) => webhook.endpoint)).toEqual([
				`${cluster.webhook.baseUrl}/webhook/${outbound.webhookPath(ZENDESK_TRIGGER_NODE)}`,
			]);

			const customer = { externalId: `queue-${runId}`, phone: '+15550100777', firstName: 'Quinn', lastName: 'Queue' };
			braze.createUser(customer.externalId, { phone: customer.phone });
			const target = { url: inbound.webhookUrl(INBOUND_WEBHOOK_NODE), headerName: header.name, headerValue: header.value };
			const attempts = await sendInboundSms(target, { ...customer, body: 'SUPPORT where is my order?', dispatchId: `queue-${runId}` }, { backoffMs: 250 });
			expect(attempts.map((attempt) => attempt.status)).toEqual([200]);
			const [ticket] = zendesk.tickets();
			expect(ticket.comments.map((comment) => comment.body)).toEqual(['SUPPORT where is my order?']);

			const agent = zendesk.createAgent('Queue Agent');
			zendesk.agentComment(ticket.id, { authorId: agent.id, body: 'Your order ships today.' });
			await zendesk.waitForWebhooks();
			expect(zendesk.deliveries.map((delivery) => delivery.attempts.map((attempt) => attempt.status))).toEqual([[200]]);
			const sms = await eventually('the SMS', () => braze.sms.filter((message) => message.externalUserId === customer.externalId), (list) => list.length > 0);
			expect(sms.map((message) => message.text)).toEqual([expect.stringContaining('Your order ships today.')]);

			// The same call from the same webhook, signed with another secret.
			const [delivery] = zendesk.deliveries;
			const contentType = Object.entries(delivery.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? 'application/json';
			const forged = await sendZendeskWebhook({
				url: delivery.url,
				body: delivery.body,
				secret: 'd3Jvbmctc2VjcmV0',
				webhookId: zendesk.webhooks()[0].id,
				invocationId: `forged-${runId}`,
				headers: { 'Content-Type': contentType },
			});
			expect(forged.status).toBe(401);
			// A call from a webhook the saved set-up does not name: the webhook process asks Zendesk to call again.
			const unknown = await sendZendeskWebhook({
				url: delivery.url,
				body: delivery.body,
				secret: 'd3Jvbmctc2VjcmV0',
				webhookId: '01NOTTHISWORKFLOWSWEBHOOK',
				invocationId: `unknown-${runId}`,
				headers: { 'Content-Type': contentType },
			});
			expect(unknown.status).toBe(503);
		} finally {
			await sandbox.close();
		}
	}, 5 * 60_000);

	it('chaos conversations (the scenario of npm run test:chaos): no message lost or doubled in either direction', async () => {
		const report = await runChaos(cluster.api, optionsFromEnv(), (line) => progress(`chaos: ${line}`));
		directions['chaos SMS → Zendesk'] = report.inbound;
		directions['chaos Zendesk → SMS'] = report.outbound;
		figures.chaos = report;
		expect(report.lostMessages).toEqual([]);
		expect([report.inbound.duplicated, report.outbound.duplicated]).toEqual([0, 0]);
		// Every message is where the other side reads it, exactly once, or n8n shows the failed execution that says why
		// (a fault past every retry, as in the single-process run).
		for (const summary of [report.inbound, report.outbound]) expect(summary.deliveredOnce + summary.erroredToUser).toBe(summary.sent);
	}, 30 * 60_000);

	it('one customer texting 40 times in a minute (the burst of test/e2e/bursts.test.ts): every text in Zendesk exactly once', async () => {
		const stack = await startOneCustomerBurstStack(cluster.api);
		try {
			const burstStarted = Date.now();
			const { externalId, texts, deliveries } = await sendOneCustomerBurst(stack, runId);
			const failed = await failedExecutions(stack, deliveries);
			const tickets = ticketsOf(stack, externalId);
			const relayed = relayedTexts(tickets);
			const summary = burstSummary(texts, relayed, deliveries.map((delivery) => delivery.finalStatus));
			directions['burst SMS → Zendesk'] = summary;
			figures.burst = {
				messages: texts.length,
				tickets: tickets.length,
				comments: tickets.reduce((sum, ticket) => sum + ticket.comments.length, 0),
				// Zendesk allows 30 per ticket in 10 minutes; each process paces its own share of a conversation.
				ticketUpdates: tickets.map((ticket) => ticketUpdates(stack.zendesk.log, ticket.id)),
				inOrder: relayed.join('\n') === texts.join('\n'),
				// Each relayed text by its number in the burst, in the order the ticket shows them.
				relayedOrder: relayed.map((text) => texts.indexOf(text) + 1),
				brazeRetries: brazeRetries(deliveries),
				failedExecutions: failed,
				seconds: seconds(burstStarted),
			};
			expect(deliveries.map((delivery) => delivery.finalStatus)).toEqual(texts.map(() => 200));
			expect(summary.deliveredOnce).toBe(texts.length);
			expect(relayed).toHaveLength(texts.length);
		} finally {
			await stack.close();
		}
	}, 10 * 60_000);

	it('both workers ran executions, and every enqueued execution was started by exactly one worker', () => {
		const workers = workerFigures(cluster.executionLog());
		figures.workers = workers;
		expect(workers.enqueued).toBeGreaterThan(0);
		for (const worker of cluster.workers) expect({ worker: worker.name, ran: workers.perWorker[worker.name] > 0 }).toEqual({ worker: worker.name, ran: true });
		expect(workers.onNoWorker).toEqual([]);
		expect(workers.onSeveralWorkers).toEqual([]);
	});
});
