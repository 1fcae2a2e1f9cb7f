import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Proves the n8n community rules, n8n Cloud's included, are wired: a node breaking them on purpose must be flagged.
// ESLint runs as its own process (its flat config is an ES module, which jest's VM cannot import).
function lint(file: string): Set<string> {
	const root = path.resolve(__dirname, '..');
	const eslint = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
	const run = spawnSync(process.execPath, [eslint, '--no-ignore', '--format', 'json', file], { cwd: root, encoding: 'utf8' });
	const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string }> }>;
	return new Set(result.messages.map((message) => message.ruleId));
}

describe('lint rules on a node that breaks them on purpose', () => {
	let rules: Set<string>;
	beforeAll(() => {
		rules = lint('test/fixtures/lint/nodes/BadNode/BadNode.node.ts');
	}, 60_000);

	it('flags a node without icon, subtitle, usableAsTool, pairedItem and with literal connection types', () => {
		expect([...rules]).toEqual(
			expect.arrayContaining([
				'@n8n/community-nodes/require-node-description-fields',
				'@n8n/community-nodes/node-usable-as-tool',
				'@n8n/community-nodes/missing-paired-item',
				'@n8n/community-nodes/node-connection-type-literal',
			]),
		);
	});

	it("applies n8n Cloud's rules too: a file system import and a timer global (behind a disable comment) are flagged", () => {
		expect([...rules]).toEqual(
			expect.arrayContaining(['@n8n/community-nodes/no-restricted-imports', '@n8n/community-nodes/no-restricted-globals']),
		);
	});

	it('flags a devDependency imported by a node: tsc does not bundle it, so n8n would not find it', () => {
		expect(rules.has('@typescript-eslint/no-restricted-imports')).toBe(true);
	});
});
