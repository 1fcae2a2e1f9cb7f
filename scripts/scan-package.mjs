// n8n's verification scanner (@n8n/scan-community-package), run offline on this package before it is published.
// n8n lints a community package twice before verifying it: its source (the commit its npm provenance names) and its
// published tarball. Its CLI downloads both from the public registry; its exported `analyzePackage(dir, patterns)` lints
// a folder with the same rules, so this script runs that function on the two legs here:
//   source:  the repository tree (package.json, nodes/ and credentials/ sources);
//   tarball: what `npm pack` would publish (compiled dist/**/*.js and package.json) — build first (`npm run build`).
// Prints every violation and a summary line per leg; exits 1 on any violation.
//
//   node scripts/scan-package.mjs [package folder, default: this repository]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The tarball leg's files, as the scanner's analyzePackageByName lints the downloaded package (it has no constant). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const packageDir = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const workDir = mkdtempSync(path.join(tmpdir(), 'scan-package-'));
// The scanner makes a temporary folder as it loads (for the downloads of its CLI): let it make it in ours, removed below.
process.env.TMPDIR = workDir;
// eslint-plugin-n8n-nodes-base reads NODE_ENV=test (set by jest, say) as its own test run, where every file is taken
// for a trigger node named Test.node.ts: its rules would report what n8n's scanner never would.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');

/** Runs a command; throws with its output when it fails. */
function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
	return result.stdout;
}

/** The folder holding what `npm pack` would publish, unpacked. */
function packedPackage() {
	const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], packageDir));
	run('tar', ['-xzf', path.join(workDir, filename), '-C', workDir], workDir);
	return path.join(workDir, 'package');
}

/**
 * The errors in the scanner's report (ESLint's "stylish" text: a file line, then "line:column  error  message  rule"
 * lines); warnings do not fail a scan. A failure without a report (the linting itself failed) is one violation of the
 * whole leg.
 */
function violationsOf(result, dir) {
	if (result.passed) return [];
	if (!result.details) return [{ rule: 'scanner', message: result.message }];
	const violations = [];
	let file = '';
	for (const raw of result.details.split('\n')) {
		const line = raw.replace(/\x1b\[[0-9;]*m/g, ''); // colours, on a terminal
		const problem = /^\s+(\d+):\d+\s+error\s+(.*?)(?:\s{2,}(\S+))?\s*$/.exec(line);
		if (problem) violations.push({ file, line: Number(problem[1]), rule: problem[3] ?? '(no rule: the file did not parse)', message: problem[2] });
		else if (/^\S/.test(line) && !line.startsWith('✖')) file = path.relative(dir, line.trim());
	}
	return violations;
}

/** Lints one leg; prints its violations and its summary line; answers how many there were. */
async function scan(leg, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	// A leg with nothing to lint proves nothing: n8n would have had something to scan.
	const violations = result.message === 'No files found to analyze'
		? [{ rule: 'scanner', message: 'no files to analyze' }]
		: violationsOf(result, dir);
	for (const { file, line, rule, message } of violations) {
		console.log(`  ${file === undefined ? '(the whole leg)' : `${file}:${line}`}  ${rule}  ${message}`);
	}
	console.log(`scanner ${leg}: ${violations.length} violation${violations.length === 1 ? '' : 's'}`);
	return violations.length;
}

try {
	const source = await scan('source', packageDir, SOURCE_FILE_PATTERNS);
	const tarball = await scan('tarball', packedPackage(), TARBALL_FILE_PATTERNS);
	process.exitCode = source + tarball > 0 ? 1 : 0;
} catch (error) {
	console.error(`scanner: ${error.message}`);
	process.exitCode = 1;
} finally {
	rmSync(workDir, { recursive: true, force: true });
}
