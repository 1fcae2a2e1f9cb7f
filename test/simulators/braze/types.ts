// Braze resources as the simulator keeps them.
export interface BrazeProfile {
	external_id: string;
	/** Standard (first_name, last_name, email, phone) and custom attributes, with the types they were sent with. */
	attributes: Record<string, unknown>;
	created_at: string;
	updated_at: string;
}

export interface BrazeCampaign {
	id: string;
	/** SMS body as Braze Liquid, e.g. `{{api_trigger_properties.${msg_body}}}`. */
	template: string;
}

export interface BrazeRecipient {
	external_user_id?: string;
	user_alias?: { alias_name: string; alias_label: string };
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
	skipped: Array<{ externalUserId?: string; reason: string }>;
}

export interface BrazeSms {
	externalUserId: string;
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
