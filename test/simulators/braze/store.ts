// The simulated Braze workspace: profiles, API-triggered campaigns, and what was sent.
import { systemClock, type Clock } from '../shared/clock';
import type { RequestContext } from '../shared/http';
import type { BrazeApiKey, BrazeCampaign, BrazeProfile, BrazeSend, BrazeSms } from './types';

export class BrazeStore {
	profiles = new Map<string, BrazeProfile>();

	campaigns = new Map<string, BrazeCampaign>();

	readonly sends: BrazeSend[] = [];

	readonly sms: BrazeSms[] = [];

	constructor(readonly clock: Clock = systemClock) {}

	nowIso(): string {
		return new Date(this.clock()).toISOString();
	}

	/** Writes attributes to a profile, creating it when asked; `{inc: n}` increments as Braze does. */
	writeAttributes(externalId: string, attributes: Record<string, unknown>, create: boolean): BrazeProfile | undefined {
		let profile = this.profiles.get(externalId);
		if (!profile) {
			if (!create) return undefined;
			const now = this.nowIso();
			profile = { external_id: externalId, attributes: {}, created_at: now, updated_at: now };
			this.profiles.set(externalId, profile);
		}
		for (const [key, value] of Object.entries(attributes)) {
			if (key === 'external_id' || key === '_update_existing_only') continue;
			const increment = isIncrement(value) ? value.inc : undefined;
			profile.attributes[key] = increment === undefined ? value : Number(profile.attributes[key] ?? 0) + increment;
		}
		profile.updated_at = this.nowIso();
		return profile;
	}

	clear(): void {
		this.profiles.clear();
		this.campaigns.clear();
		this.sends.length = 0;
		this.sms.length = 0;
	}
}

function isIncrement(value: unknown): value is { inc: number } {
	return typeof value === 'object' && value !== null && typeof (value as { inc?: unknown }).inc === 'number';
}

export interface BrazeContext extends RequestContext {
	store: BrazeStore;
	key: BrazeApiKey;
}
