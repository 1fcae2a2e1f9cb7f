// What the real-n8n benches share: the n8n settings they measure with, workflows read with their placeholders filled,
// and where an execution's time goes (each node's own time, from executions saved by a copy of the workflow).
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot, type Execution, type WorkflowJson } from '../../scripts/n8n';
import type { BenchFigure } from '../run';
import { mean } from './latency';

/**
 * n8n settings for measuring (see docs/performance.md): the legacy expression engine instead of the sandboxed one, no
 * saving of successful executions, no insights module, quieter logs. Same for every workflow measured. The stock
 * baselines' Code nodes may require `crypto` (to check Zendesk's signature).
 */
export const TUNED_ENV: Record<string, string> = {
	N8N_EXPRESSION_ENGINE: 'legacy',
	EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
	N8N_DISABLED_MODULES: 'mcp-registry,insights',
	N8N_LOG_LEVEL: 'warn',
	NODE_FUNCTION_ALLOW_BUILTIN: 'crypto',
};

/** A whole number > 0 from the environment, else the fallback. */
export function positiveSetting(value: string | undefined, fallback: number): number {
	const parsed = Number(value);
	return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

export function progressLine(suite: string): (message: string) => void {
	return (message) => process.stderr.write(`  ${suite}: ${message}\n`);
}

/** A workflow file of the repository with every `REPLACE_WITH_…` placeholder named in `values` replaced. */
export function readWorkflow(relative: string, values: Record<string, string>): WorkflowJson {
	let text = readFileSync(path.join(repoRoot(), relative), 'utf8');
	for (const [placeholder, value] of Object.entries(values)) text = text.split(placeholder).join(value);
	return JSON.parse(text) as WorkflowJson;
}

const STOCK_WEBHOOK = 'n8n-nodes-base.webhook';

/**
 * A copy of a measured workflow that saves its successful executions, for the profiling pass. Stock webhooks get
 * their own path; the package's triggers get theirs from the fresh webhook id the import gives them.
 */
export function savingCopy(json: WorkflowJson): WorkflowJson {
	const copy = structuredClone(json);
	copy.settings = { ...copy.settings, saveDataSuccessExecution: 'all' };
	for (const node of copy.nodes) {
		if (node.type === STOCK_WEBHOOK && node.parameters) node.parameters.path = `${String(node.parameters.path)}-profiled`;
	}
	return copy;
}

/**
 * The mean time n8n records for each node of saved executions (its `executionTime`), and what the executions spent
 * outside the nodes (start to stop, minus the nodes).
 */
export function nodeTimeFigures(label: string, executions: Execution[]): BenchFigure[] {
	const perNode = new Map<string, number[]>();
	const outside: number[] = [];
	for (const execution of executions) {
		const runData = (execution.data?.resultData.runData ?? {}) as Record<string, Array<{ executionTime?: number }>>;
		let inNodes = 0;
		for (const [node, runs] of Object.entries(runData)) {
			const ms = runs.reduce((sum, entry) => sum + (entry.executionTime ?? 0), 0);
			inNodes += ms;
			perNode.set(node, [...(perNode.get(node) ?? []), ms]);
		}
		outside.push(Date.parse(execution.stoppedAt ?? execution.startedAt) - Date.parse(execution.startedAt) - inNodes);
	}
	return [
		...[...perNode].map(([node, times]) => ({ name: `profile ${label}: ${node}`, value: mean(times), unit: 'ms' })),
		{ name: `profile ${label}: execution outside nodes`, value: mean(outside), unit: 'ms' },
	];
}

/**
 * With BENCH_N8N_CPU_PROFILE=<folder>, n8n records a V8 CPU profile there, written when it stops (summarize it with
 * `node .build/bench/cpuProfile.js <file>`). Profiling slows n8n a little: not for the figures of a normal run.
 */
export function cpuProfileEnv(): Record<string, string> {
	const folder = process.env.BENCH_N8N_CPU_PROFILE;
	return folder ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(folder)}` } : {};
}
