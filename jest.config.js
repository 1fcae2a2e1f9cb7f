// Three projects: fast tests (pure modules, nodes in-process, simulators), end-to-end tests against a real n8n 2.x, and
// the package's end-to-end suites again against n8n 1.x (`npm run test:n8n1`). The real-n8n ones run with --runInBand,
// since a project's suites share one n8n server.
// Type errors are caught by `npm run typecheck`; ts-jest only transpiles (isolatedModules in tsconfig.tools.json).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.tools.json' }];
// Every project: jest must not index the installed n8n versions (GBs, and their cache manifests share one name).
const common = { testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest }, modulePathIgnorePatterns: ['<rootDir>/.cache/'] };

// The e2e suites about the package itself, which the 1.x line must pass too. Left out on 1.x: start.test.ts (the
// `npm start` sandbox, a maintainers' tool that runs 2.x), editor.test.ts (writes the README's screenshots of the 2.x
// editor, whose canvas it reads), bursts.test.ts (writes the 2.x figures to bench/results/).
const PACKAGE_SUITES = ['harness', 'brazeSmsToZendesk', 'zendeskToBrazeSms', 'secrets', 'realAccount'];

module.exports = {
	projects: [
		{
			displayName: 'unit',
			...common,
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/n8n1/'],
		},
		{
			displayName: 'e2e',
			...common,
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			// One real n8n for the whole e2e run (test/harness/realN8n.ts); the first run on a machine installs it (minutes).
			globalSetup: '<rootDir>/test/harness/e2eGlobalSetup.ts',
			globalTeardown: '<rootDir>/test/harness/e2eGlobalTeardown.ts',
		},
		{
			displayName: 'n8n1',
			...common,
			testMatch: [
				...PACKAGE_SUITES.map((suite) => `<rootDir>/test/e2e/${suite}.test.ts`),
				'<rootDir>/test/n8n1/**/*.test.ts',
			],
			// The line the global setup starts and the suites join (test/harness/realN8n.ts).
			globals: { n8nLine: '1' },
			globalSetup: '<rootDir>/test/harness/e2eGlobalSetup.ts',
			globalTeardown: '<rootDir>/test/harness/e2eGlobalTeardown.ts',
		},
	],
};
