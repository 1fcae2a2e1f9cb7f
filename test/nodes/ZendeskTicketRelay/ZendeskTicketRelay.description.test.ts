import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { ZendeskTicketRelay } from '../../../nodes/ZendeskTicketRelay/ZendeskTicketRelay.node';

const folder = path.resolve(__dirname, '../../../nodes/ZendeskTicketRelay');
const { description } = new ZendeskTicketRelay();
const property = (name: string) => description.properties.find((candidate) => candidate.name === name) as INodeProperties;

describe('Zendesk Ticket Relay description', () => {
	it('keeps the contract names: node, credential, operation and parameters', () => {
		expect(description).toMatchObject({ name: 'zendeskTicketRelay', displayName: 'Zendesk Ticket Relay' });
		// Not offered to AI agents: it writes into tickets as the customer.
		expect(description.usableAsTool).toBeFalsy();
		expect(description.credentials).toEqual([{ name: 'zendeskRelayApi', required: true }]);
		expect(property('operation').default).toBe('relayInbound');
		for (const name of ['brazeExternalId', 'brazeId', 'message', 'name', 'phone', 'ticketId', 'mediaUrls', 'options']) {
			expect(property(name)).toBeDefined();
		}
		const options = property('options').options as INodeProperties[];
		const option = (name: string) => options.find((candidate) => candidate.name === name);
		expect(option('tags')?.default).toBe('sms');
		expect(option('reopenSolved')?.default).toBe(true);
		expect(option('subject')).toBeDefined();
		expect(option('parallelConversations')).toMatchObject({ type: 'number', default: 5, typeOptions: { minValue: 1 } });
	});

	it("offers Add Ticket Note, whose parameters show for it alone (Ticket ID from the trigger's item, tag sms_failed)", () => {
		const operations = (property('operation').options as Array<{ value: string }>).map((option) => option.value);
		expect(operations).toEqual(['relayInbound', 'addTicketNote']);
		const noteParameters = description.properties.filter((candidate) => candidate.displayOptions?.show?.operation?.includes('addTicketNote'));
		expect(noteParameters.map((candidate) => [candidate.name, candidate.default])).toEqual([
			['ticketId', '={{ $json.ticketId }}'],
			['note', ''],
			['tag', 'sms_failed'],
		]);
		expect(noteParameters.every((candidate) => candidate.displayOptions?.show?.operation?.length === 1)).toBe(true);
	});

	it('ships two different icons and a codex naming the package node type', () => {
		const icon = description.icon as { light: string; dark: string };
		const light = readFileSync(path.join(folder, icon.light.replace('file:', '')), 'utf8');
		const dark = readFileSync(path.join(folder, icon.dark.replace('file:', '')), 'utf8');
		expect(light).toContain('<svg');
		expect(dark).toContain('<svg');
		expect(dark).not.toBe(light);
		const codex = JSON.parse(readFileSync(path.join(folder, 'ZendeskTicketRelay.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-zendesk-braze.zendeskTicketRelay');
	});
});
