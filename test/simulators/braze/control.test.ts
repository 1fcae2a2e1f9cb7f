// The `/__sim/` routes another process (the sandbox, the demo, an e2e test driving n8n) uses to play Braze's side.
import axios from 'axios';

import type { Receiver } from '../shared/receiver';
import { simulatorWithReceiver } from '../shared/simulatorWithReceiver';
import { startBrazeSimulator, type BrazeSimulator } from '.';
import { brazeClient } from './testClient';

describe('Braze simulator: control routes', () => {
	let sim: BrazeSimulator;
	let receiver: Receiver;
	const control = (path: string, body?: unknown) =>
		axios.post(`${sim.url}/__sim/${path}`, body, { validateStatus: () => true });

	simulatorWithReceiver(startBrazeSimulator, (started) => ({ sim, receiver } = started));

	it('switches the attribute delay from another process, and refuses a bad value', async () => {
		expect((await control('settings', { attributeDelayMs: 2_500 })).data).toEqual({ attributeDelayMs: 2_500 });
		expect(sim.attributeDelayMs).toBe(2_500);
		expect((await axios.get(`${sim.url}/__sim/state`)).data.settings).toEqual({ attributeDelayMs: 2_500 });
		const bad = await control('settings', { attributeDelayMs: 'soon' });
		expect(bad.status).toBe(400);
		expect(sim.attributeDelayMs).toBe(2_500);
	});

	it('creates an anonymous SMS profile, identifies it, and plays its inbound SMS from the profile', async () => {
		const created = await control('users/anonymous', { phone: '+15550001', attributes: { first_name: 'Léa "L"' } });
		expect(created.status).toBe(201);
		const { braze_id: brazeId } = created.data.user;
		expect(created.data.user).toEqual(expect.not.objectContaining({ external_id: expect.anything() }));
		await brazeClient(sim).post('/users/track', { attributes: [{ braze_id: brazeId, zendesk_ticket: 9, zendesk_ticket_open: true }] });

		const target = { url: receiver.url, headerName: 'x-relay-secret', headerValue: 'shh' };
		const anonymousText = await control('inbound_sms', { target, from: { phone: '+15550001' }, message: 'SUPPORT help', dispatch_id: 'd-1' });
		expect(anonymousText.data.attempts).toEqual([expect.objectContaining({ status: 200 })]);
		expect(JSON.parse(receiver.requests[0].rawBody)).toEqual({
			external_id: '',
			braze_id: brazeId,
			phone: '+15550001',
			first_name: 'Léa "L"',
			last_name: '',
			message: 'SUPPORT help',
			media_urls: '',
			ticket_id: '9',
			ticket_open: 'true',
			dispatch_id: 'd-1',
		});

		const identified = await control(`users/${brazeId}/identify`, { external_id: 'customer-7' });
		expect(identified.data).toMatchObject({ merged: false, user: { braze_id: brazeId, external_id: 'customer-7' } });
		await control('inbound_sms', { target, from: { external_id: 'customer-7' }, message: 'again' });
		expect(JSON.parse(receiver.requests[1].rawBody)).toMatchObject({ external_id: 'customer-7', braze_id: brazeId, message: 'again' });
	});

	it('answers 400 for an unknown profile or a missing field, texting no one', async () => {
		const target = { url: receiver.url, headerName: 'x', headerValue: 'y' };
		expect((await control('inbound_sms', { target, from: { braze_id: 'nobody' }, message: 'hi' })).status).toBe(400);
		expect((await control('users/nobody/identify', { external_id: 'x' })).status).toBe(400);
		expect((await control('users/anonymous', {})).status).toBe(400);
		expect(receiver.requests).toHaveLength(0);
	});
});
