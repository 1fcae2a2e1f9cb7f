import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// What `npm pack` ships (after `npm run build`, which `npm test` runs first): every file the `n8n` key names, with the
// icons and codex files n8n loads beside each node.
const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };

function packedFiles(): Set<string> {
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const output = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
	const [report] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
	return new Set(report.files.map((file) => file.path));
}

describe('the packed package', () => {
	const files = packedFiles();

	it.each([...pkg.n8n.nodes, ...pkg.n8n.credentials])('holds %s', (file) => {
		expect(files).toContain(file);
	});

	it.each(pkg.n8n.nodes)('holds the codex and both icons of %s', (file) => {
		const folder = path.posix.dirname(file);
		const base = path.posix.basename(file, '.node.js');
		expect(files).toContain(`${folder}/${base}.node.json`);
		const icons = [...files].filter((packed) => packed.startsWith(`${folder}/`) && packed.endsWith('.svg'));
		expect(icons).toHaveLength(2);
	});

	it('ships both workflows, ready to import from the installed package', () => {
		expect([...files].filter((packed) => packed.startsWith('workflows/')).sort()).toEqual([
			'workflows/braze-sms-to-zendesk.json',
			'workflows/zendesk-to-braze-sms.json',
		]);
	});

	it('ships no tests, sources or local settings', () => {
		expect([...files].filter((packed) => /^(test|scripts|bench|src)\/|\.ts$(?<!\.d\.ts)|^\.env/.test(packed))).toEqual([]);
	});
});
