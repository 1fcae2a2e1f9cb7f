// A workflow holding only the Zendesk Relay Trigger, as its lifecycle and webhook tests run it.
import type { INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from '../../harness/inProcess';

const TRIGGER_NODE = 'Zendesk Relay Trigger';

export function triggerWorkflow(
	parameters: INodeParameters,
	workflow: { id: string; name: string; webhookId: string },
): WorkflowJson {
	return {
		id: workflow.id,
		name: workflow.name,
		nodes: [
			{
				id: 'n1',
				name: TRIGGER_NODE,
				type: 'n8n-nodes-zendesk-braze.zendeskRelayTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: workflow.webhookId,
				parameters,
			},
		],
		connections: {},
	};
}
