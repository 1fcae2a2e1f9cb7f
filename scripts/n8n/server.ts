// Starts the pinned real n8n headless on loopback with this package installed the way users install it, and stops
// everything it started. Used by the jest e2e projects (globalSetup), `npm start` and the benchmarks.
// Two release lines run the same way (StartOptions.version; default 2.x): n8n 2.x takes its owner from the environment,
// n8n 1.x gets it through its owner-setup route once it is up (see lineSettings and setUpOwner).
//
//   const server = await startN8n();             // install if needed, pack, fresh user folder, start, owner + API key
//   const wf = await server.api.importWorkflow(json, { credentials: { zendeskRelayApi: ref } });  // published, webhooks up
//   await server.api.callWebhook(wf.webhookPath('Webhook'), { body: {...} });
//   await server.stop();                         // process group down, temp user folder removed
//
// n8n runs under the Node its cache holds (2.x: Node 24), detached in its own process group behind a small bash watchdog that stops it
// when the starting process dies (crash, Ctrl-C, kill -9), so no n8n outlives the run. n8n's output goes to a log file
// (`server.logFile`, under the temp dir), never to the caller's console. Nothing here prints a secret.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	closeSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { loginOwner, N8nApi, OWNER_EMAIL, send, type N8nConnection } from './api';
import { buildIfStale, packPackage } from './pack';
import { terminateAndWait, terminateOnExit } from './processes';
import { ensureN8nInstalled, n8nMajor, type N8nRuntime } from './runtime';

export interface StartOptions {
	/** The n8n version (default: n8nVersion(): $N8N_VERSION, else the pin of $N8N_LINE, else 2.41.1). */
	version?: string;
	/** HTTP port (default: a free one). `npm start` uses 5678. */
	port?: number;
	/** User folder (N8N_USER_FOLDER). Default: a fresh temp folder, removed when n8n stops. */
	userFolder?: string;
	/** Keep a given user folder's database and encryption key between runs (default true; false starts it afresh). */
	keepUserFolder?: boolean;
	/** The package to install into <userFolder>/.n8n/nodes: `pack` (default: build if stale, npm pack), a tarball, or none. */
	package?: 'pack' | { tarball: string } | false;
	/** Extra environment for n8n (e.g. EXECUTIONS_DATA_SAVE_ON_SUCCESS=none for benchmarks); wins over the defaults. */
	env?: Record<string, string>;
	/** n8n is stopped when this process exits (default: the calling process). */
	watchPid?: number;
	/** How long n8n may take to answer /healthz/readiness (default 240 s: a fresh database runs ~270 migrations). */
	readyTimeoutMs?: number;
	/** Short progress lines (no secrets, not n8n's log), e.g. for a status line. */
	onProgress?: (message: string) => void;
}

export interface StartTimings {
	/** Installing n8n into the cache (0 when it was already there). */
	installSeconds: number;
	/** Building (when stale) and packing the package. */
	packSeconds: number;
	/** npm install of the tarball into the nodes folder. */
	packageInstallSeconds: number;
	/** From spawning n8n to /healthz/readiness answering 200. */
	startToReadySeconds: number;
	/** Owner set-up (1.x), login and API key. */
	authSeconds: number;
}

export interface N8nServer extends N8nConnection {
	pid: number;
	userFolder: string;
	logFile: string;
	api: N8nApi;
	timings: StartTimings;
	/** Stops n8n and everything it started (process group); removes a temp user folder. Idempotent. */
	stop(): Promise<void>;
}

/** Folder for n8n logs of harness runs (kept after a run so a failure can be read). */
export function logDir(): string {
	const dir = path.join(os.tmpdir(), 'n8n-nodes-zendesk-braze-logs');
	mkdirSync(dir, { recursive: true });
	return dir;
}

/**
 * Removes logs older than a day, and beyond the newest 20 those not written for an hour. Several runs (tests, start,
 * benchmarks) share the folder, so a log still being written is never removed.
 */
function pruneLogs(dir: string): void {
	const now = Date.now();
	const logs = readdirSync(dir)
		.filter((name) => name.endsWith('.log'))
		.map((name) => ({ name, mtime: statSync(path.join(dir, name)).mtimeMs }))
		.sort((a, b) => b.mtime - a.mtime);
	logs.forEach(({ name, mtime }, index) => {
		const age = now - mtime;
		if (age > 24 * 3600_000 || (index >= 20 && age > 3600_000)) rmSync(path.join(dir, name), { force: true });
	});
}

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const probe = createServer();
		probe.unref();
		probe.on('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tail(file: string, lines = 15): string {
	try {
		return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

async function run(command: string, args: string[], options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv }) {
	const log = openSync(options.logFile, 'a');
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', log, log] });
			child.on('error', reject);
			child.on('exit', resolve);
		});
		if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${code}); see ${options.logFile}`);
	} finally {
		closeSync(log);
	}
}

const NPM_KEPT = /^npm_config_(registry|cache|userconfig|globalconfig|cafile|proxy|https_proxy|noproxy|strict_ssl)$/i;

/** The environment minus the npm_* settings `npm run` exports for this project (prefixes, ignore-scripts, nodedir). */
function npmEnv(): NodeJS.ProcessEnv {
	return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || NPM_KEPT.test(key)));
}

/** Installs the tarball into <userFolder>/.n8n/nodes as n8n's community-package installer lays it out. */
async function installPackage(userFolder: string, tarball: string, logFile: string): Promise<void> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
	await run(
		'npm',
		['install', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', tarball],
		{ cwd: nodesDir, logFile, env: npmEnv() },
	);
}

/** Environment for n8n: nothing inherited that n8n reads (N8N_*, DB_*, ...), then the harness's settings, then `extra`. */
function n8nEnv(runtime: N8nRuntime, settings: Record<string, string>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) => !/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_|WEBHOOK_URL$|NODE_OPTIONS$|NODE_ENV$|npm_)/.test(key),
		),
	);
	return { ...inherited, PATH: `${runtime.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`, ...settings, ...extra };
}

// Runs n8n, forwards TERM/INT/HUP to it, stops it when the watched process is gone, and removes the temp user folder
// (when given) once n8n has exited. Arguments: <watched pid> <folder to remove or ""> <command...>
const WATCHDOG = `
watch=$1; cleanup=$2; shift 2
"$@" &
child=$!
stop() { kill -TERM "$child" 2>/dev/null; }
trap stop TERM INT HUP
while kill -0 "$child" 2>/dev/null; do
  kill -0 "$watch" 2>/dev/null || stop
  sleep 0.5 & wait $! 2>/dev/null
done
wait "$child" 2>/dev/null; code=$?
if [ -n "$cleanup" ]; then rm -rf -- "$cleanup"; fi
exit $code
`;

/**
 * Stops a server the harness started, from any process: TERM to the watchdog (which stops n8n and cleans up), then
 * KILL to the whole process group if it is still there after `timeoutMs`.
 */
export async function stopN8nGroup(pid: number, timeoutMs = 20_000): Promise<void> {
	if (!(await terminateAndWait(pid, timeoutMs))) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// the group is gone
	}
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n exited before it was ready (${child.exitCode ?? child.signalCode}); log: ${logFile}\n${tail(logFile)}`);
		}
		try {
			if ((await send(`${baseUrl}/healthz/readiness`, { timeoutMs: 5_000 })).status === 200) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`n8n was not ready after ${timeoutMs} ms; log: ${logFile}\n${tail(logFile)}`);
		await sleep(200);
	}
}

/**
 * n8n 1.x has no owner variables: its instance owner is claimed once through the route the editor's setup page calls.
 * (2.x refuses that route when the owner is managed by the environment.)
 */
async function setUpOwner(baseUrl: string, password: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	const claim = async () =>
		await send(`${baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: OWNER_EMAIL, firstName: 'Harness', lastName: 'Owner', password }),
		});
	let setup = await claim();
	// 1.x reports ready once its database is migrated, a moment before its REST routes are mounted.
	while (setup.status === 404 && Date.now() < deadline) {
		await sleep(200);
		setup = await claim();
	}
	if (setup.status === 400) {
		// The owner of a kept user folder was claimed by an earlier start, with that start's random password.
		throw new Error('n8n 1.x owner setup refused: the owner is already set up (start 1.x with keepUserFolder: false)');
	}
	if (setup.status !== 200) throw new Error(`n8n owner setup failed (${setup.status})`);
}

/** Owner login (cookie), then a public API key with every scope the owner may grant (the lines' scopes differ). */
async function createApiKey(baseUrl: string, password: string): Promise<string> {
	const rest = await loginOwner(baseUrl, password);
	const scopes = await rest<string[]>('GET', '/api-keys/scopes');
	const key = await rest<{ rawApiKey: string }>('POST', '/api-keys', { label: `harness ${Date.now()}`, scopes, expiresAt: null });
	return key.rawApiKey;
}

function hashPassword(runtime: N8nRuntime, password: string): string {
	// bcryptjs ships inside n8n's own node_modules; n8n checks the owner's password against this hash.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const bcrypt = require(path.join(runtime.dir, 'node_modules', 'bcryptjs')) as { hashSync(value: string, rounds: number): string };
	return bcrypt.hashSync(password, 10);
}

/**
 * The settings that differ between the lines. 2.x: the owner from the environment, and the MCP registry module off (it
 * calls out). 1.x: no owner variables (setUpOwner), a module list naming mcp-registry makes it crash at start, and its
 * default expression engine runs in isolated-vm, whose native build the install skips: the legacy engine instead.
 */
function lineSettings(runtime: N8nRuntime, password: string): Record<string, string> {
	if (n8nMajor(runtime.version) === 1) return { N8N_EXPRESSION_ENGINE: 'legacy' };
	return {
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER_EMAIL,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: hashPassword(runtime, password),
	};
}

export async function startN8n(options: StartOptions = {}): Promise<N8nServer> {
	const progress = options.onProgress ?? (() => {});
	const logs = logDir();
	pruneLogs(logs);
	const stamp = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
	const logFile = path.join(logs, `n8n-${stamp}.log`);
	writeFileSync(logFile, '');

	const runtime = await ensureN8nInstalled({
		version: options.version,
		logFile,
		onColdInstall: (found) =>
			progress(`n8n ${found.version} is not in ${path.dirname(found.dir)} yet: installing it (several minutes, once)`),
	});
	const timings: StartTimings = {
		installSeconds: runtime.seconds,
		packSeconds: 0,
		packageInstallSeconds: 0,
		startToReadySeconds: 0,
		authSeconds: 0,
	};

	const temporary = options.userFolder === undefined;
	const userFolder = options.userFolder ?? mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-'));
	mkdirSync(userFolder, { recursive: true });
	const removeTemp = () => {
		if (temporary) rmSync(userFolder, { recursive: true, force: true });
	};

	try {
		if (options.package !== false) {
			let started = Date.now();
			let tarball: string;
			if (options.package && typeof options.package === 'object') {
				tarball = options.package.tarball;
			} else {
				if (await buildIfStale()) progress('built the package (dist/ was missing or older than the sources)');
				tarball = await packPackage(userFolder);
			}
			timings.packSeconds = (Date.now() - started) / 1000;
			started = Date.now();
			await installPackage(userFolder, tarball, logFile);
			timings.packageInstallSeconds = (Date.now() - started) / 1000;
		}
		if (!temporary && options.keepUserFolder === false) {
			for (const file of ['database.sqlite', 'database.sqlite-wal', 'database.sqlite-shm', 'config']) {
				rmSync(path.join(userFolder, '.n8n', file), { force: true });
			}
		}
	} catch (error) {
		removeTemp();
		throw error;
	}

	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const password = `Harness-${randomBytes(12).toString('hex')}-1`;
	const env = n8nEnv(
		runtime,
		{
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${baseUrl}/`,
			N8N_SECURE_COOKIE: 'false',
			DB_TYPE: 'sqlite',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			// The package's nodes call the vendors' simulators on loopback in tests and sandbox mode.
			N8N_SSRF_PROTECTION_ENABLED: 'false',
			N8N_LOG_OUTPUT: 'console',
			N8N_LOG_LEVEL: 'info',
			...lineSettings(runtime, password),
		},
		options.env,
	);

	const log = openSync(logFile, 'a');
	const spawnedAt = Date.now();
	const child = spawn(
		'bash',
		['-c', WATCHDOG, 'n8n-watchdog', String(options.watchPid ?? process.pid), temporary ? userFolder : '', runtime.nodeBin, runtime.n8nBin, 'start'],
		{ cwd: userFolder, env, detached: true, stdio: ['ignore', log, log] },
	);
	closeSync(log);
	child.unref();
	const pid = child.pid;
	if (pid === undefined) {
		removeTemp();
		throw new Error(`could not spawn n8n; log: ${logFile}`);
	}

	// Last-resort cleanup if this process ends without stop(): the watchdog notices too, this is just faster.
	const removeHandlers = terminateOnExit(pid);

	let stopped: Promise<void> | undefined;
	const stop = async () => {
		stopped ??= (async () => {
			removeHandlers();
			await stopN8nGroup(pid);
			removeTemp();
		})();
		await stopped;
	};

	try {
		progress(`starting n8n ${runtime.version} on ${baseUrl} (log: ${logFile})`);
		await waitUntilReady(baseUrl, child, logFile, options.readyTimeoutMs ?? 240_000);
		timings.startToReadySeconds = (Date.now() - spawnedAt) / 1000;
		const authStarted = Date.now();
		if (n8nMajor(runtime.version) === 1) await setUpOwner(baseUrl, password, 60_000);
		const apiKey = await createApiKey(baseUrl, password);
		timings.authSeconds = (Date.now() - authStarted) / 1000;
		const connection: N8nConnection = { baseUrl, apiKey, version: runtime.version, pid, userFolder, logFile, ownerPassword: password };
		return { ...connection, pid, userFolder, logFile, api: new N8nApi(connection), timings, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
