import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export class ZendeskRelayApi implements ICredentialType {
	name = 'zendeskRelayApi';

	displayName = 'Zendesk Relay API';

	icon: Icon = { light: 'file:icons/zendesk.svg', dark: 'file:icons/zendesk.dark.svg' };

	documentationUrl = 'https://developer.zendesk.com/api-reference/introduction/security-and-auth/';

	properties: INodeProperties[] = [
		{
			displayName: 'Zendesk Address',
			name: 'hostType',
			type: 'options',
			options: [
				{ name: 'Subdomain (Name.zendesk.com)', value: 'subdomain' },
				{ name: 'Full Base URL (Custom Domain or Simulator)', value: 'url' },
			],
			default: 'subdomain',
		},
		{
			displayName: 'Subdomain',
			name: 'subdomain',
			type: 'string',
			default: '',
			placeholder: 'acme',
			description: 'The part before .zendesk.com in your Zendesk address',
			displayOptions: { show: { hostType: ['subdomain'] } },
			required: true,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://support.acme.com',
			description: 'Everything before /api/v2',
			displayOptions: { show: { hostType: ['url'] } },
			required: true,
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'agent@acme.com',
			default: '',
			description: 'Email of the Zendesk agent or admin the API token belongs to',
			required: true,
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Admin Center → Apps and integrations → Zendesk API → API tokens',
			required: true,
		},
	];

	// Zendesk API-token auth: Basic base64("{email}/token:{apiToken}").
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const pair = `${String(credentials.email).trim()}/token:${String(credentials.apiToken).trim()}`;
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Basic ${Buffer.from(pair).toString('base64')}`,
			},
		};
	}

	// GET /users/me answers 401 for a bad token; it reads only.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.hostType === "url" ? $credentials.baseUrl.trim().replace(/\\/+$/, "") : "https://" + $credentials.subdomain.trim() + ".zendesk.com" }}',
			url: '/api/v2/users/me.json',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'user.id',
					value: null,
					message: 'Zendesk answered as an anonymous user: check the email and API token',
				},
			},
		],
	};
}
