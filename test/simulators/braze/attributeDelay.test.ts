// Braze processes /users/track asynchronously: a write answered 201 reaches Liquid (campaign messages, the inbound
// webhook body) only after `attributeDelayMs`. A manual clock moves time, so nothing here waits.
import type { AxiosInstance } from 'axios';

import { ManualClock } from '../shared/clock';
import type { Receiver } from '../shared/receiver';
import { simulatorWithReceiver } from '../shared/simulatorWithReceiver';
import { startBrazeSimulator, type BrazeSimulator } from '.';
import { brazeClient } from './testClient';

describe('Braze simulator: attribute propagation delay', () => {
	let clock: ManualClock;
	let sim: BrazeSimulator;
	let api: AxiosInstance;
	let receiver: Receiver;

	simulatorWithReceiver(
		() => {
			clock = new ManualClock();
			return startBrazeSimulator({
				clock: clock.now,
				attributeDelayMs: 5_000,
				campaigns: { reply: 'Ticket {{custom_attribute.${zendesk_ticket} | default: "none"}}' },
			});
		},
		(started) => {
			({ sim, receiver } = started);
			api = brazeClient(sim);
		},
	);

	const target = () => ({ url: receiver.url, headerName: 'x-relay-secret', headerValue: 'shh' });
	const ticketIdSent = async (brazeId: string) => {
		await sim.textFromProfile(target(), { braze_id: brazeId }, { body: 'SUPPORT' });
		return JSON.parse(receiver.requests.at(-1)!.rawBody).ticket_id as string;
	};
	const track = (brazeId: string, attributes: Record<string, unknown>) =>
		api.post('/users/track', { attributes: [{ braze_id: brazeId, ...attributes }] });

	it('keeps a /users/track write out of the inbound webhook body until the delay has passed', async () => {
		const anonymous = sim.createAnonymousSmsProfile('+15550001');
		expect((await track(anonymous.braze_id, { zendesk_ticket: 41 })).status).toBe(201);
		// The profile holds the value at once; Liquid does not see it yet.
		expect(sim.profile({ braze_id: anonymous.braze_id })?.attributes.zendesk_ticket).toBe(41);
		expect(await ticketIdSent(anonymous.braze_id)).toBe('');
		clock.advance(4_999);
		expect(await ticketIdSent(anonymous.braze_id)).toBe('');
		clock.advance(1);
		expect(await ticketIdSent(anonymous.braze_id)).toBe('41');
		const body = JSON.parse(receiver.requests.at(-1)!.rawBody);
		expect(body).toMatchObject({ external_id: '', braze_id: anonymous.braze_id, phone: '+15550001', message: 'SUPPORT' });
	});

	it('renders campaign messages from the old value meanwhile; attributes sent with the trigger are seen at once', async () => {
		sim.createUser('u1', { phone: '+15550002', zendesk_ticket: 1 });
		await api.post('/users/track', { attributes: [{ external_id: 'u1', zendesk_ticket: 2 }] });
		const sendTo = (recipient: Record<string, unknown>) =>
			api.post('/campaigns/trigger/send', { campaign_id: 'reply', recipients: [{ external_user_id: 'u1', ...recipient }] });
		await sendTo({});
		await sendTo({ attributes: { zendesk_ticket: 3 } });
		// The delayed write of 2 becomes visible after the later write of 3: the later write still wins.
		clock.advance(5_000);
		await sendTo({});
		expect(sim.sms.map((sms) => sms.text)).toEqual(['Ticket 1', 'Ticket 3', 'Ticket 3']);
	});

	it('is a switch: 0 makes writes visible at once, and reset restores the configured delay', async () => {
		const anonymous = sim.createAnonymousSmsProfile('+15550001');
		sim.attributeDelayMs = 0;
		await track(anonymous.braze_id, { zendesk_ticket: 8 });
		expect(await ticketIdSent(anonymous.braze_id)).toBe('8');
		expect(() => (sim.attributeDelayMs = -1)).toThrow(/≥ 0/);
		sim.reset();
		expect(sim.attributeDelayMs).toBe(5_000);
	});
});
