// Where each vendor's API lives for a given credential. Pure: used by the credentials, the transports and tests.

export const BRAZE_INSTANCES = [
	'rest.iad-01.braze.com',
	'rest.iad-02.braze.com',
	'rest.iad-03.braze.com',
	'rest.iad-04.braze.com',
	'rest.iad-05.braze.com',
	'rest.iad-06.braze.com',
	'rest.iad-07.braze.com',
	'rest.iad-08.braze.com',
	'rest.us-10.braze.com',
	'rest.fra-01.braze.eu',
	'rest.fra-02.braze.eu',
	'rest.au-01.braze.com',
] as const;

export interface ZendeskAddress {
	hostType?: string;
	subdomain?: string;
	baseUrl?: string;
}

export interface BrazeAddress {
	instance?: string;
	customUrl?: string;
}

function withoutTrailingSlash(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

/** `https://{subdomain}.zendesk.com`, or the full URL given for a custom domain or a simulator. */
export function zendeskBaseUrl(address: ZendeskAddress): string {
	if (address.hostType === 'url') return withoutTrailingSlash(address.baseUrl ?? '');
	return `https://${(address.subdomain ?? '').trim()}.zendesk.com`;
}

/** `https://rest.<instance>`, or the custom URL given for a simulator or a proxy. */
export function brazeBaseUrl(address: BrazeAddress): string {
	if (address.instance === 'custom') return withoutTrailingSlash(address.customUrl ?? '');
	return `https://${address.instance ?? BRAZE_INSTANCES[0]}`;
}
