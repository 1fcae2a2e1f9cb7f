import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { brazeInstance, ConfigError, parseDotEnv, readStartConfig, withDotEnv } from '../../../scripts/sandbox/config';

const LIVE = {
	ZENDESK_SUBDOMAIN: 'acme',
	ZENDESK_EMAIL: 'admin@acme.com',
	ZENDESK_API_TOKEN: 'zendesk-token',
	BRAZE_REST_ENDPOINT: 'https://rest.iad-01.braze.com',
	BRAZE_API_KEY: 'braze-key',
	BRAZE_REPLY_CAMPAIGN_ID: 'reply-campaign',
	BRAZE_CLOSING_CAMPAIGN_ID: 'closing-campaign',
	INBOUND_WEBHOOK_SECRET: 'a-long-random-secret-value',
	WEBHOOK_URL: 'https://relay.example.com/',
};

describe('parseDotEnv', () => {
	it('reads KEY=value lines with comments, export prefixes and quotes', () => {
		const text = [
			'# comment',
			'',
			'export ZENDESK_SUBDOMAIN=acme',
			'BRAZE_API_KEY = "key with spaces"',
			"ZENDESK_EMAIL='admin@acme.com'",
			'N8N_PORT=5690 # trailing comment',
			'INBOUND_WEBHOOK_SECRET=abc#def',
			'not a variable line',
		].join('\n');
		expect(parseDotEnv(text)).toEqual({
			ZENDESK_SUBDOMAIN: 'acme',
			BRAZE_API_KEY: 'key with spaces',
			ZENDESK_EMAIL: 'admin@acme.com',
			N8N_PORT: '5690',
			INBOUND_WEBHOOK_SECRET: 'abc#def',
		});
	});

	it('lets the environment win over the .env file, and ignores a missing file', () => {
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dotenv-')), '.env');
		expect(withDotEnv({ N8N_PORT: '1' }, file)).toEqual({ N8N_PORT: '1' });
		writeFileSync(file, 'N8N_PORT=5690\nZENDESK_EMAIL=file@acme.com\n');
		expect(withDotEnv({ N8N_PORT: '5700', ZENDESK_EMAIL: '' }, file)).toMatchObject({ N8N_PORT: '5700', ZENDESK_EMAIL: 'file@acme.com' });
	});
});

describe('readStartConfig', () => {
	it('runs the sandbox on port 5678 when no Zendesk or Braze variable is set', () => {
		expect(readStartConfig({ PATH: '/usr/bin', ZENDESK_API_TOKEN: '' })).toEqual({ mode: 'sandbox', port: 5678 });
		expect(readStartConfig({ N8N_PORT: '5690' })).toEqual({ mode: 'sandbox', port: 5690 });
	});

	it('refuses a port that is not one', () => {
		expect(() => readStartConfig({ N8N_PORT: 'http' })).toThrow('N8N_PORT must be a port number');
	});

	it('builds the live credentials, campaigns and public URL when every variable is set', () => {
		expect(readStartConfig(LIVE)).toEqual({
			mode: 'live',
			port: 5678,
			zendesk: { hostType: 'subdomain', subdomain: 'acme', email: 'admin@acme.com', apiToken: 'zendesk-token' },
			braze: { instance: 'rest.iad-01.braze.com', apiKey: 'braze-key' },
			campaigns: { reply: 'reply-campaign', closing: 'closing-campaign' },
			inboundSecret: 'a-long-random-secret-value',
			publicUrl: 'https://relay.example.com',
		});
		const custom = readStartConfig({ ...LIVE, ZENDESK_BASE_URL: 'https://support.acme.com/' });
		expect(custom).toMatchObject({ zendesk: { hostType: 'url', baseUrl: 'https://support.acme.com' } });
	});

	it('names every missing variable of a partial live setup instead of falling back to the sandbox', () => {
		const partial = { ZENDESK_EMAIL: 'admin@acme.com', BRAZE_API_KEY: 'braze-key' };
		expect(() => readStartConfig(partial)).toThrow(ConfigError);
		expect(() => readStartConfig(partial)).toThrow(
			'missing: ZENDESK_SUBDOMAIN (or ZENDESK_BASE_URL), ZENDESK_API_TOKEN, BRAZE_REST_ENDPOINT, BRAZE_REPLY_CAMPAIGN_ID, ' +
				'BRAZE_CLOSING_CAMPAIGN_ID, INBOUND_WEBHOOK_SECRET, WEBHOOK_URL',
		);
	});

	it('refuses a short inbound secret without echoing it', () => {
		expect(() => readStartConfig({ ...LIVE, INBOUND_WEBHOOK_SECRET: 'short-secret' })).toThrow(
			/^INBOUND_WEBHOOK_SECRET must be at least 16 characters$/,
		);
	});
});

describe('brazeInstance', () => {
	it('maps a listed REST endpoint to its instance and anything else to a custom URL', () => {
		expect(brazeInstance('rest.fra-01.braze.eu')).toEqual({ instance: 'rest.fra-01.braze.eu' });
		expect(brazeInstance('https://rest.iad-05.braze.com/')).toEqual({ instance: 'rest.iad-05.braze.com' });
		expect(brazeInstance('https://braze-proxy.acme.com/')).toEqual({ instance: 'custom', customUrl: 'https://braze-proxy.acme.com' });
		expect(brazeInstance('braze-proxy.acme.com')).toEqual({ instance: 'custom', customUrl: 'https://braze-proxy.acme.com' });
	});
});
