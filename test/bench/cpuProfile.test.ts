import { packageOf, selfTimeByPackage } from '../../bench/cpuProfile';

describe("summary of n8n's CPU profile", () => {
	it('names the package of a script: the innermost installed one, this package, Node or V8', () => {
		const cache = '/work/.cache/n8n-2.41.1/node_modules';
		expect(packageOf(`file://${cache}/@n8n/typeorm/query-builder/SelectQueryBuilder.js`, 'getOne')).toBe('@n8n/typeorm');
		expect(packageOf(`file://${cache}/n8n/node_modules/n8n-core/dist/index.js`, 'x')).toBe('n8n-core');
		expect(packageOf('/u/.n8n/nodes/node_modules/n8n-nodes-zendesk-braze/dist/nodes/x.js', 'f')).toBe('n8n-nodes-zendesk-braze (this package)');
		expect(packageOf('node:internal/streams/readable', 'push')).toBe('node.js');
		expect(packageOf('', '(garbage collector)')).toBe('(garbage collector)');
		expect(packageOf('', 'writev')).toBe('writev (native)');
	});

	it('sums self time by package and leaves idle time out of the busy total', () => {
		const profile = {
			nodes: [
				{ id: 1, callFrame: { functionName: '(idle)', url: '' } },
				{ id: 2, callFrame: { functionName: 'run', url: '/m/node_modules/sqlite3/lib/sqlite3.js' } },
				{ id: 3, callFrame: { functionName: 'send', url: '/m/node_modules/n8n-nodes-zendesk-braze/dist/t.js' } },
			],
			samples: [1, 2, 2, 3, 1],
			timeDeltas: [5_000, 1_000, 2_000, 500, 9_000],
		};
		const { busyMs, byPackage } = selfTimeByPackage(profile);
		expect(busyMs).toBe(3.5);
		expect(byPackage).toEqual(new Map([['sqlite3', 3], ['n8n-nodes-zendesk-braze (this package)', 0.5]]));
	});
});
