// The Braze simulator: Bearer-key auth with permissions, /campaigns/trigger/send, /users/track, rate limits, faults.
import { randomBytes } from 'node:crypto';

import { systemClock, type Clock } from '../shared/clock';
import { FaultInjector } from '../shared/faults';
import { Router, SimServer, type RequestContext, type SimResponse } from '../shared/http';
import { FixedWindowLimiter, type WindowLimit } from '../shared/rateLimit';
import type { SimRequest } from '../shared/requestLog';
import { registerCampaignRoutes } from './campaigns';
import { brazeControl } from './control';
import { BrazeApiError, brazeError, faultAnswer, maskKey } from './errors';
import { sendInboundSms, type InboundSms, type InboundTarget, type RetryOptions } from './inboundSms';
import { BrazeStore, type BrazeContext } from './store';
import type { BrazeApiKey, BrazeProfile } from './types';
import { registerUserRoutes } from './users';

export interface BrazeSimulatorOptions {
	port?: number;
	host?: string;
	/** The main REST API key (every permission). Default: random. */
	apiKey?: string;
	/** More keys, e.g. one without `users.track` to test a 403. */
	apiKeys?: BrazeApiKey[];
	/** API-triggered SMS campaigns: id → SMS body in Braze Liquid. */
	campaigns?: Record<string, string>;
	/** Braze's default: 250,000 requests per hour; false turns it off. */
	rateLimit?: WindowLimit | false;
	clock?: Clock;
}

/** Which key permission each endpoint needs. */
const PERMISSIONS: Record<string, string> = {
	'/campaigns/trigger/send': 'campaigns.trigger.send',
	'/users/track': 'users.track',
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

	/** Back to the options' state: the configured campaigns, no profiles, sends, logged requests or faults. */
	reset(): void {
		this.store.clear();
		this.log.length = 0;
		this.faults.clear();
		this.limiter?.reset();
		this.seed();
	}

	addCampaign(id: string, template: string): void {
		this.store.campaigns.set(id, { id, template });
	}

	/** Creates or updates a profile directly (not an API call). */
	createUser(externalId: string, attributes: Record<string, unknown> = {}): BrazeProfile {
		return this.store.writeAttributes(externalId, attributes, true) as BrazeProfile;
	}

	user(externalId: string): BrazeProfile | undefined {
		return this.store.profiles.get(externalId);
	}

	/** Sends an inbound SMS the way a Braze webhook campaign would (see inboundSms.ts). */
	sendInboundSms(target: InboundTarget, sms: InboundSms, retry?: RetryOptions) {
		return sendInboundSms(target, sms, retry);
	}

	idle(): Promise<void> {
		return this.server.idle();
	}

	private seed(): void {
		for (const [id, template] of Object.entries(this.options.campaigns ?? {})) this.addCampaign(id, template);
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
