// scripts/scan-package.mjs runs n8n's verification scanner on a package's source and on its packed tarball. Here it
// scans two small packages written for the test: one that breaks n8n Cloud's rules in both legs, one that follows them.
// (jest sets NODE_ENV=test, which the scanner's n8n-nodes-base rules misread; the script must cope, so it is kept.)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30"/></svg>';

/** A one-node package, source and compiled output, that waits with a timer global and a runtime dependency, or not. */
function packageFiles(breaksCloudRules: boolean): Record<string, string> {
	return {
		'package.json': JSON.stringify({
			name: 'n8n-nodes-scan-fixture',
			version: '1.0.0',
			description: 'A package for the scanner test',
			keywords: ['n8n-community-node-package'],
			license: 'MIT',
			author: { name: 'Fixture', email: 'fixture@example.com' },
			repository: { type: 'git', url: 'https://github.com/example/n8n-nodes-scan-fixture.git' },
			files: ['dist'],
			n8n: { n8nNodesApiVersion: 1, strict: true, credentials: [], nodes: ['dist/nodes/Pause/Pause.node.js'] },
			...(breaksCloudRules ? { dependencies: { 'left-pad': '1.3.0' } } : {}),
			peerDependencies: { 'n8n-workflow': '*' },
		}, null, 2),
		'nodes/Pause/Pause.node.ts': nodeSource(breaksCloudRules),
		'nodes/Pause/pause.svg': ICON,
		'dist/nodes/Pause/Pause.node.js': compiledNode(breaksCloudRules),
		'dist/nodes/Pause/pause.svg': ICON,
	};
}

/** "file:line" of the first line of `file` that holds `needle`. */
function at(files: Record<string, string>, file: string, needle: string): string {
	return `${file}:${files[file].split('\n').findIndex((line) => line.includes(needle)) + 1}`;
}

const description = `{
		displayName: 'Pause',
		name: 'pause',
		icon: 'file:pause.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{"Pause for a second"}}',
		description: 'Waits a second',
		defaults: { name: 'Pause' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	}`;

function nodeSource(breaksCloudRules: boolean): string {
	const wait = breaksCloudRules ? 'await new Promise((resolve) => setTimeout(resolve, 1000));' : 'await sleep(1000);';
	return `import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, sleep } from 'n8n-workflow';
${breaksCloudRules ? "import leftPad from 'left-pad';\n" : ''}
export class Pause implements INodeType {
	description: INodeTypeDescription = ${description};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		${wait}
		return [this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } }))];
	}
}
`;
}

function compiledNode(breaksCloudRules: boolean): string {
	const wait = breaksCloudRules ? 'await new Promise((resolve) => setTimeout(resolve, 1000));' : 'await (0, n8n_workflow_1.sleep)(1000);';
	return `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Pause = void 0;
const n8n_workflow_1 = require("n8n-workflow");
${breaksCloudRules ? 'const left_pad_1 = require("left-pad");\n' : ''}const NodeConnectionTypes = n8n_workflow_1.NodeConnectionTypes;
class Pause {
    constructor() {
        this.description = ${description};
    }
    async execute() {
        ${wait}
        return [this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } }))];
    }
}
exports.Pause = Pause;
`;
}

/** Runs the scan script on the package written to a fresh folder; its exit status and its printed lines. */
function scan(files: Record<string, string>): { status: number | null; lines: string[] } {
	const dir = mkdtempSync(path.join(tmpdir(), 'scan-fixture-'));
	try {
		for (const [file, text] of Object.entries(files)) {
			mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
			writeFileSync(path.join(dir, file), text);
		}
		const run = spawnSync(process.execPath, [path.join(root, 'scripts/scan-package.mjs'), dir], { cwd: root, encoding: 'utf8' });
		return { status: run.status, lines: `${run.stdout}${run.stderr}`.trim().split('\n') };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The violation lines printed before a leg's summary line, as "file:line  rule". */
function violations(lines: string[], leg: 'source' | 'tarball'): string[] {
	const summary = lines.findIndex((line) => line.startsWith(`scanner ${leg}:`));
	const start = leg === 'source' ? 0 : lines.findIndex((line) => line.startsWith('scanner source:')) + 1;
	return lines.slice(start, summary).map((line) => line.trim().split(/\s{2,}/).slice(0, 2).join('  '));
}

describe('scripts/scan-package.mjs (n8n verification scanner, both legs)', () => {
	it('lists each violation of the source and of the tarball with file, line and rule, counts them, and fails', () => {
		const files = packageFiles(true);
		const { status, lines } = scan(files);
		expect(status).toBe(1);
		const runtimeDependency = `${at(files, 'package.json', '"dependencies"')}  @n8n/community-nodes/no-runtime-dependencies`;
		expect(violations(lines, 'source').sort()).toEqual(
			[
				`${at(files, 'nodes/Pause/Pause.node.ts', "from 'left-pad'")}  @n8n/community-nodes/no-restricted-imports`,
				`${at(files, 'nodes/Pause/Pause.node.ts', 'setTimeout')}  @n8n/community-nodes/no-restricted-globals`,
				runtimeDependency,
			].sort(),
		);
		expect(violations(lines, 'tarball').sort()).toEqual(
			[
				`${at(files, 'dist/nodes/Pause/Pause.node.js', 'require("left-pad")')}  @n8n/community-nodes/no-restricted-imports`,
				`${at(files, 'dist/nodes/Pause/Pause.node.js', 'setTimeout')}  @n8n/community-nodes/no-restricted-globals`,
				runtimeDependency,
			].sort(),
		);
		expect(lines).toContain('scanner source: 3 violations');
		expect(lines).toContain('scanner tarball: 3 violations');
	}, 120_000);

	it('passes a package that follows the rules: no violation in either leg', () => {
		const { status, lines } = scan(packageFiles(false));
		expect(lines).toEqual(['scanner source: 0 violations', 'scanner tarball: 0 violations']);
		expect(status).toBe(0);
	}, 120_000);
});
