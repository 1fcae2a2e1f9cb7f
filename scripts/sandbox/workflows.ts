// The two shipped workflows, as `npm start` imports them: credential references pointed at the credentials it created
// and the campaign-id placeholders filled in.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { CredentialRef, WorkflowJson } from '../n8n';
import { repoRoot } from '../n8n';

export const WORKFLOW_FILES = {
	outbound: 'workflows/zendesk-to-braze-sms.json',
	inbound: 'workflows/braze-sms-to-zendesk.json',
} as const;

/** Node names the scripts rely on (contracts of the workflow files). */
export const INBOUND_WEBHOOK_NODE = 'Inbound SMS';
export const ZENDESK_TRIGGER_NODE = 'Zendesk Relay Trigger';

export interface WorkflowValues {
	credentials: { zendeskRelayApi: CredentialRef; brazeRelayApi: CredentialRef; httpHeaderAuth: CredentialRef };
	campaigns: { reply: string; closing: string };
}

export function loadWorkflow(file: string): WorkflowJson {
	return JSON.parse(readFileSync(path.join(repoRoot(), file), 'utf8')) as WorkflowJson;
}

/** The Braze nodes whose campaign the user picks after import (left empty in the shipped files, so the editor flags it). */
const CAMPAIGN_NODES: Record<string, keyof WorkflowValues['campaigns']> = {
	'Send Agent Reply': 'reply',
	'Send Closing SMS': 'closing',
};

/**
 * Points the credential references (`REPLACE_WITH_…`) at the given credentials and sets the campaigns the shipped
 * files leave empty; throws if a placeholder is left unfilled.
 */
export function fillPlaceholders(workflow: WorkflowJson, values: WorkflowValues): WorkflowJson {
	const replacements: Record<string, string> = {
		REPLACE_WITH_ZENDESK_CREDENTIAL_ID: values.credentials.zendeskRelayApi.id,
		REPLACE_WITH_BRAZE_CREDENTIAL_ID: values.credentials.brazeRelayApi.id,
		REPLACE_WITH_HEADER_AUTH_CREDENTIAL_ID: values.credentials.httpHeaderAuth.id,
	};
	const filled = JSON.stringify(workflow).replace(/REPLACE_WITH_[A-Z_]+/g, (placeholder) => {
		const value = replacements[placeholder];
		if (value === undefined) throw new Error(`workflow ${workflow.name ?? ''}: no value for ${placeholder}`);
		return JSON.stringify(value).slice(1, -1);
	});
	const result = JSON.parse(filled) as WorkflowJson;
	for (const node of result.nodes) {
		const campaign = CAMPAIGN_NODES[node.name];
		if (campaign) node.parameters = { ...node.parameters, campaignId: { __rl: true, mode: 'id', value: values.campaigns[campaign] } };
	}
	return result;
}
