// "Test" of the Zendesk Relay Signing Secret API credential. A signing secret cannot be checked against Zendesk's API (it
// signs calls Zendesk makes to us), so the test checks what can be known here: that it looks like the secret Zendesk shows
// (a base64 string of 32+ bytes).
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { checkSigningSecret } from './signature';

export async function signingSecretTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problem = checkSigningSecret(credential.data?.signingSecret);
	return problem ? { status: 'Error', message: problem } : { status: 'OK', message: 'The signing secret has the shape Zendesk gives' };
}
