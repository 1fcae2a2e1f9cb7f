// Two projects: fast tests (pure modules, nodes in-process, simulators) and end-to-end tests against a real n8n
// (run with --runInBand by `npm test`, since they share one n8n server).
// Type errors are caught by `npm run typecheck`; ts-jest only transpiles (isolatedModules in tsconfig.tools.json).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.tools.json' }];

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			// One real n8n for the whole e2e run (test/harness/realN8n.ts); the first run on a machine installs it (minutes).
			globalSetup: '<rootDir>/test/harness/e2eGlobalSetup.ts',
			globalTeardown: '<rootDir>/test/harness/e2eGlobalTeardown.ts',
		},
	],
};
