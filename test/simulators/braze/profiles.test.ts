// Customers Braze knows only by phone: anonymous profiles addressed by braze_id, identified later.
import type { AxiosInstance } from 'axios';

import { startBrazeSimulator, type BrazeSimulator } from '.';
import { brazeClient } from './testClient';

describe('Braze simulator: anonymous and identified profiles', () => {
	let sim: BrazeSimulator;
	let api: AxiosInstance;

	beforeAll(async () => {
		sim = await startBrazeSimulator({
			campaigns: { reply: 'To {{${user_id} | default: "anonymous"}} ({{${braze_id}}}): {{api_trigger_properties.${msg_body}}}' },
		});
		api = brazeClient(sim);
	});
	afterEach(() => sim.reset());
	afterAll(() => sim.close());

	const send = (recipient: Record<string, unknown>, text = 'Hi') =>
		api.post('/campaigns/trigger/send', { campaign_id: 'reply', trigger_properties: { msg_body: text }, recipients: [recipient] });

	it('gives every profile a braze_id; an anonymous SMS profile has a phone and no external_id', () => {
		const known = sim.createUser('u1');
		const anonymous = sim.createAnonymousSmsProfile('+15550001');
		for (const profile of [known, anonymous]) expect(profile.braze_id).toMatch(/^[0-9a-f]{24}$/);
		expect(known.braze_id).not.toBe(anonymous.braze_id);
		expect(anonymous).not.toHaveProperty('external_id');
		expect(anonymous.attributes).toEqual({ phone: '+15550001' });
		expect(sim.createAnonymousSmsProfile('+15550002', { phoneAlias: true }).user_aliases).toEqual([
			{ alias_name: '+15550002', alias_label: 'phone' },
		]);
	});

	it('texts an anonymous profile addressed by braze_id, recording braze_id, no external id and the phone', async () => {
		const anonymous = sim.createAnonymousSmsProfile('+15550001');
		expect((await send({ braze_id: anonymous.braze_id })).status).toBe(201);
		expect(sim.sms).toEqual([
			expect.objectContaining({
				brazeId: anonymous.braze_id,
				externalUserId: null,
				phone: '+15550001',
				text: `To anonymous (${anonymous.braze_id}): Hi`,
			}),
		]);
	});

	it('finds a profile by alias, email or phone, and skips a braze_id that names no one, even when asked to create', async () => {
		sim.createAnonymousSmsProfile('+15550003', { phoneAlias: true, attributes: { email: 'a@example.com' } });
		await send({ user_alias: { alias_name: '+15550003', alias_label: 'phone' } }, 'by alias');
		await send({ email: 'a@example.com' }, 'by email');
		expect(sim.sms.map((sms) => [sms.phone, sms.text.split(': ')[1]])).toEqual([
			['+15550003', 'by alias'],
			['+15550003', 'by email'],
		]);
		const ghost = '0123456789abcdef01234567';
		expect((await send({ braze_id: ghost, send_to_existing_only: false, attributes: { a: 1 } })).status).toBe(201);
		expect(sim.sends.at(-1)?.skipped).toEqual([{ identifier: { braze_id: ghost }, reason: 'no profile with this braze_id' }]);
		expect(sim.store.profiles.size).toBe(1);
	});

	it('identifies an anonymous profile later: it keeps its braze_id and answers to its external id too', async () => {
		const anonymous = sim.createAnonymousSmsProfile('+15550001');
		const { profile, merged } = sim.identify(anonymous.braze_id, 'customer-7');
		expect(merged).toBe(false);
		expect(profile).toMatchObject({ braze_id: anonymous.braze_id, external_id: 'customer-7' });
		await send({ external_user_id: 'customer-7' }, 'by external id');
		await send({ braze_id: anonymous.braze_id }, 'by braze id');
		expect(sim.sms.map((sms) => [sms.externalUserId, sms.brazeId, sms.phone])).toEqual([
			['customer-7', anonymous.braze_id, '+15550001'],
			['customer-7', anonymous.braze_id, '+15550001'],
		]);
		expect(sim.sms[0].text).toBe(`To customer-7 (${anonymous.braze_id}): by external id`);
	});

	it('merges an anonymous profile into the one that already has the external id: its braze_id then names no one', async () => {
		sim.createUser('customer-7', { first_name: 'Ada' });
		const anonymous = sim.createAnonymousSmsProfile('+15550001', { attributes: { first_name: 'Unknown', zendesk_ticket: 12 } });
		const { profile, merged } = sim.identify(anonymous.braze_id, 'customer-7');
		expect(merged).toBe(true);
		expect(profile.braze_id).not.toBe(anonymous.braze_id);
		expect(profile.attributes).toEqual({ first_name: 'Ada', phone: '+15550001', zendesk_ticket: 12 });
		await send({ braze_id: anonymous.braze_id });
		expect(sim.sms).toHaveLength(0);
		expect(() => sim.identify(profile.braze_id, 'other')).toThrow(/already identified as customer-7/);
	});

	it('writes /users/track objects addressed by braze_id; an unknown braze_id writes nothing and creates no one', async () => {
		const anonymous = sim.createAnonymousSmsProfile('+15550001');
		const res = await api.post('/users/track', {
			attributes: [
				{ braze_id: anonymous.braze_id, zendesk_ticket: 42, zendesk_ticket_open: true },
				{ braze_id: '0123456789abcdef01234567', zendesk_ticket: 1 },
			],
		});
		expect(res.data).toEqual({ message: 'success', attributes_processed: 2 });
		expect(sim.profile({ braze_id: anonymous.braze_id })?.attributes).toEqual({ phone: '+15550001', zendesk_ticket: 42, zendesk_ticket_open: true });
		expect(sim.store.profiles.size).toBe(1);
	});

	it('treats email and phone as attributes beside an id, and as the identifier without one', async () => {
		const anonymous = sim.createAnonymousSmsProfile('+15550001');
		await api.post('/users/track', {
			attributes: [
				{ braze_id: anonymous.braze_id, email: 'lea@example.com' },
				{ phone: '+15550001', first_name: 'Léa' },
				{ external_id: 'customer-8', phone: '+15550008' },
			],
		});
		expect(sim.profile({ braze_id: anonymous.braze_id })?.attributes).toEqual({
			phone: '+15550001',
			email: 'lea@example.com',
			first_name: 'Léa',
		});
		expect(sim.user('customer-8')?.attributes).toEqual({ phone: '+15550008' });
	});

	it('refuses, alone, a /users/track object with several identifiers', async () => {
		const anonymous = sim.createAnonymousSmsProfile('+15550001');
		const res = await api.post('/users/track', {
			attributes: [
				{ braze_id: anonymous.braze_id, external_id: 'customer-7', a: 1 },
				{ braze_id: anonymous.braze_id, a: 2 },
			],
		});
		expect(res.status).toBe(201);
		expect(res.data).toEqual({
			message: 'success',
			attributes_processed: 1,
			errors: [
				{
					type: "exactly one of 'external_id', 'user_alias' or 'braze_id' is required (or, without them, an 'email' or a 'phone')",
					input_array: 'attributes',
					index: 0,
				},
			],
		});
		expect(sim.user('customer-7')).toBeUndefined();
		expect(sim.profile({ braze_id: anonymous.braze_id })?.attributes.a).toBe(2);
	});
});
