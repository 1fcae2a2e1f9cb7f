// MMS media as Zendesk attachments: the Zendesk Ticket Relay run in-process against the Zendesk simulator, fetching
// from a loopback media server. Each test asserts what agents find on the ticket (comment text, attachments and their
// bytes) and what reached the media server and Zendesk.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../../../harness/inProcess';
import { startMediaServer, fileBytes, type MediaFileSpec, type MediaServer } from '../../../simulators/media';
import { startZendeskSimulator, UPDATE_CONFLICT, type SimTicket, type ZendeskSimulator } from '../../../simulators/zendesk';
import { createMarie, inbound, relayWorkflow, resetZendesk, seedConversation } from '../relayRun';

let sim: ZendeskSimulator;
let media: MediaServer;

beforeAll(async () => {
	[sim, media] = await Promise.all([startZendeskSimulator({ userFields: ['braze_external_id'] }), startMediaServer()]);
});
afterAll(async () => {
	await Promise.all([sim.close(), media.close()]);
});
beforeEach(() => {
	resetZendesk(sim);
	media.reset();
});

/** The tests' media server is plain http on 127.0.0.1: both allowed explicitly, as an admin would for a local server. */
const LOOPBACK = { allowHttp: true, allowPrivateAddresses: true };

const UPLOAD = 'POST /api/v2/uploads.json';

interface Run {
	json: IDataObject[];
	error?: string;
	calls: string[];
}

/** One execution of the relay with these items and "Media" options. */
async function relay(items: IDataObject[], mediaOptions: IDataObject = LOOPBACK): Promise<Run> {
	const first = sim.log.length;
	const workflow = relayWorkflow();
	workflow.nodes[1].parameters.media = mediaOptions as INodeParameters;
	const run = await runWorkflow(workflow, { credentials: { zendeskRelayApi: sim.credentials }, items });
	await sim.idle();
	return {
		json: run.output('Relay').map((item) => item.json),
		error: run.error?.message,
		calls: sim.log.slice(first).map((request) => `${request.method} ${request.path}`),
	};
}

function picture(path: string, size = 3000, extra: MediaFileSpec = {}): { url: string; bytes: Buffer } {
	const bytes = fileBytes(size, path);
	return { url: media.serve(path, { bytes, contentType: 'image/jpeg', ...extra }), bytes };
}

/** The ticket's comments by the customer (the seeded conversation's agent reply left out), as agents see them. */
function customerComments(ticket: SimTicket) {
	const current = sim.ticket(ticket.id)!;
	return current.comments
		.filter((comment) => comment.author_id === current.requester_id)
		.map((comment) => ({ body: comment.body, files: comment.attachments.map((file) => file.file_name) }));
}

/** The bytes Zendesk serves for each attachment of the comment, fetched the way an agent's browser does. */
async function servedBytes(ticketId: number, commentIndex: number): Promise<Buffer[]> {
	const comment = sim.ticket(ticketId)!.comments[commentIndex];
	const authorization = `Basic ${Buffer.from(`${sim.email}/token:${sim.apiToken}`).toString('base64')}`;
	return await Promise.all(
		comment.attachments.map(async (file) => {
			const res = await fetch(file.content_url, { headers: { Authorization: authorization } });
			expect(res.headers.get('content-type')).toBe(file.content_type);
			return Buffer.from(await res.arrayBuffer());
		}),
	);
}

function openConversation(): SimTicket {
	return seedConversation(sim, createMarie(sim), sim.createAgent('Alex Agent'), 'open');
}

describe('Zendesk Ticket Relay: MMS media become attachments', () => {
	it('attaches both pictures of an MMS to one customer comment, with the bytes served, and keeps the text', async () => {
		const front = picture('/mms/front.jpg', 5000);
		const back = picture('/mms/back', 7000, { contentType: 'image/png' });

		const run = await relay([inbound('Broken on arrival', { media_urls: `${front.url},${back.url}` })]);

		expect(run.error).toBeUndefined();
		const [ticket] = sim.tickets();
		const [comment] = sim.ticket(ticket.id)!.comments;
		expect(comment.body).toBe('Broken on arrival');
		expect(comment.attachments.map((file) => [file.file_name, file.content_type, file.size])).toEqual([
			['front.jpg', 'image/jpeg', 5000],
			['back.png', 'image/png', 7000],
		]);
		expect(await servedBytes(ticket.id, 0)).toEqual([front.bytes, back.bytes]);
		expect(run.calls.filter((call) => call === UPLOAD)).toHaveLength(2);
		expect([media.requests('/mms/front.jpg'), media.requests('/mms/back')]).toEqual([1, 1]);
	});

	it('says how many files came when the MMS has no text', async () => {
		const ticket = openConversation();
		const photo = picture('/only.jpg');

		await relay([inbound('', { media_urls: photo.url, ticket_id: ticket.id })]);

		expect(customerComments(ticket).at(-1)).toEqual({ body: '(1 file attached)', files: ['only.jpg'] });
	});

	it('follows a redirect to the file', async () => {
		const photo = picture('/cdn/final.jpg');
		const moved = media.serve('/short/abc', { location: '/cdn/final.jpg' });

		await relay([inbound('See', { media_urls: moved })]);

		const [ticket] = sim.tickets();
		expect(customerComments(ticket)).toEqual([{ body: 'See', files: ['abc.jpg'] }]);
		expect(await servedBytes(ticket.id, 0)).toEqual([photo.bytes]);
	});
});

describe('Zendesk Ticket Relay: files that stay links, with the reason', () => {
	it('refuses an oversized file, a forbidden type and a file over the message cap, attaching the rest', async () => {
		const ticket = openConversation();
		const big = picture('/big.jpg', 10 * 1024 * 1024 + 1);
		const page = media.serve('/page', { bytes: Buffer.from('<html>login</html>'), contentType: 'text/html; charset=utf-8' });
		const fine = picture('/fine.jpg', 6000);
		const unsized = picture('/unsized.jpg', 6000, { chunked: true });

		await relay([
			inbound('Photos', { ticket_id: ticket.id, media_urls: [big.url, page, fine.url].join(',') }),
		]);
		await relay([inbound('More', { ticket_id: ticket.id, media_urls: [fine.url, unsized.url].join(',') })], {
			...LOOPBACK,
			maxMessageSizeMb: 0.01,
		});

		expect(customerComments(ticket)).toEqual([
			{ body: 'My parcel has not arrived', files: [] },
			{
				body: `Photos\n${big.url} (not attached: larger than 10 MB)\n${page} (not attached: type text/html is not allowed)`,
				files: ['fine.jpg'],
			},
			{ body: `More\n${unsized.url} (not attached: the message's files exceed 0.01 MB)`, files: ['fine.jpg'] },
		]);
	});

	it('fetches no http link by default, and nothing from a private address unless allowed', async () => {
		const ticket = openConversation();
		const plain = picture('/plain.jpg');
		const loopback = picture('/loopback.jpg');
		const privateUrl = 'https://10.0.0.1/p.jpg';
		const metadata = 'https://169.254.169.254/latest/meta-data/';
		const named = 'https://localhost/p.jpg';

		await relay([inbound('Look', { ticket_id: ticket.id, media_urls: [plain.url, privateUrl, metadata, named].join(',') })], {});
		await relay([inbound('Again', { ticket_id: ticket.id, media_urls: loopback.url })], { allowHttp: true });

		expect(customerComments(ticket).slice(1)).toEqual([
			{
				body: [
					'Look',
					`${plain.url} (not attached: http links are not fetched)`,
					`${privateUrl} (not attached: private address)`,
					`${metadata} (not attached: private address)`,
					`${named} (not attached: private address)`,
				].join('\n'),
				files: [],
			},
			{ body: `Again\n${loopback.url} (not attached: private address)`, files: [] },
		]);
		// Refused before any connection: the media server never heard of them, and nothing was uploaded.
		expect(media.totalRequests).toBe(0);
		expect(sim.log.some((request) => request.path === '/api/v2/uploads.json')).toBe(false);
	});

	it('keeps a link whose download fails or times out, and the message still lands', async () => {
		const ticket = openConversation();
		const missing = `${media.url}/gone.jpg`;
		const stuck = media.serve('/stuck.jpg', { hang: true });

		const run = await relay([inbound('Here', { ticket_id: ticket.id, media_urls: `${missing},${stuck}` })], { ...LOOPBACK, timeoutSeconds: 1 });

		expect(run.json[0]).toMatchObject({ action: 'commented' });
		expect(customerComments(ticket).at(-1)).toEqual({
			body: `Here\n${missing} (not attached: download failed: HTTP 404)\n${stuck} (not attached: download failed: timeout)`,
			files: [],
		});
	});

	it('keeps a link when Zendesk refuses the upload, and the message still lands', async () => {
		const ticket = openConversation();
		const photo = picture('/refused.jpg');
		sim.faults.script([{ kind: 'status', status: 413, method: 'POST', path: '/api/v2/uploads.json' }]);

		const run = await relay([inbound('Here', { ticket_id: ticket.id, media_urls: photo.url })]);

		expect(run.json[0]).toMatchObject({ action: 'commented' });
		expect(customerComments(ticket).at(-1)).toEqual({ body: `Here\n${photo.url} (not attached: upload to Zendesk failed: HTTP 413)`, files: [] });
	});

	it('adds links as before, fetching nothing, when "Attach Files" is off', async () => {
		const ticket = openConversation();
		const photo = picture('/off.jpg');

		await relay([inbound('Here', { ticket_id: ticket.id, media_urls: photo.url })], { attachFiles: false });

		expect(customerComments(ticket).at(-1)).toEqual({ body: `Here\n${photo.url}`, files: [] });
		expect(media.totalRequests).toBe(0);
	});
});

describe('Zendesk Ticket Relay: attachments and the relay invariants', () => {
	it('adds no second comment and no second upload for a retried delivery (same dispatch id)', async () => {
		const photo = picture('/retry.jpg');
		const message = inbound('Damaged', { media_urls: photo.url, delivery_id: 'dispatch-77' });

		await relay([message]);
		const retry = await relay([message]);

		const [ticket, ...others] = sim.tickets();
		expect(others).toEqual([]);
		expect(customerComments(ticket)).toEqual([{ body: 'Damaged', files: ['retry.jpg'] }]);
		expect(retry.json[0]).toMatchObject({ ticketId: ticket.id, action: 'created' });
		expect(retry.calls).not.toContain(UPLOAD);
		expect(media.requests('/retry.jpg')).toBe(1);
	});

	it("carries both messages' attachments when a burst is coalesced into one write", async () => {
		const ticket = openConversation();
		const first = picture('/burst/1.jpg');
		const second = picture('/burst/2.jpg');
		const third = picture('/burst/3.jpg');

		const run = await relay([
			inbound('Are you there?', { ticket_id: ticket.id }),
			inbound('The box', { ticket_id: ticket.id, media_urls: first.url }),
			inbound('The label', { ticket_id: ticket.id, media_urls: `${second.url},${third.url}` }),
		]);

		expect(customerComments(ticket).slice(1)).toEqual([
			{ body: 'Are you there?\n\nThe box\n\nThe label', files: ['1.jpg', '2.jpg', '3.jpg'] },
		]);
		expect(run.calls.filter((call) => /^PUT /.test(call))).toHaveLength(1);
		expect(await servedBytes(ticket.id, 2)).toEqual([first.bytes, second.bytes, third.bytes]);
	});

	it('reuses the upload tokens when the write must be sent again after a conflict', async () => {
		const ticket = openConversation();
		const photo = picture('/conflict.jpg');
		sim.faults.script([{ kind: 'status', status: 409, body: UPDATE_CONFLICT, method: 'PUT', path: `/api/v2/tickets/${ticket.id}.json` }]);

		const run = await relay([inbound('Again', { ticket_id: ticket.id, media_urls: photo.url })]);

		expect(run.calls.filter((call) => /^PUT /.test(call))).toHaveLength(2);
		expect(run.calls.filter((call) => call === UPLOAD)).toHaveLength(1);
		expect(customerComments(ticket).at(-1)).toEqual({ body: 'Again', files: ['conflict.jpg'] });
		expect(await servedBytes(ticket.id, 2)).toEqual([photo.bytes]);
	});

	it('uploads nothing again when an unanswered write turns out to have landed', async () => {
		const ticket = openConversation();
		const photo = picture('/landed.jpg');
		sim.faults.script([{ kind: 'reset', afterProcessing: true, method: 'PUT', path: `/api/v2/tickets/${ticket.id}.json` }]);

		const run = await relay([inbound('Landed', { ticket_id: ticket.id, media_urls: photo.url })]);

		expect(run.error).toBeUndefined();
		expect(run.calls.filter((call) => call === UPLOAD)).toHaveLength(1);
		expect(customerComments(ticket).slice(1)).toEqual([{ body: 'Landed', files: ['landed.jpg'] }]);
	});
});
