import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

const communityRules = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;

export default tseslint.config(
	{ ignores: ['dist/**', '.build/**', '.cache/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'test/fixtures/lint/**/*.ts'],
		...communityRules,
	},
	{
		files: ['package.json'],
		...communityRules,
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
		rules: {
			...communityRules.rules,
			// liquidjs is a deliberate runtime dependency (Braze-style Liquid templates): this package targets
			// self-hosted n8n, where community packages may carry dependencies; n8n Cloud is not a goal.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		// The deliberately bad node kept as a lint fixture: linted by its own test, never by `npm run lint`.
		ignores: ['test/fixtures/lint/**'],
	},
);
