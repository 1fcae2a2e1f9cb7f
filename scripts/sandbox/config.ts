// What `npm start` runs against, read from the environment (and a `.env` file): the real Zendesk and Braze (live mode)
// when their variables are set, else the local simulators (sandbox mode). Pure apart from reading the `.env` file.
import { existsSync, readFileSync } from 'node:fs';

import { BRAZE_INSTANCES } from '../../nodes/shared/baseUrls';

export type Env = Record<string, string | undefined>;

/** Every variable `npm start` reads; `.env.example` documents each one. */
export const ZENDESK_VARIABLES = ['ZENDESK_SUBDOMAIN', 'ZENDESK_BASE_URL', 'ZENDESK_EMAIL', 'ZENDESK_API_TOKEN'] as const;
export const BRAZE_VARIABLES = ['BRAZE_REST_ENDPOINT', 'BRAZE_API_KEY', 'BRAZE_REPLY_CAMPAIGN_ID', 'BRAZE_CLOSING_CAMPAIGN_ID'] as const;
export const LIVE_ONLY_VARIABLES = ['INBOUND_WEBHOOK_SECRET', 'WEBHOOK_URL'] as const;

export const DEFAULT_PORT = 5678;

/** The header Braze's webhook campaign sends and the Inbound SMS node checks (the workflow's sticky note names it). */
export const INBOUND_HEADER = 'X-Relay-Secret';

export interface VendorSettings {
	zendesk: { hostType: 'subdomain' | 'url'; subdomain?: string; baseUrl?: string; email: string; apiToken: string };
	braze: { instance: string; customUrl?: string; apiKey: string };
	campaigns: { reply: string; closing: string };
	inboundSecret: string;
	/** Public base URL of this n8n (what Zendesk and Braze call), e.g. https://relay.example.com */
	publicUrl: string;
}

export type StartConfig = { port: number } & ({ mode: 'sandbox' } | ({ mode: 'live' } & VendorSettings));

export class ConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConfigError';
	}
}

/** `KEY=value` lines; `#` comments, blank lines, `export ` prefixes and single or double quotes allowed. */
export function parseDotEnv(text: string): Record<string, string> {
	const values: Record<string, string> = {};
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		if (!line || line.startsWith('#')) continue;
		const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
		if (!match) continue;
		let value = match[2];
		const quote = value[0];
		if ((quote === '"' || quote === "'") && value.length > 1 && value.endsWith(quote)) {
			value = value.slice(1, -1);
			if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
		} else {
			value = value.replace(/\s+#.*$/, '');
		}
		values[match[1]] = value;
	}
	return values;
}

/** The environment with a `.env` file's values added; variables already set in the environment win. */
export function withDotEnv(env: Env, file: string): Env {
	if (!existsSync(file)) return env;
	return { ...parseDotEnv(readFileSync(file, 'utf8')), ...pickDefined(env) };
}

function pickDefined(env: Env): Env {
	return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

function portOf(env: Env): number {
	const raw = env.N8N_PORT;
	if (raw === undefined || raw === '') return DEFAULT_PORT;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`N8N_PORT must be a port number (1-65535), got "${raw}"`);
	return port;
}

/** `rest.iad-01.braze.com` or `https://rest.iad-01.braze.com/` → a listed instance; anything else is a custom URL. */
export function brazeInstance(endpoint: string): { instance: string; customUrl?: string } {
	const trimmed = endpoint.trim().replace(/\/+$/, '');
	const host = trimmed.replace(/^https?:\/\//, '');
	if ((BRAZE_INSTANCES as readonly string[]).includes(host)) return { instance: host };
	return { instance: 'custom', customUrl: /^https?:\/\//.test(trimmed) ? trimmed : `https://${trimmed}` };
}

function zendeskSettings(env: Env): VendorSettings['zendesk'] {
	const credentials = { email: env.ZENDESK_EMAIL ?? '', apiToken: env.ZENDESK_API_TOKEN ?? '' };
	if (env.ZENDESK_BASE_URL) return { hostType: 'url', baseUrl: env.ZENDESK_BASE_URL.replace(/\/+$/, ''), ...credentials };
	return { hostType: 'subdomain', subdomain: env.ZENDESK_SUBDOMAIN ?? '', ...credentials };
}

function missingLiveVariables(env: Env): string[] {
	const required = [
		'ZENDESK_EMAIL',
		'ZENDESK_API_TOKEN',
		'BRAZE_REST_ENDPOINT',
		'BRAZE_API_KEY',
		'BRAZE_REPLY_CAMPAIGN_ID',
		'BRAZE_CLOSING_CAMPAIGN_ID',
		'INBOUND_WEBHOOK_SECRET',
		'WEBHOOK_URL',
	];
	const missing = required.filter((name) => !env[name]);
	if (!env.ZENDESK_SUBDOMAIN && !env.ZENDESK_BASE_URL) missing.unshift('ZENDESK_SUBDOMAIN (or ZENDESK_BASE_URL)');
	return missing;
}

/**
 * Sandbox mode when no Zendesk or Braze variable is set; live mode when all of them are. A partial set is an error
 * naming what is missing, so a typo never silently turns a live setup into a sandbox.
 */
export function readStartConfig(env: Env): StartConfig {
	const defined = pickDefined(env);
	const port = portOf(defined);
	const vendorSet = [...ZENDESK_VARIABLES, ...BRAZE_VARIABLES].some((name) => defined[name] !== undefined);
	if (!vendorSet) return { mode: 'sandbox', port };
	const missing = missingLiveVariables(defined);
	if (missing.length > 0) {
		throw new ConfigError(
			`Live mode needs every Zendesk and Braze variable (see .env.example); missing: ${missing.join(', ')}. ` +
				'Unset all ZENDESK_* and BRAZE_* variables to run the sandbox instead.',
		);
	}
	if (defined.INBOUND_WEBHOOK_SECRET!.length < 16) throw new ConfigError('INBOUND_WEBHOOK_SECRET must be at least 16 characters');
	return {
		mode: 'live',
		port,
		zendesk: zendeskSettings(defined),
		braze: { ...brazeInstance(defined.BRAZE_REST_ENDPOINT!), apiKey: defined.BRAZE_API_KEY! },
		campaigns: { reply: defined.BRAZE_REPLY_CAMPAIGN_ID!, closing: defined.BRAZE_CLOSING_CAMPAIGN_ID! },
		inboundSecret: defined.INBOUND_WEBHOOK_SECRET!,
		publicUrl: defined.WEBHOOK_URL!.replace(/\/+$/, ''),
	};
}
