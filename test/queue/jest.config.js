// `npm run test:queue`: the queue-mode run (cluster.spec.ts) on its own. Its file is named *.spec.ts so the unit
// project (test/**/*.test.ts) never starts a cluster; the pure parts beside it are ordinary unit tests.
const path = require('node:path');

module.exports = {
	rootDir: path.join(__dirname, '..', '..'),
	displayName: 'queue',
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }] },
	testMatch: ['<rootDir>/test/queue/**/*.spec.ts'],
	// The n8n caches hold package.json files jest would otherwise index (and report as name collisions).
	modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/.build/'],
};
