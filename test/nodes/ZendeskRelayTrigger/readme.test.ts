// The README's manual-setup JSON must be exactly what the automatic setup sends, or manual users get another setup.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	brazeUserFieldRequest,
	triggerBody,
	triggerRequest,
	webhookRequest,
} from '../../../nodes/ZendeskRelayTrigger/triggerDefinitions';

const readme = readFileSync(path.join(__dirname, '../../../nodes/ZendeskRelayTrigger/README.md'), 'utf8');

function block(name: string): unknown {
	const match = new RegExp(`<!-- manual:${name} -->\\s*\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
	if (!match) throw new Error(`README has no manual:${name} block`);
	return JSON.parse(match[1]);
}

const owner = { workflowId: '<workflow id>', workflowName: '<workflow name>' };

describe('README manual setup', () => {
	it('gives the exact user field, webhook and trigger requests the node sends', () => {
		expect(block('userField')).toEqual(brazeUserFieldRequest);
		expect(block('webhook')).toEqual(webhookRequest('https://<your n8n>/webhook/<webhook id>/zendesk-relay', owner));
		expect(block('agentReply')).toEqual(triggerRequest('agentReply', '<webhook id>', owner));
		expect(block('ticketSolved')).toEqual(triggerRequest('ticketSolved', '<webhook id>', owner));
	});

	it('shows the trigger body as it is typed in the Admin Center', () => {
		expect(block('agentReplyBody')).toEqual(JSON.parse(triggerBody('agentReply')));
	});
});
