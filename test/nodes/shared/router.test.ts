import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { runOperation } from '../../../nodes/shared/router';

const node = { name: 'Relay', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;
const context = (operation: string) =>
	({ getNodeParameter: () => operation, getNode: () => node }) as unknown as IExecuteFunctions;

describe('runOperation', () => {
	const operations = {
		relayInbound: {
			async execute(this: IExecuteFunctions) {
				return [{ json: { ran: (this.getNodeParameter('operation', 0) as string) }, pairedItem: { item: 0 } }];
			},
		},
	};

	it('runs the chosen operation with the node context and wraps its items as the single output', async () => {
		expect(await runOperation(context('relayInbound'), operations)).toEqual([[{ json: { ran: 'relayInbound' }, pairedItem: { item: 0 } }]]);
	});

	it('names an operation the node does not have, including inherited object keys', async () => {
		await expect(runOperation(context('toString'), operations)).rejects.toThrow('Unknown operation "toString"');
	});
});
