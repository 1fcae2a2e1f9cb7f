// The two services an n8n queue-mode cluster needs besides n8n: PostgreSQL (the shared database) and Redis (Bull's job
// queue and n8n's pub/sub). Installed from Debian when missing, then started throwaway: data in a temp folder, bound to
// 127.0.0.1 on a free port, nothing kept. Stopping is the cluster guard's job (guard.ts): it reads the pid files.
import { execFile, spawn } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

import { freePort } from '../n8n';

const execFileAsync = promisify(execFile);

const POSTGRES_ROOT = '/usr/lib/postgresql';
const REDIS_SERVER = '/usr/bin/redis-server';

/** The newest installed PostgreSQL's bin/ folder (Debian keeps each major version under /usr/lib/postgresql/<n>/). */
export function postgresBinDir(): string | undefined {
	if (!existsSync(POSTGRES_ROOT)) return undefined;
	const versions = readdirSync(POSTGRES_ROOT)
		.filter((name) => existsSync(path.join(POSTGRES_ROOT, name, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions[0] === undefined ? undefined : path.join(POSTGRES_ROOT, versions[0], 'bin');
}

/** The Debian packages the cluster needs that are not installed. */
export function missingPackages(): string[] {
	return [...(existsSync(REDIS_SERVER) ? [] : ['redis-server']), ...(postgresBinDir() ? [] : ['postgresql'])];
}

async function run(command: string, args: string[], logFile: string): Promise<void> {
	const log = openSync(logFile, 'a');
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			const child = spawn(command, args, { stdio: ['ignore', log, log] });
			child.on('error', reject);
			child.on('exit', resolve);
		});
		if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${code}); see ${logFile}`);
	} finally {
		closeSync(log);
	}
}

/** How to run a command as root: directly as root, else through password-less sudo (CI runners), else not at all. */
async function rootPrefix(): Promise<string[] | undefined> {
	if (process.getuid?.() === 0) return [];
	try {
		await execFileAsync('sudo', ['-n', 'true']);
		return ['sudo', '-n'];
	} catch {
		return undefined;
	}
}

/**
 * Installs what is missing with apt-get (`apt-get update` first), as root or through password-less sudo. Silent and
 * instant when all is there. RUNLEVEL=1 keeps the packages' init scripts from starting system-wide services on machines
 * without a policy-rc.d.
 */
export async function ensurePackages(logFile: string, progress: (message: string) => void): Promise<{ installed: string[]; seconds: number }> {
	const missing = missingPackages();
	if (missing.length === 0) return { installed: [], seconds: 0 };
	const root = await rootPrefix();
	if (!root) {
		throw new Error(`queue cluster: ${missing.join(' and ')} missing; install as root: apt-get update && apt-get install -y ${missing.join(' ')}`);
	}
	const started = Date.now();
	progress(`installing ${missing.join(' and ')} from Debian (once; log: ${logFile})`);
	const aptGet = async (...args: string[]) => {
		const [command, ...rest] = [...root, 'env', 'DEBIAN_FRONTEND=noninteractive', 'RUNLEVEL=1', 'apt-get', ...args];
		await run(command, rest, logFile);
	};
	await aptGet('update', '-qq');
	await aptGet('install', '-y', '-qq', '--no-install-recommends', ...missing);
	return { installed: missing, seconds: (Date.now() - started) / 1000 };
}

export interface PostgresService {
	port: number;
	/** Unix socket folder (also the data folder's parent); clients may use it as host. */
	socketDir: string;
	dataDir: string;
	database: string;
	user: string;
	binDir: string;
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/**
 * initdb into `<dir>/pgdata`, then pg_ctl start on a free loopback port with its socket in `dir`, then one database.
 * Durability is off (fsync, synchronous commit): the cluster is thrown away, and the machine's disk is shared.
 */
export async function startPostgres(dir: string, logFile: string): Promise<PostgresService> {
	const binDir = postgresBinDir();
	if (!binDir) throw new Error('queue cluster: PostgreSQL is not installed');
	mkdirSync(dir, { recursive: true });
	if (process.getuid?.() === 0) {
		const { stdout } = await execFileAsync('id', ['-u', 'postgres']);
		const { stdout: gid } = await execFileAsync('id', ['-g', 'postgres']);
		chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
	}
	const service: PostgresService = { port: await freePort(), socketDir: dir, dataDir: path.join(dir, 'pgdata'), database: 'n8n', user: 'postgres', binDir };
	const pg = (tool: string, args: string[]) => run(...asPostgresUser(path.join(binDir, tool), args), logFile);
	await pg('initdb', ['-D', service.dataDir, '-A', 'trust', '-U', service.user, '--no-sync', '-E', 'UTF8']);
	const settings = [
		`-p ${service.port}`,
		`-k ${dir}`,
		'-c listen_addresses=127.0.0.1',
		'-c fsync=off',
		'-c synchronous_commit=off',
		'-c full_page_writes=off',
	].join(' ');
	await pg('pg_ctl', ['-D', service.dataDir, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '60', '-o', settings, 'start']);
	await pg('createdb', ['-h', dir, '-p', String(service.port), '-U', service.user, service.database]);
	return service;
}

/** Runs one SQL statement through psql on the cluster's socket; rows as tab-separated lines. */
export async function queryPostgres(service: PostgresService, sql: string): Promise<string[][]> {
	const { stdout } = await execFileAsync(
		path.join(service.binDir, 'psql'),
		['-h', service.socketDir, '-p', String(service.port), '-U', service.user, '-d', service.database, '-At', '-F', '\t', '-c', sql],
		{ maxBuffer: 64 * 1024 * 1024 },
	);
	return stdout
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => line.split('\t'));
}

export interface RedisService {
	port: number;
	pidFile: string;
}

async function redisAnswers(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(2_000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (answer.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(answer.startsWith('+PONG')));
		socket.on('error', () => resolve(false));
	});
}

/** Redis on a free loopback port, no persistence (no RDB snapshots, no append-only file), daemonized with a pid file. */
export async function startRedis(dir: string, logFile: string, timeoutMs = 30_000): Promise<RedisService> {
	mkdirSync(dir, { recursive: true });
	const service: RedisService = { port: await freePort(), pidFile: path.join(dir, 'redis.pid') };
	await run(
		REDIS_SERVER,
		[
			'--bind', '127.0.0.1',
			'--port', String(service.port),
			'--save', '',
			'--appendonly', 'no',
			'--dir', dir,
			'--daemonize', 'yes',
			'--pidfile', service.pidFile,
			'--logfile', path.join(dir, 'redis.log'),
		],
		logFile,
	);
	const deadline = Date.now() + timeoutMs;
	while (!(await redisAnswers(service.port))) {
		if (Date.now() > deadline) throw new Error(`queue cluster: Redis did not answer on port ${service.port} within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return service;
}
