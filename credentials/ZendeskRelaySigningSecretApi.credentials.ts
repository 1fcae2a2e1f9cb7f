import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The signing secret of a Zendesk webhook made by hand (Zendesk Relay Trigger in manual mode). A credential rather than
 * a node parameter: n8n encrypts credentials, while parameters are saved and exported with the workflow in clear text.
 */
export class ZendeskRelaySigningSecretApi implements ICredentialType {
	name = 'zendeskRelaySigningSecretApi';

	displayName = 'Zendesk Relay Signing Secret API';

	icon: Icon = { light: 'file:icons/zendesk.svg', dark: 'file:icons/zendesk.dark.svg' };

	documentationUrl = 'https://developer.zendesk.com/documentation/webhooks/verifying/';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The signing secret of the Zendesk webhook you created by hand (Admin Center → Apps and integrations → Webhooks → your webhook → Reveal secret)',
		},
	];
}
