import { fillPlaceholders, loadWorkflow, WORKFLOW_FILES, type WorkflowValues } from '../../../scripts/sandbox/workflows';

const VALUES: WorkflowValues = {
	credentials: {
		zendeskRelayApi: { id: 'zd-1', name: 'Zendesk Relay API' },
		brazeRelayApi: { id: 'bz-1', name: 'Braze Relay API' },
		httpHeaderAuth: { id: 'hh-1', name: 'Braze webhook secret' },
	},
	campaigns: { reply: 'reply-"quoted"-id', closing: 'closing-id' },
};

describe('fillPlaceholders', () => {
	it('starts from shipped workflows whose campaigns are left for the user to pick', () => {
		const shipped = loadWorkflow(WORKFLOW_FILES.outbound).nodes.filter((node) => node.name.startsWith('Send '));
		expect(shipped.map((node) => node.parameters?.campaignId)).toEqual([
			{ __rl: true, mode: 'list', value: '' },
			{ __rl: true, mode: 'list', value: '' },
		]);
	});

	it('fills every placeholder of the shipped workflows with the credentials and campaign ids', () => {
		const outbound = fillPlaceholders(loadWorkflow(WORKFLOW_FILES.outbound), VALUES);
		const inbound = fillPlaceholders(loadWorkflow(WORKFLOW_FILES.inbound), VALUES);
		expect(JSON.stringify([outbound, inbound])).not.toContain('REPLACE_WITH_');
		const node = (name: string) => [...outbound.nodes, ...inbound.nodes].find((candidate) => candidate.name === name)!;
		expect(node('Send Agent Reply').parameters?.campaignId).toEqual({ __rl: true, mode: 'id', value: 'reply-"quoted"-id' });
		expect(node('Send Closing SMS').parameters?.campaignId).toEqual({ __rl: true, mode: 'id', value: 'closing-id' });
		expect(node('Zendesk Relay Trigger').credentials?.zendeskRelayApi.id).toBe('zd-1');
		expect(node('Send Agent Reply').credentials?.brazeRelayApi.id).toBe('bz-1');
		expect(node('Inbound SMS').credentials?.httpHeaderAuth.id).toBe('hh-1');
	});

	it('refuses a placeholder it has no value for', () => {
		const workflow = { name: 'x', nodes: [{ name: 'n', type: 't', typeVersion: 1, parameters: { a: 'REPLACE_WITH_SOMETHING_NEW' } }], connections: {} };
		expect(() => fillPlaceholders(workflow, VALUES)).toThrow('workflow x: no value for REPLACE_WITH_SOMETHING_NEW');
	});
});
