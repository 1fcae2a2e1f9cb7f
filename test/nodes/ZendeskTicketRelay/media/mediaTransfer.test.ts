// The download side against a stand-in for n8n's helpers: host names resolved by n8n's egress filter, redirects
// checked hop by hop, n8n versions without that filter. Nothing here touches the network: the "internet" is a table.
import { Readable } from 'node:stream';

import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { DEFAULT_MEDIA_SETTINGS, MAX_REDIRECTS, MB, type MediaSettings } from '../../../../nodes/ZendeskTicketRelay/media/mediaPolicy';
import { zendeskMediaAttacher } from '../../../../nodes/ZendeskTicketRelay/media/mediaTransfer';

interface Answer {
	status?: number;
	type?: string;
	location?: string;
	bytes?: Buffer;
}

/** What DNS answers for a name: its addresses, or the error n8n's lookup gives (an SSRF refusal, ENOTFOUND). */
type DnsEntry = string[] | { name?: string; code?: string };

interface World {
	web: Record<string, Answer>;
	dns?: Record<string, DnsEntry>;
	/** False: an n8n without getSecureEgressFilter (1.x). */
	egressFilter?: boolean;
}

const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

function fakeN8n({ web, dns = {}, egressFilter = true }: World) {
	const fetched: IHttpRequestOptions[] = [];
	const uploads: IHttpRequestOptions[] = [];
	const lookedUp: string[] = [];
	const lookup = (hostname: string, _options: unknown, callback: (error: Error | null, addresses: Array<{ address: string; family: number }>) => void) => {
		lookedUp.push(hostname);
		const entry = dns[hostname] ?? { code: 'ENOTFOUND' };
		if (!Array.isArray(entry)) return callback(Object.assign(new Error('lookup failed'), entry), []);
		callback(null, entry.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
	};
	const helpers = {
		httpRequest: async (options: IHttpRequestOptions) => {
			fetched.push(options);
			const answer = web[options.url];
			if (!answer) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
			const headers: Record<string, string> = {};
			if (answer.type) headers['content-type'] = answer.type;
			if (answer.location) headers.location = answer.location;
			return { statusCode: answer.status ?? 200, headers, body: Readable.from([answer.bytes ?? PHOTO]) };
		},
		httpRequestWithAuthentication: async (_credential: string, options: IHttpRequestOptions) => {
			uploads.push(options);
			return { statusCode: 201, headers: {}, body: { upload: { token: `token-${uploads.length}` } } };
		},
		...(egressFilter ? { getSecureEgressFilter: () => ({ createSecureLookup: () => lookup }) } : {}),
	};
	const context = {
		getCredentials: async () => ({ hostType: 'url', baseUrl: 'https://support.zendesk.test', email: 'agent@example.com', apiToken: 'not-a-secret' }),
		helpers,
	} as unknown as IExecuteFunctions;
	return { attacher: zendeskMediaAttacher(context), fetched, uploads, lookedUp };
}

const settings = (changes: Partial<MediaSettings> = {}): MediaSettings => ({ ...DEFAULT_MEDIA_SETTINGS, ...changes });

describe('media download: host names', () => {
	it('resolves a host name through n8n and fetches it when every address is public', async () => {
		const url = 'https://media.example.com/mms/p1.jpg';
		const n8n = fakeN8n({ web: { [url]: { type: 'image/jpeg' } }, dns: { 'media.example.com': ['93.184.216.34', '2606:2800:220:1::1'] } });

		const files = await n8n.attacher.attach([url], settings());

		expect(files).toEqual([{ url, token: 'token-1', reason: undefined }]);
		expect(n8n.lookedUp).toEqual(['media.example.com']);
		expect(n8n.fetched).toHaveLength(1);
		expect(n8n.fetched[0]).toMatchObject({ method: 'GET', encoding: 'stream', disableFollowRedirect: true, returnFullResponse: true, timeout: 10_000 });
		expect(n8n.fetched[0].abortSignal).toBeDefined();
		expect(n8n.uploads[0]).toMatchObject({ method: 'POST', url: '/api/v2/uploads.json', qs: { filename: 'p1.jpg' }, headers: { 'Content-Type': 'image/jpeg' } });
		expect(Buffer.isBuffer(n8n.uploads[0].body) && n8n.uploads[0].body.equals(PHOTO)).toBe(true);
	});

	it('sends nothing to a name that resolves to a private address, even one address among public ones', async () => {
		const rebound = 'https://rebind.example.com/p.jpg';
		const mixed = 'https://mixed.example.com/p.jpg';
		const n8n = fakeN8n({
			web: { [rebound]: { type: 'image/jpeg' }, [mixed]: { type: 'image/jpeg' } },
			dns: { 'rebind.example.com': ['169.254.169.254'], 'mixed.example.com': ['93.184.216.34', '10.0.0.8'] },
		});

		const files = await n8n.attacher.attach([rebound, mixed], settings());

		expect(files.map((file) => file.reason)).toEqual(['private address', 'private address']);
		expect(n8n.fetched).toEqual([]);
		expect(n8n.uploads).toEqual([]);
	});

	it("takes n8n's own refusal (its SSRF rules) and a name that does not resolve as reasons", async () => {
		const urls = ['https://blocked-ip.example.com/a.jpg', 'https://blocked-name.example.com/a.jpg', 'https://nowhere.example.com/a.jpg'];
		const n8n = fakeN8n({
			web: {},
			dns: { 'blocked-ip.example.com': { name: 'SsrfBlockedIpError' }, 'blocked-name.example.com': { name: 'SsrfBlockedHostnameError' } },
		});

		const files = await n8n.attacher.attach(urls, settings());

		expect(files.map((file) => file.reason)).toEqual(['private address', "blocked by n8n's network policy", 'download failed: host not found']);
		expect(n8n.fetched).toEqual([]);
	});

	it('on an n8n without an egress filter (1.x), fetches public IP links but no host names', async () => {
		const byName = 'https://media.example.com/a.jpg';
		const byAddress = 'https://93.184.216.34/a.jpg';
		const n8n = fakeN8n({ web: { [byName]: { type: 'image/jpeg' }, [byAddress]: { type: 'image/jpeg' } }, egressFilter: false });

		const files = await n8n.attacher.attach([byName, byAddress], settings());

		expect(files.map((file) => file.reason ?? file.token)).toEqual(['this n8n version cannot check the address', 'token-1']);
		expect(n8n.fetched.map((options) => options.url)).toEqual([byAddress]);
	});
});

describe('media download: redirects, each hop checked before it is requested', () => {
	const start = 'https://93.184.216.34/short';

	it('refuses a redirect to a private address or to http, without requesting it', async () => {
		const n8n = fakeN8n({
			web: {
				[start]: { status: 302, location: 'https://10.0.0.5/admin' },
				'https://93.184.216.34/plain': { status: 301, location: 'http://93.184.216.34/p.jpg' },
			},
		});

		const files = await n8n.attacher.attach([start, 'https://93.184.216.34/plain'], settings());

		expect(files.map((file) => file.reason)).toEqual(['redirect to a private address', 'http links are not fetched']);
		expect(n8n.fetched.map((options) => options.url)).toEqual([start, 'https://93.184.216.34/plain']);
	});

	it('follows a relative redirect, and gives up after a bounded number of hops', async () => {
		const loop = 'https://93.184.216.35/loop';
		const n8n = fakeN8n({
			web: {
				[start]: { status: 307, location: '/files/p.jpg' },
				'https://93.184.216.34/files/p.jpg': { type: 'image/png' },
				[loop]: { status: 302, location: loop },
			},
		});

		const files = await n8n.attacher.attach([start, loop], settings());

		expect(files.map((file) => file.reason ?? file.token)).toEqual(['token-1', 'too many redirects']);
		expect(n8n.uploads[0].qs).toEqual({ filename: 'short.png' });
		expect(n8n.fetched.filter((options) => options.url === loop)).toHaveLength(MAX_REDIRECTS + 1);
	});
});

describe('media download: the per-message cap', () => {
	it('attaches files in order until the message cap, then keeps the rest as links without fetching them', async () => {
		const urls = ['https://93.184.216.34/1.jpg', 'https://93.184.216.34/2.jpg', 'https://93.184.216.34/3.jpg'];
		const bytes = Buffer.alloc(MB / 2, 1);
		const n8n = fakeN8n({ web: Object.fromEntries(urls.map((url) => [url, { type: 'image/jpeg', bytes }])) });

		const files = await n8n.attacher.attach(urls, settings({ maxMessageBytes: MB }));

		expect(files.map((file) => file.reason ?? file.token)).toEqual(['token-1', 'token-2', "the message's files exceed 1 MB"]);
		expect(n8n.fetched).toHaveLength(2);
	});
});
