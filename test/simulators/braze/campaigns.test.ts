import type { AxiosInstance } from 'axios';

import { startBrazeSimulator, type BrazeSimulator } from '.';
import { brazeClient } from './testClient';

describe('Braze simulator: /campaigns/trigger/send', () => {
	let sim: BrazeSimulator;
	let api: AxiosInstance;

	beforeAll(async () => {
		sim = await startBrazeSimulator({
			campaigns: {
				reply: '{{api_trigger_properties.${msg_body}}}',
				greeting: 'Hi {{${first_name}}}, ticket {{custom_attribute.${zendesk_ticket}}}: {{api_trigger_properties.${msg_body}}} ({{api_trigger_properties.${agent}}})',
			},
		});
		api = brazeClient(sim);
	});
	afterEach(() => sim.reset());
	afterAll(() => sim.close());

	it('answers 201 with a dispatch id and renders each recipient SMS, own properties overriding shared ones', async () => {
		sim.createUser('u1', { first_name: 'Ada', phone: '+15550001', zendesk_ticket: 12 });
		sim.createUser('u2', { first_name: 'Bob', phone: '+15550002', zendesk_ticket: 13 });
		const res = await api.post('/campaigns/trigger/send', {
			campaign_id: 'greeting',
			trigger_properties: { msg_body: 'Shared', agent: 'Eve' },
			recipients: [{ external_user_id: 'u1' }, { external_user_id: 'u2', trigger_properties: { msg_body: 'Own "quoted"\nline' } }],
		});
		expect(res.status).toBe(201);
		expect(res.data).toEqual({ dispatch_id: expect.any(String), message: 'success' });
		expect(sim.sms).toEqual([
			expect.objectContaining({ externalUserId: 'u1', text: 'Hi Ada, ticket 12: Shared (Eve)', phone: '+15550001' }),
			expect.objectContaining({ externalUserId: 'u2', text: 'Hi Bob, ticket 13: Own "quoted"\nline (Eve)' }),
		]);
		expect(sim.sends[0]).toMatchObject({ dispatchId: res.data.dispatch_id, campaign_id: 'greeting' });
	});

	it('writes attributes to the profile before sending, keeping their types', async () => {
		sim.createUser('u1', { phone: '+1555' });
		await api.post('/campaigns/trigger/send', {
			campaign_id: 'reply',
			trigger_properties: { msg_body: 'Hello' },
			recipients: [{ external_user_id: 'u1', attributes: { zendesk_ticket: 42, zendesk_ticket_open: false } }],
		});
		expect(sim.user('u1')?.attributes).toMatchObject({ zendesk_ticket: 42, zendesk_ticket_open: false });
	});

	it('sends nothing to an unknown user with send_to_existing_only (non-fatal), and creates them when false', async () => {
		const skipped = await api.post('/campaigns/trigger/send', {
			campaign_id: 'reply',
			trigger_properties: { msg_body: 'x' },
			recipients: [{ external_user_id: 'ghost' }],
		});
		expect(skipped.status).toBe(201);
		expect(sim.sms).toHaveLength(0);
		expect(sim.sends[0].skipped).toEqual([{ identifier: { external_id: 'ghost' }, reason: 'no profile with this external_id' }]);
		await api.post('/campaigns/trigger/send', {
			campaign_id: 'reply',
			trigger_properties: { msg_body: 'y' },
			recipients: [{ external_user_id: 'new', send_to_existing_only: false, attributes: { zendesk_ticket_open: true } }],
		});
		expect(sim.sms.map((s) => s.text)).toEqual(['y']);
		expect(sim.user('new')?.attributes).toEqual({ zendesk_ticket_open: true });
	});

	const recipients = (n: number) => Array.from({ length: n }, (_, i) => ({ external_user_id: `u${i}` }));

	it('accepts 50 recipients and refuses 51 with a Braze error body', async () => {
		expect((await api.post('/campaigns/trigger/send', { campaign_id: 'reply', recipients: recipients(50) })).status).toBe(201);
		const res = await api.post('/campaigns/trigger/send', { campaign_id: 'reply', recipients: recipients(51) });
		expect(res.status).toBe(400);
		expect(res.data).toEqual({ message: expect.stringContaining('at most 50'), errors: [expect.any(String)] });
	});

	it.each([
		['no campaign_id', { recipients: [{ external_user_id: 'a' }] }],
		['an unknown campaign', { campaign_id: 'nope', recipients: [{ external_user_id: 'a' }] }],
		['no recipients without broadcast', { campaign_id: 'reply' }],
		['broadcast with recipients', { campaign_id: 'reply', broadcast: true, recipients: [{ external_user_id: 'a' }] }],
		['two ids in a recipient', { campaign_id: 'reply', recipients: [{ external_user_id: 'a', email: 'a@b.c' }] }],
		['an external_user_id and a braze_id in a recipient', { campaign_id: 'reply', recipients: [{ external_user_id: 'a', braze_id: '5f0c0ffee0ddba11deadbeef' }] }],
		['no id in a recipient', { campaign_id: 'reply', recipients: [{ trigger_properties: {} }] }],
		['send_to_existing_only false without attributes', { campaign_id: 'reply', recipients: [{ external_user_id: 'a', send_to_existing_only: false }] }],
		['trigger_properties not an object', { campaign_id: 'reply', trigger_properties: 'x', recipients: [{ external_user_id: 'a' }] }],
	])('answers 400 {message, errors} for %s', async (_, body) => {
		const res = await api.post('/campaigns/trigger/send', body);
		expect(res.status).toBe(400);
		expect(res.data).toEqual({ message: expect.any(String), errors: expect.arrayContaining([expect.any(String)]) });
		expect(sim.sends).toHaveLength(0);
	});

	it('sends a broadcast to every profile', async () => {
		sim.createUser('a');
		sim.createUser('b');
		const res = await api.post('/campaigns/trigger/send', { campaign_id: 'reply', broadcast: true, trigger_properties: { msg_body: 'all' } });
		expect(res.status).toBe(201);
		expect(sim.sms.map((s) => s.externalUserId)).toEqual(['a', 'b']);
	});

	it('names every identifier a recipient may use when it has none or several', async () => {
		const none = await api.post('/campaigns/trigger/send', { campaign_id: 'reply', recipients: [{ trigger_properties: {} }] });
		expect(none.data).toEqual({
			message: 'Each recipient needs exactly one of external_user_id, user_alias, braze_id or email',
			errors: ['recipients[0] has no identifier'],
		});
		const several = await api.post('/campaigns/trigger/send', {
			campaign_id: 'reply',
			recipients: [{ external_user_id: 'a' }, { braze_id: 'b', email: 'c@d.e' }],
		});
		expect(several.data.errors).toEqual(['recipients[1] has braze_id and email']);
	});

	it('refuses a campaign that exists but is not API-triggered', async () => {
		sim.addCampaign('weekly', { name: 'Weekly digest', kind: 'scheduled', template: 'x' });
		sim.addCampaign('transactional', { name: 'Receipts', kind: 'api', template: 'x' });
		sim.createUser('u1');
		for (const campaign_id of ['weekly', 'transactional']) {
			const res = await api.post('/campaigns/trigger/send', { campaign_id, recipients: [{ external_user_id: 'u1' }] });
			expect(res.status).toBe(400);
			expect(res.data.message).toBe('Invalid campaign_id');
		}
		expect(sim.sms).toHaveLength(0);
	});
});
