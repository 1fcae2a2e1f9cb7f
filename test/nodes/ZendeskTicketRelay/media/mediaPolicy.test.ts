import type { INodeProperties } from 'n8n-workflow';

import { mediaOptions } from '../../../../nodes/ZendeskTicketRelay/media/mediaOptions';
import {
	checkAddresses,
	checkAnswer,
	checkLink,
	DEFAULT_MEDIA_SETTINGS,
	fileName,
	isAllowedType,
	MB,
	mediaSettings,
	mediaType,
	messageText,
	needsResolving,
	type MediaSettings,
} from '../../../../nodes/ZendeskTicketRelay/media/mediaPolicy';

const defaults = DEFAULT_MEDIA_SETTINGS;
const allowing = (changes: Partial<MediaSettings>): MediaSettings => ({ ...defaults, ...changes });

describe('media settings', () => {
	it('defaults to https only, no private addresses, 10 MB a file, 25 MB a message, 10 s, pictures, PDF, audio and video', () => {
		expect(mediaSettings({})).toEqual({
			attachFiles: true,
			allowHttp: false,
			allowPrivateAddresses: false,
			maxFileBytes: 10 * MB,
			maxMessageBytes: 25 * MB,
			allowedTypes: expect.arrayContaining(['image/jpeg', 'image/png', 'application/pdf', 'audio/*', 'video/*']),
			timeoutMs: 10_000,
		});
		expect(defaults.allowedTypes).not.toContain('image/svg+xml');
	});

	it('shows the same defaults in the node as it applies', () => {
		const options = mediaOptions(undefined).options as INodeProperties[];
		const shown = Object.fromEntries(options.map((option) => [option.name, option.default]));
		expect(mediaSettings(shown)).toEqual(defaults);
		expect(options.map((option) => option.displayName)).toEqual([...options.map((option) => option.displayName)].sort());
	});

	it('reads sizes in MB and the timeout in seconds, and never lets a file past Zendesk’s 50 MB', () => {
		const settings = mediaSettings({ maxFileSizeMb: 500, maxMessageSizeMb: 0.5, timeoutSeconds: 3, allowedTypes: 'IMAGE/PNG; text/vcard, nonsense', allowHttp: true });
		expect(settings).toMatchObject({ maxFileBytes: 50 * MB, maxMessageBytes: MB / 2, timeoutMs: 3000, allowedTypes: ['image/png', 'text/vcard'], allowHttp: true });
		expect(mediaSettings({ maxFileSizeMb: 0, timeoutSeconds: -1, attachFiles: 'yes', allowedTypes: ' , ' })).toEqual(defaults);
	});
});

describe('checkLink: refused before any request', () => {
	it('refuses http unless allowed, and what is not a web link', () => {
		expect(checkLink('http://cdn.example.com/a.jpg', defaults)).toBe('http links are not fetched');
		expect(checkLink('http://cdn.example.com/a.jpg', allowing({ allowHttp: true }))).toBeUndefined();
		expect(checkLink('https://cdn.example.com/a.jpg', defaults)).toBeUndefined();
		expect(checkLink('ftp://cdn.example.com/a.jpg', defaults)).toBe('not a valid link');
		expect(checkLink('https://[::1', defaults)).toBe('not a valid link');
	});

	it('refuses private addresses in every spelling the URL parser turns into one', () => {
		for (const link of [
			'https://127.0.0.1/a.jpg',
			'https://2130706433/a.jpg',
			'https://0x7f.0.0.1/a.jpg',
			'https://127.1/a.jpg',
			'https://[::ffff:127.0.0.1]/a.jpg',
			'https://10.0.0.1:8443/a.jpg',
			'https://169.254.169.254/latest/meta-data/',
			'https://localhost/a.jpg',
			'https://intranet/a.jpg',
		]) {
			expect([link, checkLink(link, defaults)]).toEqual([link, 'private address']);
			expect(checkLink(link, allowing({ allowPrivateAddresses: true }))).toBeUndefined();
		}
		expect(checkLink('https://10.0.0.1/a.jpg', defaults, true)).toBe('redirect to a private address');
	});

	it('asks for a DNS check of host names only, and refuses a name with any internal address', () => {
		expect(needsResolving('https://cdn.example.com/a.jpg', defaults)).toBe(true);
		expect(needsResolving('https://93.184.216.34/a.jpg', defaults)).toBe(false);
		expect(needsResolving('https://cdn.example.com/a.jpg', allowing({ allowPrivateAddresses: true }))).toBe(false);
		expect(checkAddresses(['93.184.216.34'])).toBeUndefined();
		expect(checkAddresses(['93.184.216.34', '10.0.0.7'])).toBe('private address');
		expect(checkAddresses([])).toBe('private address');
	});
});

describe('checkAnswer: the type the server answers and its size', () => {
	it('judges the Content-Type, not the link, with whole families allowed by family/*', () => {
		expect(mediaType('Image/JPEG; charset=binary')).toBe('image/jpeg');
		expect(mediaType(undefined)).toBe('');
		expect(isAllowedType('image/jpeg', defaults.allowedTypes)).toBe(true);
		expect(isAllowedType('video/quicktime', defaults.allowedTypes)).toBe(true);
		expect(isAllowedType('image/svg+xml', defaults.allowedTypes)).toBe(false);
		expect(isAllowedType('text/html', defaults.allowedTypes)).toBe(false);
		expect(checkAnswer('text/html', 10, MB, defaults)).toBe('type text/html is not allowed');
		expect(checkAnswer('', 10, MB, defaults)).toBe('no content type');
	});

	it('refuses by the announced length, naming the file cap or the message cap that was hit', () => {
		expect(checkAnswer('image/png', 10 * MB, 10 * MB, defaults)).toBeUndefined();
		expect(checkAnswer('image/png', 10 * MB + 1, 10 * MB, defaults)).toBe('larger than 10 MB');
		expect(checkAnswer('image/png', 3 * MB, 2 * MB, defaults)).toBe("the message's files exceed 25 MB");
		expect(checkAnswer('image/png', 2 * MB, 1.5 * MB, allowing({ maxFileBytes: 1.5 * MB }))).toBe('larger than 1.5 MB');
	});
});

describe('messageText: what agents read', () => {
	const link = 'https://cdn.example.com/a.jpg';

	it('keeps the text, drops attached files, and adds each refused link with its reason', () => {
		expect(messageText(' Broken ', [{ url: link, token: 't1' }, { url: `${link}?2`, reason: 'larger than 10 MB' }])).toBe(
			`Broken\n${link}?2 (not attached: larger than 10 MB)`,
		);
	});

	it('lists plain links when nothing was tried, as before attachments', () => {
		expect(messageText('Hi', [{ url: link }])).toBe(`Hi\n${link}`);
		expect(messageText('Hi', [])).toBe('Hi');
	});

	it('says how many files came when there is nothing else to say (a comment cannot be blank)', () => {
		expect(messageText('', [{ url: link, token: 'a' }])).toBe('(1 file attached)');
		expect(messageText(' ', [{ url: link, token: 'a' }, { url: link, token: 'b' }])).toBe('(2 files attached)');
	});
});

describe('fileName', () => {
	it("takes the link's last segment, safe characters only, with the extension of the answered type when it has none", () => {
		expect(fileName('https://cdn.example.com/mms/IMG_0042.JPG?sig=1', 'image/jpeg', 0)).toBe('IMG_0042.JPG');
		expect(fileName('https://api.example.com/Media/ME12ab', 'image/png', 0)).toBe('ME12ab.png');
		expect(fileName('https://cdn.example.com/my%20photo%20(1).jpeg', 'image/jpeg', 0)).toBe('my_photo_1_.jpeg');
		expect(fileName('https://cdn.example.com/', 'application/pdf', 2)).toBe('file-3.pdf');
		expect(fileName('https://cdn.example.com/..%2F..%2Fetc', 'video/mp4', 0)).toBe('etc.mp4');
		expect(fileName('https://cdn.example.com/clip', 'audio/x-unknown', 0)).toBe('clip');
	});
});
