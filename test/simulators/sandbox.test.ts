import axios from 'axios';

import { SANDBOX_CAMPAIGNS, startSandbox, type Sandbox } from './sandbox';
import { startReceiver, type Receiver } from './shared/receiver';

describe('sandbox: both simulators with control routes', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;

	beforeAll(async () => {
		sandbox = await startSandbox({ fast: true });
		receiver = await startReceiver();
	});
	afterAll(async () => {
		await sandbox.close();
		await receiver.close();
	});

	it('describes URLs, credentials and campaigns', () => {
		expect(sandbox.info.zendesk.credentials).toEqual({ hostType: 'url', baseUrl: sandbox.zendesk.url, email: sandbox.zendesk.email, apiToken: sandbox.zendesk.apiToken });
		expect(sandbox.info.braze.credentials).toEqual({ instance: 'custom', customUrl: sandbox.braze.url, apiKey: sandbox.braze.apiKey });
		expect(sandbox.info.braze.campaigns).toEqual(SANDBOX_CAMPAIGNS);
	});

	it('plays agent actions and inbound SMS over /__sim/ without touching the API log', async () => {
		const ticket = sandbox.zendesk.createTicket({ comment: { body: 'hi' } });
		const comment = await axios.post(`${sandbox.zendesk.url}/__sim/tickets/${ticket.id}/agent_comment`, { body: 'Hello', status: 'pending' });
		expect(comment.data.ticket).toMatchObject({ id: ticket.id, status: 'pending' });
		const state = await axios.get(`${sandbox.zendesk.url}/__sim/state`);
		expect(state.data.tickets[0].comments).toHaveLength(2);
		const sms = await axios.post(`${sandbox.braze.url}/__sim/inbound_sms`, {
			target: { url: receiver.url, headerName: 'x-secret', headerValue: 'v' },
			sms: { externalId: 'e', phone: '+1', body: 'SUPPORT' },
		});
		expect(sms.data.attempts).toEqual([expect.objectContaining({ status: 200 })]);
		expect(JSON.parse(receiver.requests[0].rawBody)).toMatchObject({ external_id: 'e', message: 'SUPPORT' });
		expect(sandbox.zendesk.log).toHaveLength(0);
		expect(sandbox.braze.log).toHaveLength(0);
	});

	it('renders the closing campaign default text', async () => {
		sandbox.braze.createUser('u', { phone: '+1' });
		const res = await axios.post(
			`${sandbox.braze.url}/campaigns/trigger/send`,
			{ campaign_id: SANDBOX_CAMPAIGNS.closing, recipients: [{ external_user_id: 'u' }] },
			{ headers: { Authorization: `Bearer ${sandbox.braze.apiKey}` } },
		);
		expect(res.status).toBe(201);
		expect(sandbox.braze.sms[0].text).toMatch(/^Your support request has been solved/);
	});
});
