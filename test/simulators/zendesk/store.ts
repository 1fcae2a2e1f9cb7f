// The simulated account: its resources, id counters and settings. Resource modules read and change it.
import { randomBytes } from 'node:crypto';

import { systemClock, type Clock } from '../shared/clock';
import { TIDY_SETTINGS, type AccountSettings } from './config';
import { SearchIndex } from './searchIndex';
import type { SimAttachment, SimTicket, SimTrigger, SimUser, SimUserField, SimWebhook } from './types';

export interface TicketChange {
	ticket: SimTicket;
	updateType: 'Create' | 'Change';
	/** Status before the update (undefined on creation). */
	previousStatus?: SimTicket['status'];
	/** The comment added by this update, if any. */
	commentId?: number;
	/** The user making the change (the API token's agent, or the agent in the UI). */
	actor: SimUser;
	via: SimTicket['via'];
}

export interface IdempotentAnswer {
	fingerprint: string;
	status: number;
	body: unknown;
	headers: Record<string, string>;
	expiresAt: number;
}

/** An uploaded file waiting for a comment: its token is good until `expiresAt`, and for one comment only. */
export interface PendingUpload {
	token: string;
	attachment: SimAttachment;
	expiresAt: number;
}

export class ZendeskStore {
	users = new Map<number, SimUser>();

	tickets = new Map<number, SimTicket>();

	userFields = new Map<number, SimUserField>();

	webhooks = new Map<string, SimWebhook>();

	triggers = new Map<number, SimTrigger>();

	idempotency = new Map<string, IdempotentAnswer>();

	/** Account API tokens (any agent's email may be paired with one). */
	tokens = new Set<string>();

	/** Upload tokens not yet used by a comment. */
	uploads = new Map<string, PendingUpload>();

	/** Every uploaded file's bytes, by the token in its content_url (where they are served). */
	files = new Map<string, { attachment: SimAttachment; bytes: Buffer }>();

	readonly searchIndex = new SearchIndex();

	/** The realism switches in force (see config.ts). */
	settings: AccountSettings = { ...TIDY_SETTINGS };

	private counters = { user: 0, ticket: 0, comment: 0, field: 0, trigger: 0, audit: 0, attachment: 0 };

	/** Called after every ticket creation or update; the trigger engine listens here. */
	onTicketChange: (change: TicketChange) => void = () => undefined;

	constructor(readonly clock: Clock = systemClock) {}

	nowIso(): string {
		return new Date(this.clock()).toISOString().replace(/\.\d{3}Z$/, 'Z');
	}

	/**
	 * A ticket's next updated_at: now, but at least one second after the previous one. Zendesk shows whole seconds, and
	 * safe_update compares them, so two updates within a second must still differ.
	 */
	laterStamp(previous: string): string {
		const next = Math.max(Math.floor(this.clock() / 1000) * 1000, Date.parse(previous) + 1000);
		return new Date(next).toISOString().replace(/\.\d{3}Z$/, 'Z');
	}

	/** A ticket creation or update is saved: the search index gets the new version, then the triggers run. */
	commit(change: TicketChange): void {
		this.searchIndex.record(change.ticket, this.clock(), this.settings.searchLagMs);
		this.onTicketChange(change);
	}

	nextId(kind: keyof ZendeskStore['counters']): number {
		this.counters[kind] += 1;
		// Zendesk's user and comment ids are large; ticket ids count from 1 per account.
		const base = {
			user: 380_000_000_000,
			ticket: 0,
			comment: 40_000_000_000,
			field: 9_000_000,
			trigger: 7_000_000,
			audit: 50_000_000_000,
			attachment: 20_000_000_000,
		};
		return base[kind] + this.counters[kind];
	}

	/** A Zendesk-like webhook id (26 characters, ULID-style). */
	webhookId(): string {
		const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
		const bytes = randomBytes(24);
		return '01' + Array.from(bytes, (b) => alphabet[b % 32]).join('');
	}

	clear(): void {
		const collections = [this.users, this.tickets, this.userFields, this.webhooks, this.triggers, this.idempotency, this.tokens, this.uploads, this.files];
		for (const collection of collections) collection.clear();
		this.searchIndex.clear();
		this.counters = { user: 0, ticket: 0, comment: 0, field: 0, trigger: 0, audit: 0, attachment: 0 };
	}

	user(id: number): SimUser | undefined {
		return this.users.get(id);
	}
}
