// The simulated account: its resources, id counters and settings. Resource modules read and change it.
import { randomBytes } from 'node:crypto';

import { systemClock, type Clock } from '../shared/clock';
import type { SimTicket, SimTrigger, SimUser, SimUserField, SimWebhook } from './types';

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

export class ZendeskStore {
	users = new Map<number, SimUser>();

	tickets = new Map<number, SimTicket>();

	userFields = new Map<number, SimUserField>();

	webhooks = new Map<string, SimWebhook>();

	triggers = new Map<number, SimTrigger>();

	idempotency = new Map<string, IdempotentAnswer>();

	/** Account API tokens (any agent's email may be paired with one). */
	tokens = new Set<string>();

	private counters = { user: 0, ticket: 0, comment: 0, field: 0, trigger: 0, audit: 0 };

	/** Called after every ticket creation or update; the trigger engine listens here. */
	onTicketChange: (change: TicketChange) => void = () => undefined;

	constructor(readonly clock: Clock = systemClock) {}

	nowIso(): string {
		return new Date(this.clock()).toISOString().replace(/\.\d{3}Z$/, 'Z');
	}

	nextId(kind: keyof ZendeskStore['counters']): number {
		this.counters[kind] += 1;
		// Zendesk's user and comment ids are large; ticket ids count from 1 per account.
		const base = { user: 380_000_000_000, ticket: 0, comment: 40_000_000_000, field: 9_000_000, trigger: 7_000_000, audit: 50_000_000_000 };
		return base[kind] + this.counters[kind];
	}

	/** A Zendesk-like webhook id (26 characters, ULID-style). */
	webhookId(): string {
		const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
		const bytes = randomBytes(24);
		return '01' + Array.from(bytes, (b) => alphabet[b % 32]).join('');
	}

	clear(): void {
		for (const map of [this.users, this.tickets, this.userFields, this.webhooks, this.triggers, this.idempotency, this.tokens]) {
			map.clear();
		}
		this.counters = { user: 0, ticket: 0, comment: 0, field: 0, trigger: 0, audit: 0 };
	}

	user(id: number): SimUser | undefined {
		return this.users.get(id);
	}
}
