// The README's manual-setup section must be exactly what the automatic set-up sends, or manual users get another set-up.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ZendeskRelaySigningSecretApi } from '../../../credentials/ZendeskRelaySigningSecretApi.credentials';
import { ZendeskRelayTrigger } from '../../../nodes/ZendeskRelayTrigger/ZendeskRelayTrigger.node';
import {
	BRAZE_USER_FIELDS,
	DEFAULT_SMS_TAG,
	RESEND_TAG,
	ZENDESK_TRIGGERS,
	triggerParameters,
	triggerRequest,
	triggerTitle,
	webhookRequest,
} from '../../../nodes/ZendeskRelayTrigger/triggerDefinitions';

const readme = readFileSync(path.join(__dirname, '../../../nodes/ZendeskRelayTrigger/README.md'), 'utf8');

function marked(name: string): string {
	const at = readme.indexOf(`<!-- manual:${name} -->`);
	if (at < 0) throw new Error(`README has no manual:${name} block`);
	return readme.slice(at);
}

function block(name: string): unknown {
	const match = /^<!-- manual:\w+ -->\s*```json\n([\s\S]*?)\n```/.exec(marked(name));
	if (!match) throw new Error(`README's manual:${name} is not followed by a json block`);
	return JSON.parse(match[1]);
}

/** The rows of the markdown table after the marker, cells without their backticks. */
function table(name: string): string[][] {
	const lines = marked(name).split('\n').slice(1);
	const rows = lines.slice(0, lines.findIndex((line) => !line.startsWith('|')));
	return rows.slice(2).map((row) => row.split(' | ').map((cell) => cell.replace(/^\|? ?`?|`? ?\|?$/g, '')));
}

const owner = { workflowId: '<workflow id>', workflowName: '<workflow name>' };

describe('README manual setup', () => {
	it('gives the exact user field requests the node sends, one per field', () => {
		const byKey = Object.fromEntries(BRAZE_USER_FIELDS.map((request) => [request.user_field.key, request]));
		expect(Object.keys(byKey)).toEqual(['braze_external_id', 'braze_id']);
		expect(block('brazeExternalIdField')).toEqual(byKey.braze_external_id);
		expect(block('brazeIdField')).toEqual(byKey.braze_id);
	});

	it('gives the exact form-encoded webhook request', () => {
		expect(block('webhook')).toEqual(webhookRequest('https://<your n8n>/webhook/<webhook id>/zendesk-relay', owner));
		expect(block('webhook')).toMatchObject({ webhook: { request_format: 'form_encoded' } });
	});

	it('gives the exact request of each of the four triggers, with the default tag', () => {
		expect(DEFAULT_SMS_TAG).toBe('sms');
		for (const key of ZENDESK_TRIGGERS) expect(block(key)).toEqual(triggerRequest(key, '<webhook id>', owner, 'sms'));
	});

	it('lists the trigger parameters as typed in the Admin Center, and what differs between the triggers', () => {
		const common = table('parameters');
		const commentRows = {
			'newest public comment': common.filter(([name]) => name.startsWith('comment_')),
			'newest public reply': table('resendComment'),
		};
		expect(commentRows['newest public reply'].map(([name]) => name)).toEqual(['comment_text', 'comment_author']);
		const labels = Object.fromEntries(ZENDESK_TRIGGERS.map((key) => [triggerTitle(key, { workflowId: '' }).split(' – ')[1], key]));
		const differences = table('parameterDifferences');
		expect(differences.map(([label]) => labels[label])).toEqual([...ZENDESK_TRIGGERS]);
		for (const [label, event, open, resend, comment] of differences) {
			expect(Object.keys(commentRows)).toContain(comment);
			const comments = new Map(commentRows[comment as keyof typeof commentRows].map(([name, value]) => [name, value]));
			const expected = common.map(([name, value]): [string, string] => {
				if (name === 'event') return [name, event];
				if (name === 'ticket_open') return [name, open];
				if (name === 'resend') return [name, resend];
				return [name, comments.get(name) ?? value];
			});
			expect(expected).toEqual(triggerParameters(labels[label]));
		}
	});

	it('gives the resend macro adding exactly the tag the resend trigger waits for and every trigger removes', () => {
		expect(block('resendMacro')).toEqual({ macro: { title: 'SMS: resend last reply', actions: [{ field: 'current_tags', value: RESEND_TAG }] } });
		const { trigger } = triggerRequest('resendRequested', '<webhook id>', owner, 'sms');
		expect(trigger.conditions.all).toContainEqual({ field: 'current_tags', operator: 'includes', value: RESEND_TAG });
		for (const key of ZENDESK_TRIGGERS) expect(block(key)).toMatchObject({ trigger: { actions: [{}, { field: 'remove_tags', value: RESEND_TAG }] } });
	});

	it('lists the manual triggers in the order they must run: both reply triggers before the resend trigger', () => {
		const at = (key: string) => readme.indexOf(`<!-- manual:${key} -->`);
		expect(at('agentReply')).toBeLessThan(at('resendRequested'));
		expect(at('agentReplySolving')).toBeLessThan(at('resendRequested'));
	});

	it('names the credential, its field and the tag parameter as the editor shows them', () => {
		const credential = new ZendeskRelaySigningSecretApi();
		expect(readme).toContain(`**${credential.displayName}**`);
		expect(readme).toContain(`**${credential.properties[0].displayName}**`);
		const tag = new ZendeskRelayTrigger().description.properties.find((property) => property.name === 'ticketTag');
		expect(readme).toContain(`**${tag?.displayName}**`);
	});
});
