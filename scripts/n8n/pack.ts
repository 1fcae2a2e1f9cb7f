// The package as users get it: `npm run build` (when dist/ is missing or older than the sources) and `npm pack`.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { repoRoot } from './runtime';

const run = promisify(execFile);

function newestMtime(target: string): number {
	if (!existsSync(target)) return 0;
	const stat = statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = 0;
	for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
	return newest;
}

/** Whether dist/ lacks a file package.json ships, or is older than nodes/, credentials/ or the build config. */
export function distIsStale(root = repoRoot()): boolean {
	const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const shipped = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	if (shipped.some((file) => !existsSync(path.join(root, file)))) return true;
	const sources = Math.max(
		...['nodes', 'credentials', 'package.json', 'tsconfig.json', 'gulpfile.js'].map((entry) =>
			newestMtime(path.join(root, entry)),
		),
	);
	const oldestShipped = Math.min(...shipped.map((file) => statSync(path.join(root, file)).mtimeMs));
	return sources > oldestShipped;
}

/** Builds dist/ when stale; returns whether it built. Output goes to the returned text, never to the console. */
export async function buildIfStale(root = repoRoot()): Promise<boolean> {
	if (!distIsStale(root)) return false;
	await run('npm', ['run', 'build', '--silent'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
	return true;
}

/** `npm pack` into `destDir`; returns the tarball's path. */
export async function packPackage(destDir: string, root = repoRoot()): Promise<string> {
	const { stdout } = await run('npm', ['pack', '--pack-destination', destDir, '--silent'], {
		cwd: root,
		maxBuffer: 64 * 1024 * 1024,
	});
	const name = stdout.trim().split('\n').pop()?.trim();
	if (!name) throw new Error('n8n harness: npm pack printed no tarball name');
	return path.join(destDir, name);
}
