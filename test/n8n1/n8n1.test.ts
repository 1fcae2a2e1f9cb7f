// The n8n1 project's own checks, beside the package's e2e suites it runs again on n8n 1.x (jest.config.js): that the
// server really is the 1.x line, and the 1.x difference the inbound workflow answers itself, played as Braze plays it:
// an SMS that meets a Zendesk outage is answered 503 (1.x alone would answer 200 with an empty body for a failed
// execution, and Braze would drop the message), and Braze's own retry lands it, once.
import { loginOwner, N8N_LINES, type CredentialRef, type ImportedWorkflow } from '../../scripts/n8n';
import { fillPlaceholders, INBOUND_WEBHOOK_NODE, loadWorkflow, WORKFLOW_FILES } from '../../scripts/sandbox/workflows';
import { eventually } from '../harness/eventually';
import { connectN8n, type N8nApi } from '../harness/realN8n';
import { SANDBOX_CAMPAIGNS, startSandbox, type Sandbox } from '../simulators/sandbox';

const HEADER = { name: 'X-Relay-Secret', value: 'n8n1-inbound-secret-0123456789' };

describe('the package on n8n 1.x', () => {
	let n8n: N8nApi;
	let sandbox: Sandbox;
	let workflow: ImportedWorkflow;
	let credentials: Record<string, CredentialRef>;

	beforeAll(async () => {
		n8n = await connectN8n();
		sandbox = await startSandbox({ fast: true });
		credentials = {
			zendeskRelayApi: await n8n.createCredential('zendeskRelayApi', sandbox.zendesk.credentials),
			brazeRelayApi: await n8n.createCredential('brazeRelayApi', sandbox.braze.credentials),
			httpHeaderAuth: await n8n.createCredential('httpHeaderAuth', HEADER),
		};
		const json = fillPlaceholders(loadWorkflow(WORKFLOW_FILES.inbound), { credentials: credentials as never, campaigns: SANDBOX_CAMPAIGNS });
		workflow = await n8n.importWorkflow(json, { credentials });
	}, 15 * 60_000);

	afterAll(async () => {
		await n8n?.deleteWorkflow(workflow.id);
		for (const ref of Object.values(credentials ?? {})) await n8n.deleteCredential(ref.id);
		await sandbox?.close();
	});

	it(`runs on n8n ${N8N_LINES['1']}, as the editor's settings say to the owner`, async () => {
		const rest = await loginOwner(n8n.baseUrl, n8n.connection.ownerPassword ?? '');
		expect((await rest<{ versionCli: string }>('GET', '/settings')).versionCli).toBe(N8N_LINES['1']);
	});

	it("answers 503 to an SMS that meets a Zendesk outage, and Braze's retry lands it once", async () => {
		const zendesk = sandbox.zendesk;
		zendesk.faults.script([{ kind: 'status', status: 503, times: 1_000 }]);
		const target = { url: workflow.webhookUrl(INBOUND_WEBHOOK_NODE), headerName: HEADER.name, headerValue: HEADER.value };
		const sms = { externalId: 'ana-1', phone: '+15550123', firstName: 'Ana', lastName: 'Ruiz', body: 'SUPPORT my order is late', dispatchId: 'd-ana-1' };
		const delivery = sandbox.braze.sendInboundSms(target, sms, { maxAttempts: 5, backoffMs: 3_000 });
		// Zendesk comes back once the first try has failed (its execution is saved after the answer), before Braze retries.
		await eventually(
			'the failed execution of the first try',
			async () => await n8n.listExecutions({ workflowId: workflow.id, status: 'error' }),
			(failed) => failed.length === 1,
		);
		zendesk.faults.clear();
		const attempts = await delivery;

		expect(attempts.map((attempt) => attempt.status)).toEqual([503, 200]);
		expect(JSON.parse(attempts[0].responseBody)).toEqual({ error: expect.stringMatching(/^Item 0: Zendesk .* failed \(503\)/) });
		const [ticket] = zendesk.tickets();
		expect(JSON.parse(attempts[1].responseBody)).toEqual({ ticketId: ticket.id, action: 'created' });
		expect(zendesk.tickets()).toHaveLength(1);
		expect(ticket.comments.map((comment) => comment.body)).toEqual(['SUPPORT my order is late']);
	}, 120_000);
});
