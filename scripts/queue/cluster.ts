// A real n8n queue-mode cluster on loopback, with this package installed in every n8n process as users install it:
//
//   PostgreSQL + Redis (services.ts)  ←  n8n main     (`n8n start`: editor, API, publishing, the trigger's set-up)
//                                     ←  n8n webhook  (`n8n webhook`: answers /webhook/*, enqueues executions)
//                                     ←  n8n worker×2 (`n8n worker --concurrency=5`: runs the executions)
//
//   const cluster = await startQueueCluster({ onProgress: console.error });
//   const wf = await cluster.api.importWorkflow(json, { credentials });  // published on main; webhooks via the webhook process
//   await cluster.api.callWebhook(wf.webhookPath('Inbound SMS'), { body });
//   cluster.executionLog();                                               // executions enqueued, and which worker ran each
//   await cluster.stop();                                                 // everything down, temp folder removed
//
// Every process has its own user folder (as in n8n's container deployments, where the editor's package installs reach
// the workers by pub/sub and each one installs into its own folder): the package is installed once into main's
// `.n8n/nodes` by the real-n8n harness and copied into the others. Main does not serve production webhooks
// (N8N_DISABLE_PRODUCTION_MAIN_PROCESS), so a call that reaches the wrong process fails instead of passing unnoticed.
// Logs stay in the harness's log folder after the run; nothing printed holds a secret.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	buildIfStale,
	ensureN8nInstalled,
	freePort,
	logDir,
	N8nApi,
	packPackage,
	send,
	startN8n,
	terminateOnExit,
	type N8nConnection,
	type N8nRuntime,
	type N8nServer,
	type StartTimings,
} from '../n8n';
import { startGuard } from './guard';
import { ensurePackages, queryPostgres, startPostgres, startRedis, type PostgresService, type RedisService } from './services';
import { executionsLogged } from './workerLog';

/** n8n's API on main, production webhooks on the webhook process: the split a load balancer makes in front of a cluster. */
export class ClusterApi extends N8nApi {
	constructor(
		connection: N8nConnection,
		readonly webhookBaseUrl: string,
	) {
		super(connection);
	}

	override webhookUrl(webhookPath: string): string {
		return `${this.webhookBaseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`;
	}
}

export interface QueueClusterOptions {
	/** Worker processes (default 2), each `--concurrency` (default 5). */
	workers?: number;
	concurrency?: number;
	/** Main's port (editor and API; default a free one). */
	port?: number;
	/** Extra environment for every n8n process (e.g. a public WEBHOOK_URL); wins over the cluster's own settings. */
	env?: Record<string, string>;
	onProgress?: (message: string) => void;
}

export interface ClusterProcess {
	name: string;
	pid: number;
	logFile: string;
}

export interface QueueClusterTimings {
	/** apt-get installs of Redis/PostgreSQL (0 when present). */
	servicesInstallSeconds: number;
	/** initdb + start of PostgreSQL, start of Redis. */
	servicesStartSeconds: number;
	/** Main as the harness starts it (n8n install if missing, package install, migrations, owner, API key), and the pack. */
	main: StartTimings;
	/** From spawning the webhook process and the workers to all of them answering /healthz/readiness. */
	webhookAndWorkersSeconds: number;
	totalSeconds: number;
}

export interface ExecutionLog {
	enqueued: string[];
	startedBy: Record<string, string[]>;
}

export interface QueueCluster {
	version: string;
	/** Executions each worker runs at once. */
	concurrency: number;
	main: N8nServer;
	api: ClusterApi;
	webhook: ClusterProcess & { baseUrl: string };
	workers: ClusterProcess[];
	postgres: PostgresService;
	redis: RedisService;
	timings: QueueClusterTimings;
	/** Execution ids enqueued (webhook process and main), and those each worker started (by worker name), from their logs. */
	executionLog(): ExecutionLog;
	/** Runs SQL on the cluster's database (rows of text cells). */
	query(sql: string): Promise<string[][]>;
	/** The cluster as an N8nServer (API and webhooks split as in `api`), for code written against one n8n. */
	asServer(): N8nServer;
	/** Stops every process and service, removes the temp folder. Idempotent. */
	stop(): Promise<void>;
}

const INHERITED_BLOCKLIST = /^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_|WEBHOOK_URL$|NODE_OPTIONS$|NODE_ENV$|npm_)/;

/** What every process of the cluster shares: queue mode, the database, Redis, one encryption key, one webhook URL. */
function sharedSettings(postgres: PostgresService, redis: RedisService, webhookBaseUrl: string): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		// The URL n8n gives webhook nodes: the Zendesk Relay Trigger registers it in Zendesk at publish.
		WEBHOOK_URL: `${webhookBaseUrl}/`,
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// The package's nodes call the vendor simulators on loopback; on workers, since they run the executions.
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: 'info',
	};
}

function processEnv(runtime: N8nRuntime, settings: Record<string, string>): NodeJS.ProcessEnv {
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !INHERITED_BLOCKLIST.test(key)));
	return { ...inherited, PATH: `${runtime.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`, ...settings };
}

function tail(file: string, lines = 15): string {
	try {
		return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/** A folder only its owner reads (the user folders hold n8n's settings). */
function privateFolder(dir: string): string {
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	return dir;
}

interface Spawned extends ClusterProcess {
	child: ChildProcess;
	readinessUrl: string;
}

async function waitUntilReady(spawned: Spawned, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) {
			throw new Error(`n8n ${spawned.name} exited before it was ready; log: ${spawned.logFile}\n${tail(spawned.logFile)}`);
		}
		try {
			if ((await send(spawned.readinessUrl, { timeoutMs: 5_000 })).status === 200) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`n8n ${spawned.name} was not ready after ${timeoutMs} ms; log: ${spawned.logFile}\n${tail(spawned.logFile)}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

export async function startQueueCluster(options: QueueClusterOptions = {}): Promise<QueueCluster> {
	const started = Date.now();
	const progress = options.onProgress ?? (() => {});
	const concurrency = options.concurrency ?? 5;
	const stamp = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
	const logPrefix = path.join(logDir(), `queue-${stamp}`);
	const clusterLog = `${logPrefix}-cluster.log`;
	writeFileSync(clusterLog, '');

	const install = await ensurePackages(clusterLog, progress);
	const runtime = await ensureN8nInstalled({
		logFile: clusterLog,
		onColdInstall: (found) => progress(`n8n ${found.version} is not in ${path.dirname(found.dir)} yet: installing it (several minutes, once)`),
	});

	const dir = mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));
	// Others may pass through (PostgreSQL runs as its own user in postgres/), not list.
	chmodSync(dir, 0o711);
	const guard = startGuard(dir, clusterLog);
	const stop = () => guard.stop();
	// If this process ends without stop() (the harness's main or npm start may handle the signal), the guard still stops.
	const removeHandlers = terminateOnExit(guard.pid);

	try {
		const servicesStarted = Date.now();
		const [postgres, redis] = await Promise.all([startPostgres(path.join(dir, 'postgres'), clusterLog), startRedis(path.join(dir, 'redis'), clusterLog)]);
		const servicesStartSeconds = (Date.now() - servicesStarted) / 1000;
		progress(`PostgreSQL on 127.0.0.1:${postgres.port}, Redis on 127.0.0.1:${redis.port}`);

		const webhookPort = await freePort();
		const webhookBaseUrl = `http://127.0.0.1:${webhookPort}`;
		const shared = { ...sharedSettings(postgres, redis, webhookBaseUrl), ...options.env };

		const packStarted = Date.now();
		if (await buildIfStale()) progress('built the package (dist/ was missing or older than the sources)');
		const tarball = await packPackage(dir);
		const packSeconds = (Date.now() - packStarted) / 1000;
		const mainFolder = privateFolder(path.join(dir, 'main'));
		const main = await startN8n({
			port: options.port,
			userFolder: mainFolder,
			package: { tarball },
			onProgress: (message) => progress(`main: ${message}`),
			env: { ...shared, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' },
		});
		guard.adopt(main.pid);
		main.timings.packSeconds = packSeconds;

		const spawnedAt = Date.now();
		const spawnProcess = async (name: string, args: string[], own: Record<string, string>, readinessUrl: string): Promise<Spawned> => {
			const userFolder = privateFolder(path.join(dir, name));
			cpSync(path.join(mainFolder, '.n8n', 'nodes'), path.join(userFolder, '.n8n', 'nodes'), { recursive: true, verbatimSymlinks: true });
			const logFile = `${logPrefix}-${name}.log`;
			const log = openSync(logFile, 'a');
			const settings = { ...shared, N8N_USER_FOLDER: userFolder, N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...own };
			const child = spawn(runtime.nodeBin, [runtime.n8nBin, ...args], { cwd: userFolder, env: processEnv(runtime, settings), detached: true, stdio: ['ignore', log, log] });
			closeSync(log);
			child.unref();
			if (child.pid === undefined) throw new Error(`could not spawn n8n ${name}; log: ${logFile}`);
			guard.adopt(child.pid);
			return { name, pid: child.pid, logFile, child, readinessUrl };
		};
		const webhook = await spawnProcess('webhook', ['webhook'], { N8N_PORT: String(webhookPort) }, `${webhookBaseUrl}/healthz/readiness`);
		const workers: Spawned[] = [];
		for (let n = 1; n <= (options.workers ?? 2); n++) {
			const health = await freePort();
			workers.push(
				await spawnProcess(
					`worker-${n}`,
					['worker', `--concurrency=${concurrency}`],
					{ QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(health), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' },
					`http://127.0.0.1:${health}/healthz/readiness`,
				),
			);
		}
		progress(`webhook process on ${webhookBaseUrl}, ${workers.length} workers starting (logs: ${logPrefix}-*.log)`);
		await Promise.all([webhook, ...workers].map((spawned) => waitUntilReady(spawned, 240_000)));

		const api = new ClusterApi(main.api.connection, webhookBaseUrl);
		const describe = ({ name, pid, logFile }: Spawned): ClusterProcess => ({ name, pid, logFile });
		const timings: QueueClusterTimings = {
			servicesInstallSeconds: install.seconds,
			servicesStartSeconds,
			main: main.timings,
			webhookAndWorkersSeconds: (Date.now() - spawnedAt) / 1000,
			totalSeconds: (Date.now() - started) / 1000,
		};
		const cluster: QueueCluster = {
			version: main.version,
			concurrency,
			main,
			api,
			webhook: { ...describe(webhook), baseUrl: webhookBaseUrl },
			workers: workers.map(describe),
			postgres,
			redis,
			timings,
			executionLog: () => ({
				enqueued: [main.logFile, webhook.logFile].flatMap((file) => executionsLogged(readFileSync(file, 'utf8'), 'enqueued')),
				startedBy: Object.fromEntries(workers.map((worker) => [worker.name, executionsLogged(readFileSync(worker.logFile, 'utf8'), 'started')])),
			}),
			query: (sql) => queryPostgres(postgres, sql),
			asServer: () => ({ ...main, api, stop: cluster.stop }),
			stop: async () => {
				removeHandlers();
				await Promise.all([main.stop(), stop()]);
			},
		};
		return cluster;
	} catch (error) {
		removeHandlers();
		await stop();
		throw error;
	}
}

/** What `npm start -- --queue` prints about the cluster besides the sandbox's own lines. */
export function clusterSummary(cluster: QueueCluster): string[] {
	const logs = [cluster.webhook, ...cluster.workers].map((process) => `${process.name} ${process.logFile}`);
	return [
		`QUEUE MODE: n8n main ${cluster.main.baseUrl} (editor, API; no production webhooks), webhook process ${cluster.webhook.baseUrl} ` +
			`(/webhook/*), ${cluster.workers.length} workers × concurrency ${cluster.concurrency}`,
		`  PostgreSQL 127.0.0.1:${cluster.postgres.port} (database ${cluster.postgres.database}), Redis 127.0.0.1:${cluster.redis.port}; ` +
			`cluster up in ${cluster.timings.totalSeconds.toFixed(1)} s`,
		...logs.map((line) => `  log: ${line}`),
	];
}
