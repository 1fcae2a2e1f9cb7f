// The workflow most node tests need: a Manual Trigger feeding the given items into one node of this package.
import type { INode, INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from './inProcess';

/** `name` is the node's name in the workflow; `type` is its description name, e.g. `brazeTriggerSend`. */
export function singleNodeWorkflow(
	name: string,
	type: string,
	parameters: INodeParameters,
	settings: Partial<INode> = {},
): WorkflowJson {
	return {
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'node', name, type: `n8n-nodes-zendesk-braze.${type}`, typeVersion: 1, position: [220, 0], parameters, ...settings },
		],
		connections: { Start: { main: [[{ node: name, type: 'main', index: 0 }]] } },
	};
}
