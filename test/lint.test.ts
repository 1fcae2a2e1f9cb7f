import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Proves the n8n community rules are wired: a node breaking them on purpose must be flagged.
// ESLint runs as its own process (its flat config is an ES module, which jest's VM cannot import).
function lint(file: string): Set<string> {
	const root = path.resolve(__dirname, '..');
	const eslint = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
	const run = spawnSync(process.execPath, [eslint, '--no-ignore', '--format', 'json', file], { cwd: root, encoding: 'utf8' });
	const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string }> }>;
	return new Set(result.messages.map((message) => message.ruleId));
}

describe('lint rules', () => {
	it('flags a node without icon, subtitle, usableAsTool, pairedItem and with literal connection types', () => {
		const rules = lint('test/fixtures/lint/nodes/BadNode/BadNode.node.ts');
		expect([...rules]).toEqual(
			expect.arrayContaining([
				'@n8n/community-nodes/require-node-description-fields',
				'@n8n/community-nodes/node-usable-as-tool',
				'@n8n/community-nodes/missing-paired-item',
				'@n8n/community-nodes/node-connection-type-literal',
			]),
		);
	}, 60_000);
});
