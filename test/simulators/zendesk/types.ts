// Zendesk resources as the simulator keeps them. API answers are built from these by the serializers in each resource file.
export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';

export const TICKET_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

export type UserRole = 'end-user' | 'agent' | 'admin';

/** Zendesk's via channels the simulator produces: REST calls, the agent UI, mail, triggers. */
export type ViaChannel = 'api' | 'web' | 'email' | 'rule';

/**
 * Zendesk's numeric via ids (Via types reference): web form 0, mail 4, web service (API) 5, rule 8. An agent reply in the agent
 * workspace is via "web" = 0.
 */
export const VIA_IDS: Record<ViaChannel, number> = { web: 0, email: 4, api: 5, rule: 8 };

export interface SimUser {
	id: number;
	name: string;
	email: string | null;
	phone: string | null;
	external_id: string | null;
	role: UserRole;
	/** Only keys of defined user fields are kept, as Zendesk does. */
	user_fields: Record<string, unknown>;
	tags: string[];
	verified: boolean;
	active: boolean;
	locale_id: number | null;
	created_at: string;
	updated_at: string;
}

export interface SimComment {
	id: number;
	author_id: number;
	/** Plain text (for html_body comments: the text of the HTML). */
	body: string;
	html_body: string;
	public: boolean;
	/** The upload tokens the comment was made with. */
	uploads: string[];
	attachments: SimAttachment[];
	via: { channel: ViaChannel };
	created_at: string;
}

/** A file uploaded through POST /api/v2/uploads; its bytes are kept in the store, served at `content_url`. */
export interface SimAttachment {
	id: number;
	/** The attachment's API address. */
	url: string;
	file_name: string;
	content_type: string;
	size: number;
	content_url: string;
}

export interface SimTicket {
	id: number;
	subject: string;
	description: string;
	status: TicketStatus;
	priority: string | null;
	type: string | null;
	requester_id: number;
	submitter_id: number;
	assignee_id: number | null;
	tags: string[];
	external_id: string | null;
	via: { channel: ViaChannel };
	via_followup_source_id: number | null;
	followup_ids: number[];
	comments: SimComment[];
	created_at: string;
	updated_at: string;
}

export interface SimUserField {
	id: number;
	key: string;
	type: string;
	title: string;
	active: boolean;
	created_at: string;
}

export interface SimWebhook {
	id: string;
	name: string;
	endpoint: string;
	http_method: string;
	request_format: string;
	status: 'active' | 'inactive';
	subscriptions: string[];
	signing_secret: string;
	created_at: string;
}

export interface TriggerCondition {
	field: string;
	operator: string;
	value?: unknown;
}

export interface TriggerAction {
	field: string;
	value: unknown;
}

export interface SimTrigger {
	id: number;
	title: string;
	active: boolean;
	position: number;
	description: string | null;
	conditions: { all: TriggerCondition[]; any: TriggerCondition[] };
	actions: TriggerAction[];
	created_at: string;
	updated_at: string;
}
