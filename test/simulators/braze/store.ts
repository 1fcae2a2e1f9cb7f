// The simulated Braze workspace: profiles (identified or anonymous), campaigns, and what was sent.
import { randomBytes } from 'node:crypto';

import { systemClock, type Clock } from '../shared/clock';
import type { RequestContext } from '../shared/http';
import type { BrazeApiKey, BrazeCampaign, BrazeProfile, BrazeSend, BrazeSms, BrazeUserAlias, UserIdentifier } from './types';

/** Keys of an attributes object that say who it is for or how to write it, never stored as attributes. */
const NOT_ATTRIBUTES = new Set(['external_id', 'braze_id', 'user_alias', '_update_existing_only']);

/** Writes Liquid cannot see yet (see `attributeDelayMs`), oldest first, on top of what it sees. */
interface LiquidView {
	seen: Record<string, unknown>;
	pending: Array<{ visibleAt: number; values: Record<string, unknown> }>;
}

export interface ProfileSeed {
	externalId?: string;
	aliases?: BrazeUserAlias[];
	attributes?: Record<string, unknown>;
}

export class BrazeStore {
	/** By braze_id. */
	profiles = new Map<string, BrazeProfile>();

	campaigns = new Map<string, BrazeCampaign>();

	readonly sends: BrazeSend[] = [];

	readonly sms: BrazeSms[] = [];

	/**
	 * How long a /users/track write takes to reach Liquid rendering (campaign messages, the inbound webhook body).
	 * Braze processes /users/track asynchronously: its 201 does not mean the next message already sees the value.
	 */
	attributeDelayMs = 0;

	private readonly views = new Map<string, LiquidView>();

	constructor(readonly clock: Clock = systemClock) {}

	nowIso(): string {
		return new Date(this.clock()).toISOString();
	}

	createProfile(seed: ProfileSeed = {}): BrazeProfile {
		if (seed.externalId !== undefined && this.byExternalId(seed.externalId)) {
			throw new Error(`A profile with external_id ${seed.externalId} already exists`);
		}
		const now = this.nowIso();
		const profile: BrazeProfile = {
			braze_id: randomBytes(12).toString('hex'),
			...(seed.externalId !== undefined ? { external_id: seed.externalId } : {}),
			user_aliases: [...(seed.aliases ?? [])],
			attributes: {},
			created_at: now,
			updated_at: now,
		};
		this.profiles.set(profile.braze_id, profile);
		this.views.set(profile.braze_id, { seen: {}, pending: [] });
		this.writeAttributes(profile, seed.attributes ?? {});
		return profile;
	}

	byExternalId(externalId: string): BrazeProfile | undefined {
		for (const profile of this.profiles.values()) if (profile.external_id === externalId) return profile;
		return undefined;
	}

	/** The profile one identifier names (an `email` or `phone` names the first profile that has it). */
	find(identifier: UserIdentifier): BrazeProfile | undefined {
		if (identifier.external_id !== undefined) return this.byExternalId(identifier.external_id);
		if (identifier.braze_id !== undefined) return this.profiles.get(identifier.braze_id);
		const alias = identifier.user_alias;
		return [...this.profiles.values()].find((profile) =>
			alias
				? profile.user_aliases.some((own) => own.alias_name === alias.alias_name && own.alias_label === alias.alias_label)
				: identifier.email !== undefined
					? profile.attributes.email === identifier.email
					: identifier.phone !== undefined && profile.attributes.phone === identifier.phone,
		);
	}

	/** The profile, or a new one when Braze would create it: never from a braze_id, which only Braze hands out. */
	findOrCreate(identifier: UserIdentifier): BrazeProfile | undefined {
		const found = this.find(identifier);
		if (found || identifier.braze_id !== undefined) return found;
		return this.createProfile({
			externalId: identifier.external_id,
			aliases: identifier.user_alias ? [identifier.user_alias] : [],
			attributes: {
				...(identifier.email !== undefined ? { email: identifier.email } : {}),
				...(identifier.phone !== undefined ? { phone: identifier.phone } : {}),
			},
		});
	}

	/**
	 * Writes attributes (`{inc: n}` increments, as Braze does). `delayed` writes are the /users/track ones: Liquid
	 * sees them only `attributeDelayMs` later; the profile itself (what tests and `/__sim/state` read) has them at once.
	 */
	writeAttributes(profile: BrazeProfile, attributes: Record<string, unknown>, delayed = false): BrazeProfile {
		const values: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(attributes)) {
			if (NOT_ATTRIBUTES.has(key)) continue;
			values[key] = isIncrement(value) ? Number(profile.attributes[key] ?? 0) + value.inc : value;
		}
		Object.assign(profile.attributes, values);
		profile.updated_at = this.nowIso();
		const visibleAt = this.clock() + (delayed ? this.attributeDelayMs : 0);
		this.views.get(profile.braze_id)?.pending.push({ visibleAt, values });
		return profile;
	}

	/** The attributes Liquid sees now: every write whose delay has passed, applied in the order they were made. */
	liquidAttributes(profile: BrazeProfile): Record<string, unknown> {
		const view = this.views.get(profile.braze_id)!;
		const now = this.clock();
		while (view.pending.length > 0 && view.pending[0].visibleAt <= now) Object.assign(view.seen, view.pending.shift()!.values);
		const seen = { ...view.seen };
		for (const write of view.pending) if (write.visibleAt <= now) Object.assign(seen, write.values);
		return seen;
	}

	/**
	 * Braze identifies an anonymous profile: it gets the external id and keeps its braze_id. When another profile
	 * already has that external id, the anonymous one is merged into it (its attributes fill the gaps) and its
	 * braze_id stops naming anyone.
	 */
	identify(brazeId: string, externalId: string): { profile: BrazeProfile; merged: boolean } {
		const anonymous = this.profiles.get(brazeId);
		if (!anonymous) throw new Error(`No profile with braze_id ${brazeId}`);
		if (anonymous.external_id !== undefined) throw new Error(`Profile ${brazeId} is already identified as ${anonymous.external_id}`);
		const owner = this.byExternalId(externalId);
		if (!owner) {
			anonymous.external_id = externalId;
			anonymous.updated_at = this.nowIso();
			return { profile: anonymous, merged: false };
		}
		const missing = Object.entries(anonymous.attributes).filter(([key]) => !(key in owner.attributes));
		this.writeAttributes(owner, Object.fromEntries(missing));
		owner.user_aliases.push(...anonymous.user_aliases);
		this.profiles.delete(brazeId);
		this.views.delete(brazeId);
		return { profile: owner, merged: true };
	}

	clear(): void {
		this.profiles.clear();
		this.views.clear();
		this.campaigns.clear();
		this.sends.length = 0;
		this.sms.length = 0;
		this.attributeDelayMs = 0;
	}
}

function isIncrement(value: unknown): value is { inc: number } {
	return typeof value === 'object' && value !== null && typeof (value as { inc?: unknown }).inc === 'number';
}

export interface BrazeContext extends RequestContext {
	store: BrazeStore;
	key: BrazeApiKey;
}
