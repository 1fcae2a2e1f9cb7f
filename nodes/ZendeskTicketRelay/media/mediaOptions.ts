// The relay's "Media" options: what it fetches from an MMS's media links and attaches to the customer's comment.
// The defaults are written out (n8n's linter wants literals); a test holds them equal to DEFAULT_MEDIA_SETTINGS.
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_ALLOWED_TYPES, MB, ZENDESK_MAX_FILE_BYTES } from './mediaPolicy';

export function mediaOptions(displayOptions: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Media',
		name: 'media',
		type: 'collection',
		placeholder: 'Add Media Option',
		default: {},
		description:
			"How MMS pictures become attachments of the customer's comment. A file that is not attached stays a link, with the reason after it.",
		displayOptions,
		options: [
			{
				displayName: 'Allow HTTP Links',
				name: 'allowHttp',
				type: 'boolean',
				default: false,
				description: 'Whether to fetch files from unencrypted http:// links too; by default only https:// links are fetched',
			},
			{
				displayName: 'Allow Private Addresses',
				name: 'allowPrivateAddresses',
				type: 'boolean',
				default: false,
				description:
					'Whether to fetch files from private, loopback, link-local or other internal addresses (10.x, 192.168.x, localhost, cloud metadata). Leave off unless the media server is on your own network: a link in an SMS webhook could otherwise make n8n read internal services.',
			},
			{
				displayName: 'Allowed Content Types',
				name: 'allowedTypes',
				type: 'string',
				default: DEFAULT_ALLOWED_TYPES,
				description:
					'Media types that are attached, comma-separated; image/* stands for every image type. Checked on the Content-Type the server answers, not on the link.',
			},
			{
				displayName: 'Attach Files',
				name: 'attachFiles',
				type: 'boolean',
				default: true,
				description: 'Whether to download the files and attach them to the comment; if off, they are added as links and nothing is downloaded',
			},
			{
				displayName: 'Download Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				default: 10,
				typeOptions: { minValue: 1, maxValue: 60 },
				description: 'Longest time to fetch one file, redirects included',
			},
			{
				displayName: 'Max File Size (MB)',
				name: 'maxFileSizeMb',
				type: 'number',
				default: 10,
				typeOptions: { minValue: 0.01, maxValue: ZENDESK_MAX_FILE_BYTES / MB, numberPrecision: 2 },
				description: "Larger files stay links. Zendesk's own limit is 50 MB.",
			},
			{
				displayName: 'Max Size per Message (MB)',
				name: 'maxMessageSizeMb',
				type: 'number',
				default: 25,
				typeOptions: { minValue: 0.01, numberPrecision: 2 },
				description: 'All attached files of one message together; files past it stay links',
			},
		],
	};
}
