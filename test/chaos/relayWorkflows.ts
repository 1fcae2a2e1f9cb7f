// The two shipped workflows, filled in for a given set of credentials, ready for N8nApi.importWorkflow. The inbound
// workflow's stock Webhook has a fixed path; each copy gets its own, so several copies (and other suites' copies on a
// shared n8n) can be published side by side.
import { randomUUID } from 'node:crypto';

import type { WorkflowJson } from '../../scripts/n8n';
import { fillPlaceholders, INBOUND_WEBHOOK_NODE, loadWorkflow, WORKFLOW_FILES, type WorkflowValues } from '../../scripts/sandbox/workflows';
import { SANDBOX_CAMPAIGNS } from '../simulators/sandbox';

export function relayWorkflow(direction: keyof typeof WORKFLOW_FILES, credentials: WorkflowValues['credentials']): WorkflowJson {
	const json = fillPlaceholders(loadWorkflow(WORKFLOW_FILES[direction]), { credentials, campaigns: SANDBOX_CAMPAIGNS });
	const webhook = json.nodes.find((node) => node.name === INBOUND_WEBHOOK_NODE);
	if (webhook?.parameters) webhook.parameters.path = `braze-inbound-sms-${randomUUID().slice(0, 8)}`;
	return json;
}
