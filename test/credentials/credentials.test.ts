import type { IHttpRequestOptions } from 'n8n-workflow';

import { BrazeRelayApi } from '../../credentials/BrazeRelayApi.credentials';
import { ZendeskRelayApi } from '../../credentials/ZendeskRelayApi.credentials';
import { ZendeskRelaySigningSecretApi } from '../../credentials/ZendeskRelaySigningSecretApi.credentials';
import { ZendeskRelayTrigger } from '../../nodes/ZendeskRelayTrigger/ZendeskRelayTrigger.node';

const request: IHttpRequestOptions = { url: '/x', headers: { 'X-Keep': 'yes' } };

describe('ZendeskRelayApi', () => {
	const credential = new ZendeskRelayApi();

	it('sends Basic base64("{email}/token:{apiToken}") as Zendesk expects', async () => {
		const out = await credential.authenticate({ email: ' agent@acme.com ', apiToken: 'tok123' }, request);
		expect(out.headers).toEqual({
			'X-Keep': 'yes',
			Authorization: `Basic ${Buffer.from('agent@acme.com/token:tok123').toString('base64')}`,
		});
	});

	it('tests the token with a read-only GET /users/me that rejects an anonymous answer', () => {
		expect(credential.test.request).toMatchObject({ method: 'GET', url: '/api/v2/users/me.json' });
		expect(credential.test.rules?.[0]).toMatchObject({ type: 'responseSuccessBody', properties: { key: 'user.id', value: null } });
	});

	it('keeps the API token in a password field', () => {
		expect(credential.properties.find((p) => p.name === 'apiToken')?.typeOptions?.password).toBe(true);
	});
});

describe('BrazeRelayApi', () => {
	const credential = new BrazeRelayApi();

	it('sends Authorization: Bearer <key>', async () => {
		const out = await credential.authenticate({ apiKey: 'key-1 ' }, request);
		expect(out.headers).toEqual({ 'X-Keep': 'yes', Authorization: 'Bearer key-1' });
	});

	it('tests the key with an empty /users/track batch, never a campaign send', () => {
		expect(credential.test.request).toMatchObject({ method: 'POST', url: '/users/track', body: { attributes: [] } });
		expect(JSON.stringify(credential.test)).not.toContain('trigger/send');
	});

	it('offers every Braze REST instance and a custom URL', () => {
		const instance = credential.properties.find((p) => p.name === 'instance');
		const values = (instance?.options as Array<{ value: string }>).map((o) => o.value);
		expect(values).toEqual(expect.arrayContaining(['rest.iad-01.braze.com', 'rest.fra-02.braze.eu', 'custom']));
		expect(values).toHaveLength(13);
	});
});

describe('ZendeskRelaySigningSecretApi', () => {
	const credential = new ZendeskRelaySigningSecretApi();

	it('is the credential the editor offers as "Zendesk Relay Signing Secret API", with one required Signing Secret', () => {
		expect(credential).toMatchObject({ name: 'zendeskRelaySigningSecretApi', displayName: 'Zendesk Relay Signing Secret API' });
		expect(credential.properties).toEqual([
			expect.objectContaining({ name: 'signingSecret', displayName: 'Signing Secret', type: 'string', required: true, default: '' }),
		]);
	});

	it('keeps the signing secret in a password field', () => {
		expect(credential.properties[0].typeOptions?.password).toBe(true);
	});

	it('is what the Zendesk Relay Trigger asks for in manual set-up, and only then; no secret is a node parameter', () => {
		const { credentials, properties } = new ZendeskRelayTrigger().description;
		expect(credentials).toEqual([
			{ name: 'zendeskRelayApi', required: true, displayOptions: { show: { autoSetup: [true] } } },
			{
				name: 'zendeskRelaySigningSecretApi',
				required: true,
				testedBy: 'signingSecretTest',
				displayOptions: { show: { autoSetup: [false] } },
			},
		]);
		const names = properties.flatMap((property) => [property.name, ...((property.options ?? []) as Array<{ name?: string }>).map((option) => option.name)]);
		expect(names.filter((name) => /secret/i.test(String(name)))).toEqual([]);
	});

	it("has a Test that tells a usable secret from an empty or malformed one, without calling Zendesk", async () => {
		const { signingSecretTest } = new ZendeskRelayTrigger().methods.credentialTest;
		const test = async (signingSecret: string) =>
			await signingSecretTest.call({} as never, { id: '1', name: 'secret', type: 'zendeskRelaySigningSecretApi', data: { signingSecret } });
		expect(await test('')).toEqual({ status: 'Error', message: 'The signing secret is empty' });
		expect((await test('short')).status).toBe('Error');
		expect(await test('q2sT0a7V1mS3dY5vR8yZpL4cF6hJ9kN2bW0xE1uI3oA=')).toEqual({
			status: 'OK',
			message: 'The signing secret has the shape Zendesk gives',
		});
	});
});
