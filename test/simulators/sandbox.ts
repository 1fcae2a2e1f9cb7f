// Both simulators as `npm start` uses them in sandbox mode: fixed campaign ids, an SMS template per campaign, and the
// credentials n8n needs. Agents' actions and inbound SMS can be played over `/__sim/` routes from another process.
import { startBrazeSimulator, type BrazeSimulator, type CampaignSeed } from './braze';
import { startZendeskSimulator, type ZendeskSimulator } from './zendesk';

export const SANDBOX_CAMPAIGNS = {
	reply: 'sandbox-reply-campaign',
	closing: 'sandbox-closing-campaign',
};

/** API-triggered SMS campaigns with readable names, as the node's campaign picker lists them. */
export const SANDBOX_TEMPLATES: Record<string, CampaignSeed> = {
	[SANDBOX_CAMPAIGNS.reply]: { name: 'Sandbox: agent reply SMS', template: '{{api_trigger_properties.${msg_body}}}' },
	[SANDBOX_CAMPAIGNS.closing]: {
		name: 'Sandbox: ticket solved SMS',
		template: "{{api_trigger_properties.${msg_body} | default: 'Your support request has been solved. Text us again any time to reopen it.'}}",
	},
};

export interface SandboxOptions {
	zendeskPort?: number;
	brazePort?: number;
	/** Compress webhook retry delays (tests, demos). */
	fast?: boolean;
}

export interface Sandbox {
	zendesk: ZendeskSimulator;
	braze: BrazeSimulator;
	/** What the CLI prints: URLs, credentials (`zendeskRelayApi`, `brazeRelayApi` data) and campaign ids. */
	info: ReturnType<typeof sandboxInfo>;
	close(): Promise<void>;
}

function sandboxInfo(zendesk: ZendeskSimulator, braze: BrazeSimulator) {
	return {
		zendesk: { url: zendesk.url, credentials: zendesk.credentials, accountId: zendesk.accountId, control: `${zendesk.url}/__sim/` },
		braze: { url: braze.url, credentials: braze.credentials, campaigns: SANDBOX_CAMPAIGNS, control: `${braze.url}/__sim/` },
	};
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const zendesk = await startZendeskSimulator({
		port: options.zendeskPort,
		// Retry-After scaled to a fifth, not less: a trigger answering 503 "setting up" while n8n publishes must still be
		// called again after the set-up is saved (Retry-After 5 s → 1 s, three retries over 3 s).
		webhookDelivery: options.fast ? { retryDelayMs: 50, retryAfterScale: 0.2 } : undefined,
	});
	const braze = await startBrazeSimulator({ port: options.brazePort, campaigns: SANDBOX_TEMPLATES });
	return {
		zendesk,
		braze,
		info: sandboxInfo(zendesk, braze),
		close: async () => {
			await Promise.all([zendesk.close(), braze.close()]);
		},
	};
}
