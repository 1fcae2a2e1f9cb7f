// Where n8n's CPU went in a run profiled with BENCH_N8N_CPU_PROFILE (bench/lib/n8nBench.ts): the self time of every
// sampled function, summed by the package its code belongs to, as a share of the time the process was busy.
//   node .build/bench/cpuProfile.js <file.cpuprofile> [rows]
import { readFileSync } from 'node:fs';

export interface CpuProfile {
	nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
	samples: number[];
	/** Microseconds before each sample. */
	timeDeltas: number[];
}

const PACKAGE_NAME = 'n8n-nodes-zendesk-braze';

/** The package a script belongs to (the innermost node_modules entry), Node's own code, or V8's own work. */
export function packageOf(url: string, functionName: string): string {
	// V8's own entries are in parentheses: (idle), (program), (garbage collector).
	if (url === '') return functionName.startsWith('(') ? functionName : `${functionName || 'anonymous'} (native)`;
	if (url.includes(PACKAGE_NAME)) return `${PACKAGE_NAME} (this package)`;
	const installed = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
	if (installed) return installed[installed.length - 1].replace('node_modules/', '');
	return url.startsWith('node:') ? 'node.js' : url;
}

/** Self time per package in milliseconds, and the busy total (everything but V8's `(idle)`). */
export function selfTimeByPackage(profile: CpuProfile): { busyMs: number; byPackage: Map<string, number> } {
	const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
	const byPackage = new Map<string, number>();
	profile.samples.forEach((id, index) => {
		const frame = frames.get(id);
		if (!frame) return;
		const name = packageOf(frame.url, frame.functionName);
		byPackage.set(name, (byPackage.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
	});
	byPackage.delete('(idle)');
	const busyMs = [...byPackage.values()].reduce((sum, ms) => sum + ms, 0);
	return { busyMs, byPackage };
}

function main(file: string | undefined, rows: number): void {
	if (!file) throw new Error('usage: node .build/bench/cpuProfile.js <file.cpuprofile> [rows]');
	const { busyMs, byPackage } = selfTimeByPackage(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
	const lines = [...byPackage]
		.sort((a, b) => b[1] - a[1])
		.slice(0, rows)
		.map(([name, ms]) => `| ${name} | ${Math.round(ms)} ms | ${((100 * ms) / busyMs).toFixed(1)} % |`);
	process.stdout.write([`busy ${Math.round(busyMs)} ms`, '| code | self time | share of busy time |', '|---|--:|--:|', ...lines, ''].join('\n'));
}

if (require.main === module) main(process.argv[2], Number(process.argv[3]) || 15);
