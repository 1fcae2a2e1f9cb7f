// The two shipped workflows, filled in for a given set of credentials, ready for N8nApi.importWorkflow. The inbound
// workflow's stock Webhook has a fixed path; each copy gets its own, so several copies (and other suites' copies on a
// shared n8n) can be published side by side.
import { randomUUID } from 'node:crypto';

import { triggersFor, type RelayEvent, type ZendeskTriggerKey } from '../../nodes/ZendeskRelayTrigger/triggerDefinitions';
import type { WorkflowJson } from '../../scripts/n8n';
import { fillPlaceholders, INBOUND_WEBHOOK_NODE, loadWorkflow, WORKFLOW_FILES, ZENDESK_TRIGGER_NODE, type WorkflowValues } from '../../scripts/sandbox/workflows';
import { eventually } from '../harness/eventually';
import { SANDBOX_CAMPAIGNS } from '../simulators/sandbox';
import type { ZendeskSimulator } from '../simulators/zendesk';

export function relayWorkflow(direction: keyof typeof WORKFLOW_FILES, credentials: WorkflowValues['credentials']): WorkflowJson {
	const json = fillPlaceholders(loadWorkflow(WORKFLOW_FILES[direction]), { credentials, campaigns: SANDBOX_CAMPAIGNS });
	const webhook = json.nodes.find((node) => node.name === INBOUND_WEBHOOK_NODE);
	if (webhook?.parameters) webhook.parameters.path = `braze-inbound-sms-${randomUUID().slice(0, 8)}`;
	return json;
}

/** The Zendesk triggers the outbound workflow's Zendesk Relay Trigger sets up for the events it selects. */
export function relayTriggerKeys(outbound: WorkflowJson): ZendeskTriggerKey[] {
	const node = outbound.nodes.find((candidate) => candidate.name === ZENDESK_TRIGGER_NODE);
	return triggersFor((node?.parameters?.events as RelayEvent[] | undefined) ?? []);
}

/**
 * Publishing returns before the Zendesk Relay Trigger has made its webhook and triggers in Zendesk: waits until the
 * account holds `webhooks` webhooks and every trigger of that many outbound workflows.
 */
export async function zendeskSetUp(zendesk: ZendeskSimulator, outbound: WorkflowJson, webhooks = 1): Promise<void> {
	const triggers = webhooks * relayTriggerKeys(outbound).length;
	await eventually(
		`${webhooks} webhook(s) and ${triggers} triggers in Zendesk`,
		() => [zendesk.webhooks().length, zendesk.triggers().length],
		([madeWebhooks, madeTriggers]) => madeWebhooks === webhooks && madeTriggers === triggers,
	);
}
