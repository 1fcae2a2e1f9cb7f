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

/** Replaces every placeholder string (`REPLACE_WITH_…`) of the shipped files; throws if one is left unfilled. */
export function fillPlaceholders(workflow: WorkflowJson, values: WorkflowValues): WorkflowJson {
	const replacements: Record<string, string> = {
		REPLACE_WITH_ZENDESK_CREDENTIAL_ID: values.credentials.zendeskRelayApi.id,
		REPLACE_WITH_BRAZE_CREDENTIAL_ID: values.credentials.brazeRelayApi.id,
		REPLACE_WITH_HEADER_AUTH_CREDENTIAL_ID: values.credentials.httpHeaderAuth.id,
		REPLACE_WITH_REPLY_CAMPAIGN_ID: values.campaigns.reply,
		REPLACE_WITH_CLOSING_CAMPAIGN_ID: values.campaigns.closing,
	};
	const filled = JSON.stringify(workflow).replace(/REPLACE_WITH_[A-Z_]+/g, (placeholder) => {
		const value = replacements[placeholder];
		if (value === undefined) throw new Error(`workflow ${workflow.name ?? ''}: no value for ${placeholder}`);
		return JSON.stringify(value).slice(1, -1);
	});
	return JSON.parse(filled) as WorkflowJson;
}
