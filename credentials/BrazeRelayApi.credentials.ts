import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { BRAZE_INSTANCES } from '../nodes/shared/baseUrls';

export class BrazeRelayApi implements ICredentialType {
	name = 'brazeRelayApi';

	displayName = 'Braze Relay API';

	icon: Icon = { light: 'file:icons/braze.svg', dark: 'file:icons/braze.dark.svg' };

	documentationUrl = 'https://www.braze.com/docs/api/basics/';

	properties: INodeProperties[] = [
		{
			displayName: 'REST Endpoint',
			name: 'instance',
			type: 'options',
			options: [
				...BRAZE_INSTANCES.map((host) => ({ name: `https://${host}`, value: host })),
				{ name: 'Custom URL (Proxy or Simulator)', value: 'custom' },
			],
			default: BRAZE_INSTANCES[0],
			description: 'The REST endpoint of your Braze instance (Settings → APIs and Identifiers)',
		},
		{
			displayName: 'Custom URL',
			name: 'customUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010',
			displayOptions: { show: { instance: ['custom'] } },
			required: true,
		},
		{
			displayName: 'REST API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Needs the campaigns.trigger.send and users.track permissions',
			required: true,
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey).trim()}` },
		};
	}

	// An empty /users/track batch: Braze authenticates the key (401 when it is bad, 403 without users.track)
	// and has nothing to write, so no profile changes and no message is ever sent.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.instance === "custom" ? $credentials.customUrl.trim().replace(/\\/+$/, "") : "https://" + $credentials.instance }}',
			url: '/users/track',
			method: 'POST',
			body: { attributes: [] },
		},
	};
}
