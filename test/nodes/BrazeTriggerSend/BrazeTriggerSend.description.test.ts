// What a user sees of the node in the editor: the subtitle, the fields for customers known only by phone, the
// campaign picker, the notices, and that AI agents are not offered it.
import type { INode, INodeParameters, INodeProperties, INodeTypes } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { BrazeTriggerSend } from '../../../nodes/BrazeTriggerSend/BrazeTriggerSend.node';

const nodeType = new BrazeTriggerSend();
const { description } = nodeType;
const visibleFor = (operation: string) =>
	description.properties.filter((property) => property.displayOptions?.show?.operation?.includes(operation));
const property = (name: string) => description.properties.find((candidate) => candidate.name === name) as INodeProperties;

/** The subtitle as n8n renders it under the node, for a node with these parameters. */
function subtitle(operation: string): unknown {
	const node: INode = {
		id: 'n',
		name: 'Braze Trigger Send',
		type: 'n8n-nodes-zendesk-braze.brazeTriggerSend',
		typeVersion: 1,
		position: [0, 0],
		parameters: { operation },
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, description.subtitle!, 'internal', {});
}

describe('Braze Trigger Send description', () => {
	it('shows the operation as words under the node', () => {
		expect(subtitle('sendCampaign')).toBe('Send campaign');
		expect(subtitle('trackAttributes')).toBe('Track attributes');
	});

	it('is not offered to AI agents: a send texts real customers and cannot be taken back', () => {
		expect(description.usableAsTool).toBeUndefined();
	});

	it('asks both operations for an External User ID or, for customers known only by phone, a Braze ID', () => {
		for (const operation of ['sendCampaign', 'trackAttributes']) {
			const names = visibleFor(operation).map((candidate) => candidate.name);
			expect(names).toEqual(expect.arrayContaining(['externalUserId', 'brazeId']));
			expect(names.indexOf('brazeId')).toBe(names.indexOf('externalUserId') + 1);
		}
		expect(property('externalUserId').required).toBeFalsy();
		expect(property('brazeId')).toMatchObject({ displayName: 'Braze ID', type: 'string', default: '' });
	});

	it('picks the campaign from a searchable list backed by a listSearch method, or by ID', () => {
		const campaign = property('campaignId');
		expect(campaign).toMatchObject({ displayName: 'Campaign', type: 'resourceLocator', default: { mode: 'list', value: '' } });
		expect(campaign.modes?.map((mode) => [mode.name, mode.displayName])).toEqual([
			['list', 'From List'],
			['id', 'By ID'],
		]);
		const method = campaign.modes?.[0].typeOptions?.searchListMethod;
		expect(method).toBe('searchCampaigns');
		const listSearch: Record<string, unknown> = nodeType.methods?.listSearch ?? {};
		expect(typeof listSearch[method!]).toBe('function');
	});

	it('warns before it bites: a send without an answer is not repeated; attribute writes reach messages later', () => {
		const notices = (operation: string) =>
			visibleFor(operation)
				.filter((candidate) => candidate.type === 'notice')
				.map((notice) => notice.displayName);
		expect(notices('sendCampaign')).toEqual([expect.stringMatching(/no idempotency key.*not repeated/)]);
		expect(notices('trackAttributes')).toEqual([expect.stringMatching(/a message sent right after may still show the old values/)]);
	});

	it('offers Zendesk Ticket Notes on Send Campaign, and asks for a Zendesk credential only once a ticket id is set', () => {
		const notes = property('ticketNotes');
		expect(visibleFor('sendCampaign')).toContain(notes);
		expect(visibleFor('trackAttributes')).not.toContain(notes);
		expect(notes.options?.map((option) => [option.name, (option as INodeProperties).default])).toEqual([
			['ticketId', '={{ $json.ticketId }}'],
			['mode', 'failures'],
			['tag', 'sms_failed'],
			['smsDetails', '={{ $json.sms }}'],
		]);

		const zendesk = description.credentials?.find((credential) => credential.name === 'zendeskRelayApi');
		expect(zendesk?.required).toBe(true);
		// The same rule n8n applies in the editor and when the node asks for the credential.
		const asksForZendesk = (parameters: INodeParameters) => NodeHelpers.displayParameter(parameters, zendesk!, { typeVersion: 1 }, description);
		expect(asksForZendesk({ operation: 'sendCampaign' })).toBe(false);
		expect(asksForZendesk({ operation: 'sendCampaign', ticketNotes: {} })).toBe(false);
		expect(asksForZendesk({ operation: 'sendCampaign', ticketNotes: { mode: 'everySms' } })).toBe(false);
		expect(asksForZendesk({ operation: 'sendCampaign', ticketNotes: { ticketId: '' } })).toBe(false);
		expect(asksForZendesk({ operation: 'sendCampaign', ticketNotes: { ticketId: '={{ $json.ticketId }}' } })).toBe(true);
		expect(asksForZendesk({ operation: 'sendCampaign', ticketNotes: { ticketId: '4711' } })).toBe(true);
		expect(asksForZendesk({ operation: 'trackAttributes', ticketNotes: { ticketId: '={{ $json.ticketId }}' } })).toBe(false);
		// n8n's editor reads node descriptions as JSON: the rule must survive it.
		const serialized = JSON.parse(JSON.stringify(zendesk));
		expect(NodeHelpers.displayParameter({ operation: 'sendCampaign' }, serialized, { typeVersion: 1 }, description)).toBe(false);
		expect(NodeHelpers.displayParameter({ operation: 'sendCampaign', ticketNotes: { ticketId: '9' } }, serialized, { typeVersion: 1 }, description)).toBe(true);
	});
});
