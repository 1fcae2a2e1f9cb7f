import { randomBytes } from 'node:crypto';

import axios, { type AxiosInstance } from 'axios';

import { ManualClock } from '../shared/clock';
import { startZendeskSimulator, type ZendeskSimulator } from '.';
import { zendeskClient } from './testClient';

/** Bytes that are not valid UTF-8, so a server that treats the body as text would change them. */
const PHOTO = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00]), randomBytes(2041)]);

describe('Zendesk simulator: uploads and comment attachments', () => {
	let sim: ZendeskSimulator;
	let api: AxiosInstance;
	let clock: ManualClock;

	beforeEach(async () => {
		clock = new ManualClock();
		sim = await startZendeskSimulator({ clock: clock.now });
		api = zendeskClient(sim);
	});
	afterEach(() => sim.close());

	const upload = (bytes: Buffer, filename = 'photo.png') =>
		api.post('/api/v2/uploads.json', bytes, { params: { filename }, headers: { 'Content-Type': 'image/png' } });

	const comment = (ticketId: number, uploads: string[]) =>
		api.put(`/api/v2/tickets/${ticketId}.json`, { ticket: { comment: { body: 'See the photo', public: true, uploads } } });

	const newTicket = () => sim.createTicket({ comment: { body: 'hi' }, requester_id: sim.createEndUser().id });

	it('answers an upload with 201, a token and the attachment', async () => {
		const res = await upload(PHOTO);
		expect(res.status).toBe(201);
		expect(res.data.upload).toMatchObject({
			token: expect.stringMatching(/^[A-Za-z0-9]{10,}$/),
			attachment: { id: expect.any(Number), file_name: 'photo.png', content_type: 'image/png', size: PHOTO.length, content_url: expect.stringContaining(sim.url) },
		});
	});

	it('attaches the uploaded file to a comment, whose content_url serves the exact bytes to an authenticated client only', async () => {
		const { token } = (await upload(PHOTO)).data.upload;
		const ticket = newTicket();
		expect((await comment(ticket.id, [token])).status).toBe(200);
		const comments = (await api.get(`/api/v2/tickets/${ticket.id}/comments.json`)).data.comments;
		const [attachment] = comments[1].attachments;
		expect(attachment).toMatchObject({ file_name: 'photo.png', content_type: 'image/png', size: PHOTO.length });
		const file = await api.get(attachment.content_url, { responseType: 'arraybuffer' });
		expect(file.headers['content-type']).toBe('image/png');
		expect(Buffer.from(file.data).equals(PHOTO)).toBe(true);
		const anonymous = await axios.get(attachment.content_url, { validateStatus: () => true });
		expect(anonymous.status).toBe(401);
	});

	it('takes uploads on ticket creation too', async () => {
		const { token } = (await upload(PHOTO, 'receipt.pdf')).data.upload;
		const res = await api.post('/api/v2/tickets.json', { ticket: { comment: { body: 'Receipt attached', uploads: [token] }, requester: { email: 'a@example.com' } } });
		expect(res.status).toBe(201);
		expect(sim.ticket(res.data.ticket.id)?.comments[0].attachments).toEqual([expect.objectContaining({ file_name: 'receipt.pdf' })]);
	});

	it('consumes a token once and refuses an unknown one with 422, adding no comment', async () => {
		const { token } = (await upload(PHOTO)).data.upload;
		const ticket = newTicket();
		await comment(ticket.id, [token]);
		for (const used of [token, 'nosuchtoken']) {
			const res = await comment(ticket.id, [used]);
			expect(res.status).toBe(422);
			expect(res.data).toMatchObject({ error: 'RecordInvalid', details: { uploads: [expect.any(Object)] } });
		}
		expect(sim.ticket(ticket.id)?.comments).toHaveLength(2);
	});

	it('keeps a token usable for 60 minutes', async () => {
		const early = (await upload(PHOTO)).data.upload.token;
		const late = (await upload(PHOTO)).data.upload.token;
		const ticket = newTicket();
		clock.advance(60 * 60 * 1000 - 1);
		expect((await comment(ticket.id, [early])).status).toBe(200);
		clock.advance(1);
		expect((await comment(ticket.id, [late])).status).toBe(422);
	});

	it('refuses a file over the size cap with 413 (uploadMaxBytes; Zendesk: 50 MB)', async () => {
		expect((await upload(PHOTO)).status).toBe(201);
		sim.configure({ uploadMaxBytes: PHOTO.length - 1 });
		const res = await upload(PHOTO);
		expect(res.status).toBe(413);
		expect(res.data.error).toBe('RequestEntityTooLarge');
	});

	it('requires a filename', async () => {
		const res = await api.post('/api/v2/uploads', PHOTO, { headers: { 'Content-Type': 'image/png' } });
		expect(res.status).toBe(422);
	});
});
