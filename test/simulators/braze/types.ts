// Braze resources as the simulator keeps them.
export interface BrazeUserAlias {
	alias_name: string;
	alias_label: string;
}

export interface BrazeProfile {
	/** Braze's own id (24 hex digits), set for every profile, kept when the profile is identified. */
	braze_id: string;
	/** Absent on an anonymous profile (e.g. created by an SMS opt-in from an unknown number) until Braze identifies it. */
	external_id?: string;
	user_aliases: BrazeUserAlias[];
	/** Standard (first_name, last_name, email, phone) and custom attributes, with the types they were sent with. */
	attributes: Record<string, unknown>;
	created_at: string;
	updated_at: string;
}

/**
 * How a campaign is delivered. Only `api-triggered` campaigns take /campaigns/trigger/send; `api` is Braze's
 * "API campaign" (an id for /messages/send analytics, `is_api_campaign: true` in /campaigns/list) — a different thing.
 */
export type BrazeCampaignKind = 'api-triggered' | 'scheduled' | 'api';

export interface BrazeCampaign {
	id: string;
	name: string;
	kind: BrazeCampaignKind;
	/** SMS body as Braze Liquid, e.g. `{{api_trigger_properties.${msg_body}}}`. */
	template: string;
	tags: string[];
	archived: boolean;
	created_at: string;
	last_edited: string;
}

/** A campaign as the options give it: its SMS template alone (an API-triggered campaign named after its id), or more. */
export type CampaignSeed = string | (Partial<Omit<BrazeCampaign, 'id' | 'created_at' | 'last_edited'>> & { template: string });

/** The fields that say who a recipient or an attribute object is; exactly one is allowed. */
export interface UserIdentifier {
	external_id?: string;
	braze_id?: string;
	user_alias?: BrazeUserAlias;
	email?: string;
	phone?: string;
}

export interface BrazeRecipient {
	external_user_id?: string;
	braze_id?: string;
	user_alias?: BrazeUserAlias;
	email?: string;
	trigger_properties?: Record<string, unknown>;
	send_to_existing_only?: boolean;
	attributes?: Record<string, unknown>;
	prioritization?: string[];
}

export interface BrazeSend {
	dispatchId: string;
	campaign_id: string;
	send_id?: string;
	broadcast: boolean;
	recipients: BrazeRecipient[];
	/** The request body as received. */
	body: unknown;
	at: string;
	/** Recipients that got no message, and why (no profile with send_to_existing_only, opted out…). */
	skipped: Array<{ identifier: UserIdentifier; reason: string }>;
}

export interface BrazeSms {
	/** The profile's external id; null for an anonymous profile. */
	externalUserId: string | null;
	brazeId: string;
	campaignId: string;
	dispatchId: string;
	/** The rendered SMS body. */
	text: string;
	/** The profile's phone attribute, null when it has none. */
	phone: string | null;
	at: string;
}

export interface BrazeApiKey {
	key: string;
	/** Default: every permission. */
	permissions?: string[];
}
