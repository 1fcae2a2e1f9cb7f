import { readFileSync } from 'node:fs';

import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

// The full community-node rules, n8n Cloud's included (no timers, no imports beyond n8n-workflow and a few allowed
// modules, no runtime dependencies): the set n8n's verification scanner applies (scripts/scan-package.mjs runs it).
const communityRules = n8nCommunityNodesPlugin.configs.recommended;

// The community rules let nodes import devDependencies, on the assumption that a bundler copies them into the build.
// This package is compiled by tsc alone: a devDependency imported at runtime would be missing once n8n installs it.
const packageJson = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const providedByN8n = new Set(Object.keys(packageJson.peerDependencies ?? {}));
const notInstalledWithThePackage = Object.keys(packageJson.devDependencies ?? {}).filter((name) => !providedByN8n.has(name));
const noDevDependencyAtRuntime = {
	'@typescript-eslint/no-restricted-imports': [
		'error',
		{
			patterns: [
				{
					group: notInstalledWithThePackage.flatMap((name) => [name, `${name}/**`]),
					allowTypeImports: true,
					message: 'A devDependency is not installed with the package: n8n could not load this node.',
				},
			],
		},
	],
};

export default tseslint.config(
	{ ignores: ['dist/**', '.build/**', '.cache/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'test/fixtures/lint/**/*.ts'],
		...communityRules,
		rules: { ...communityRules.rules, ...noDevDependencyAtRuntime },
		// n8n's scanner ignores eslint-disable comments: one here would hide from us what it refuses.
		linterOptions: { noInlineConfig: true },
	},
	{
		files: ['package.json'],
		...communityRules,
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		// The deliberately bad node kept as a lint fixture: linted by its own test, never by `npm run lint`.
		ignores: ['test/fixtures/lint/**'],
	},
);
