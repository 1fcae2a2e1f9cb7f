// The Braze simulator: Bearer-key auth with permissions, /campaigns/trigger/send, /campaigns/list, /users/track,
// identified and anonymous profiles, the /users/track propagation delay, rate limits, faults.
import { randomBytes } from 'node:crypto';

import { systemClock, type Clock } from '../shared/clock';
import { FaultInjector } from '../shared/faults';
import { Router, SimServer, type RequestContext, type SimResponse } from '../shared/http';
import { FixedWindowLimiter, type WindowLimit } from '../shared/rateLimit';
import type { SimRequest } from '../shared/requestLog';
import { registerCampaignRoutes } from './campaigns';
import { brazeControl } from './control';
import { BrazeApiError, brazeError, faultAnswer, maskKey } from './errors';
import {
	postInboundWebhook,
	renderInboundBody,
	sendInboundSms,
	type InboundMessage,
	type InboundSms,
	type InboundTarget,
	type RetryOptions,
} from './inboundSms';
import { BrazeStore, type BrazeContext } from './store';
import type { BrazeApiKey, BrazeProfile, CampaignSeed, UserIdentifier } from './types';
import { registerUserRoutes } from './users';

export interface BrazeSimulatorOptions {
	port?: number;
	host?: string;
	/** The main REST API key (every permission). Default: random. */
	apiKey?: string;
	/** More keys, e.g. one without `users.track` to test a 403. */
	apiKeys?: BrazeApiKey[];
	/** Campaigns by id: an API-triggered SMS campaign's body in Braze Liquid, or a name, kind, tags… with it. */
	campaigns?: Record<string, CampaignSeed>;
	/** How long a /users/track write takes to reach Liquid rendering (default 0). */
	attributeDelayMs?: number;
	/** Braze's default: 250,000 requests per hour; false turns it off. */
	rateLimit?: WindowLimit | false;
	clock?: Clock;
}

/** Which key permission each endpoint needs. */
const PERMISSIONS: Record<string, string> = {
	'/campaigns/trigger/send': 'campaigns.trigger.send',
	'/users/track': 'users.track',
	'/campaigns/list': 'campaigns.list',
};

export class BrazeSimulator {
	readonly store: BrazeStore;

	readonly faults = new FaultInjector();

	readonly log: SimRequest[] = [];

	readonly apiKey: string;

	private readonly keys = new Map<string, BrazeApiKey>();

	private readonly server: SimServer;

	private readonly router = new Router<BrazeContext>();

	private readonly limiter?: FixedWindowLimiter;

	constructor(private readonly options: BrazeSimulatorOptions = {}) {
		const clock = options.clock ?? systemClock;
		this.store = new BrazeStore(clock);
		this.apiKey = options.apiKey ?? randomBytes(18).toString('hex');
		for (const key of [{ key: this.apiKey }, ...(options.apiKeys ?? [])]) this.keys.set(key.key, key);
		const limit = options.rateLimit ?? { limit: 250_000, windowMs: 3_600_000 };
		if (limit) this.limiter = new FixedWindowLimiter(limit, clock);
		registerCampaignRoutes(this.router);
		registerUserRoutes(this.router);
		this.server = new SimServer({
			port: options.port,
			host: options.host,
			handle: (ctx) => this.handle(ctx),
			faultResponse: faultAnswer,
			faults: this.faults,
			log: this.log,
			control: brazeControl(this),
		});
		this.seed();
	}

	get url(): string {
		return this.server.url;
	}

	/** Ready-to-use `brazeRelayApi` credential data. */
	get credentials() {
		return { instance: 'custom' as const, customUrl: this.url, apiKey: this.apiKey };
	}

	/** Every accepted /campaigns/trigger/send, oldest first. */
	get sends() {
		return this.store.sends;
	}

	/** Every SMS rendered for a recipient, oldest first. */
	get sms() {
		return this.store.sms;
	}

	async start(): Promise<this> {
		await this.server.start();
		return this;
	}

	async close(): Promise<void> {
		await this.server.close();
	}

	/** How long a /users/track write takes to reach Liquid rendering; settable at any time (also over `/__sim/settings`). */
	get attributeDelayMs(): number {
		return this.store.attributeDelayMs;
	}

	set attributeDelayMs(ms: number) {
		if (!Number.isFinite(ms) || ms < 0) throw new Error(`attributeDelayMs must be a number ≥ 0, got ${ms}`);
		this.store.attributeDelayMs = ms;
	}

	/** Back to the options' state: the configured campaigns and delay, no profiles, sends, logged requests or faults. */
	reset(): void {
		this.store.clear();
		this.log.length = 0;
		this.faults.clear();
		this.limiter?.reset();
		this.seed();
	}

	/** A campaign given as its SMS template alone is API-triggered and named after its id. */
	addCampaign(id: string, seed: CampaignSeed): void {
		const { template, name = id, kind = 'api-triggered', tags = [], archived = false } = typeof seed === 'string' ? { template: seed } : seed;
		const now = this.store.nowIso();
		this.store.campaigns.set(id, { id, name, kind, template, tags, archived, created_at: now, last_edited: now });
	}

	/** Creates or updates an identified profile directly (not an API call; Liquid sees the attributes at once). */
	createUser(externalId: string, attributes: Record<string, unknown> = {}): BrazeProfile {
		const profile = this.store.byExternalId(externalId);
		return profile ? this.store.writeAttributes(profile, attributes) : this.store.createProfile({ externalId, attributes });
	}

	/**
	 * The profile Braze makes when an unknown number texts an opt-in keyword: phone only, no external_id; with
	 * `phoneAlias`, also the user alias `{alias_label: 'phone', alias_name: <phone>}` some SMS set-ups add.
	 */
	createAnonymousSmsProfile(phone: string, options: { attributes?: Record<string, unknown>; phoneAlias?: boolean } = {}): BrazeProfile {
		const aliases = options.phoneAlias ? [{ alias_name: phone, alias_label: 'phone' }] : [];
		return this.store.createProfile({ aliases, attributes: { ...options.attributes, phone } });
	}

	/** Braze identifies an anonymous profile later (see BrazeStore.identify: a taken external id merges it away). */
	identify(brazeId: string, externalId: string): { profile: BrazeProfile; merged: boolean } {
		return this.store.identify(brazeId, externalId);
	}

	/** The identified profile with this external id. */
	user(externalId: string): BrazeProfile | undefined {
		return this.store.byExternalId(externalId);
	}

	/** The profile one identifier names: `{braze_id}`, `{external_id}`, `{phone}`, `{email}` or `{user_alias}`. */
	profile(identifier: UserIdentifier): BrazeProfile | undefined {
		return this.store.find(identifier);
	}

	/** Sends an inbound SMS the way a Braze webhook campaign would, for a profile described field by field. */
	sendInboundSms(target: InboundTarget, sms: InboundSms, retry?: RetryOptions) {
		return sendInboundSms(target, sms, retry);
	}

	/**
	 * The customer behind a profile of this workspace texts `message`: the webhook body is rendered from the profile
	 * as Liquid sees it now (so a /users/track write still inside `attributeDelayMs` is not in `ticket_id` yet).
	 */
	async textFromProfile(target: InboundTarget, from: UserIdentifier, message: InboundMessage, retry?: RetryOptions) {
		const profile = this.store.find(from);
		if (!profile) throw new Error(`No profile with ${JSON.stringify(from)}`);
		const body = renderInboundBody(
			{ externalId: profile.external_id, brazeId: profile.braze_id, attributes: this.store.liquidAttributes(profile) },
			message,
		);
		return await postInboundWebhook(target, body, retry);
	}

	idle(): Promise<void> {
		return this.server.idle();
	}

	private seed(): void {
		for (const [id, seed] of Object.entries(this.options.campaigns ?? {})) this.addCampaign(id, seed);
		this.attributeDelayMs = this.options.attributeDelayMs ?? 0;
	}

	private async handle(request: RequestContext): Promise<SimResponse> {
		const route = this.router.match(request.method, request.path);
		if (route === undefined) return brazeError(404, 'Not Found');
		const key = this.authenticate(request.headers.authorization);
		if (typeof key === 'string') return brazeError(401, `Invalid API key: ${key}`);
		const permission = PERMISSIONS[request.path];
		if (permission && key.permissions && !key.permissions.includes(permission)) {
			return brazeError(403, `This API key does not have the '${permission}' permission`);
		}
		const decision = this.limiter?.hit('rest');
		const answer =
			decision && !decision.allowed ? brazeError(429, 'API rate limit exceeded') : await this.dispatch(request, route, key);
		if (decision) {
			answer.headers = {
				...answer.headers,
				'X-RateLimit-Limit': decision.limit,
				'X-RateLimit-Remaining': decision.remaining,
				'X-RateLimit-Reset': Math.ceil(decision.resetAt / 1000),
			};
		}
		return answer;
	}

	/** The key, or its masked form when it is unknown. */
	private authenticate(header: string | undefined): BrazeApiKey | string {
		const found = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
		const presented = found?.[1].trim() ?? '';
		return this.keys.get(presented) ?? (presented ? maskKey(presented) : '');
	}

	private async dispatch(
		request: RequestContext,
		route: Exclude<ReturnType<Router<BrazeContext>['match']>, undefined>,
		key: BrazeApiKey,
	): Promise<SimResponse> {
		if (route === 'method') return brazeError(405, 'Method Not Allowed');
		if (request.bodyError) return brazeError(400, 'Malformed request: the body is not valid JSON', [request.bodyError]);
		try {
			return await route.handler({ ...request, params: route.params, store: this.store, key });
		} catch (error) {
			if (error instanceof BrazeApiError) return { ...error.response };
			throw error;
		}
	}
}

export async function startBrazeSimulator(options: BrazeSimulatorOptions = {}): Promise<BrazeSimulator> {
	return new BrazeSimulator(options).start();
}
