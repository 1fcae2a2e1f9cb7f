// The Zendesk simulator: a loopback HTTP server with Zendesk's auth, resources, limits and faults, plus the agent-side
// actions (agent replies, status changes) that tests and the sandbox play.
import { randomBytes } from 'node:crypto';

import { systemClock, type Clock } from '../shared/clock';
import { FaultInjector } from '../shared/faults';
import { Router, SimServer, type RequestContext, type SimResponse } from '../shared/http';
import { FixedWindowLimiter, type LimitDecision, type WindowLimit } from '../shared/rateLimit';
import type { SimRequest } from '../shared/requestLog';
import { authenticate } from './auth';
import { pickSettings, TIDY_SETTINGS, type AccountSettings } from './config';
import type { ZendeskContext } from './context';
import { zendeskControl } from './control';
import { DEFAULT_DELIVERY, WebhookDispatcher, type DeliveryOptions, type WebhookDelivery } from './delivery';
import { AUTH_ERROR, faultAnswer, ZendeskApiError } from './errors';
import { agentComment, emailTicket, tagTicket, type AgentCommentInput, type EmailTicketInput, type TagChange } from './humanActions';
import { registerSearchRoutes } from './search';
import { registerTicketTagRoutes } from './ticketTags';
import { ZendeskStore } from './store';
import { createTicket, registerTicketRoutes, updateTicket, type TicketInput, type TicketSettings } from './tickets';
import type { SimTicket, SimUser, TicketStatus, ViaChannel } from './types';
import { registerUploadRoutes, UPLOADS_PATH } from './uploads';
import { createUserField, ensureForeignFields, registerUserFieldRoutes, type UserFieldInput } from './userFields';
import { registerTriggerRoutes } from './triggers';
import { createUser, registerUserRoutes, serializeUser, type UserInput } from './users';
import { registerWebhookRoutes } from './webhooks';

export type { AgentCommentInput, EmailTicketInput, TagChange } from './humanActions';

/** Besides these, every realism switch of AccountSettings (config.ts) is an option; all default to a tidy account. */
export interface ZendeskSimulatorOptions extends Partial<AccountSettings> {
	port?: number;
	host?: string;
	/** The admin agent the API token belongs to. */
	email?: string;
	apiToken?: string;
	adminName?: string;
	accountId?: number;
	/** Account request limit (Zendesk Enterprise: 700 per minute); false turns it off. */
	rateLimit?: WindowLimit | false;
	/** Update Ticket limit per ticket and user (Zendesk: 30 per 10 minutes); false turns it off. */
	ticketUpdateLimit?: WindowLimit | false;
	/** Comments per ticket (Zendesk: 5,000). */
	maxComments?: number;
	/** How long an Idempotency-Key is remembered (Zendesk: 2 hours). */
	idempotencyTtlMs?: number;
	/** User fields that exist from the start (a fresh account has none). */
	userFields?: Array<string | UserFieldInput>;
	/** Webhook delivery: timeout, attempts, retry delays (compress them in tests). */
	webhookDelivery?: Partial<DeliveryOptions>;
	clock?: Clock;
}

const DEFAULTS = {
	email: 'admin@sim.zendesk.test',
	adminName: 'Sim Admin',
	accountId: 10_203_040,
	rateLimit: { limit: 700, windowMs: 60_000 },
	ticketUpdateLimit: { limit: 30, windowMs: 600_000 },
	maxComments: 5000,
	idempotencyTtlMs: 2 * 60 * 60 * 1000,
};

export class ZendeskSimulator {
	readonly store: ZendeskStore;

	readonly faults = new FaultInjector();

	/** Every API request received, oldest first (Authorization redacted). */
	readonly log: SimRequest[] = [];

	readonly email: string;

	readonly apiToken: string;

	readonly accountId: number;

	private readonly server: SimServer;

	private readonly router = new Router<ZendeskContext>();

	private readonly settings: TicketSettings;

	private accountLimiter?: FixedWindowLimiter;

	private ticketLimiter?: FixedWindowLimiter;

	private adminId = 0;

	/** Trigger evaluation and webhook delivery. */
	readonly dispatcher: WebhookDispatcher;

	constructor(private readonly options: ZendeskSimulatorOptions = {}) {
		const clock = options.clock ?? systemClock;
		this.store = new ZendeskStore(clock);
		this.email = options.email ?? DEFAULTS.email;
		this.apiToken = options.apiToken ?? randomBytes(20).toString('hex');
		this.accountId = options.accountId ?? DEFAULTS.accountId;
		this.store.settings = { ...TIDY_SETTINGS, ...pickSettings(options) };
		this.settings = {
			maxComments: options.maxComments ?? DEFAULTS.maxComments,
			idempotencyTtlMs: options.idempotencyTtlMs ?? DEFAULTS.idempotencyTtlMs,
		};
		const accountLimit = options.rateLimit ?? DEFAULTS.rateLimit;
		if (accountLimit) this.accountLimiter = new FixedWindowLimiter(accountLimit, clock);
		const ticketLimit = options.ticketUpdateLimit ?? DEFAULTS.ticketUpdateLimit;
		if (ticketLimit) this.ticketLimiter = new FixedWindowLimiter(ticketLimit, clock);
		registerUserRoutes(this.router);
		registerSearchRoutes(this.router);
		registerTicketRoutes(this.router, this.settings);
		registerTicketTagRoutes(this.router, this.settings);
		registerUserFieldRoutes(this.router);
		registerWebhookRoutes(this.router);
		registerTriggerRoutes(this.router);
		registerUploadRoutes(this.router);
		this.dispatcher = new WebhookDispatcher(
			this.store,
			this.accountId,
			{ ...DEFAULT_DELIVERY, ...options.webhookDelivery },
			() => this.url,
		);
		this.store.onTicketChange = (change) => this.dispatcher.onTicketChange(change);
		this.server = new SimServer({
			port: options.port,
			host: options.host,
			handle: (ctx) => this.handle(ctx),
			faultResponse: faultAnswer,
			faults: this.faults,
			log: this.log,
			control: zendeskControl(this),
		});
		this.seed();
	}

	get url(): string {
		return this.server.url;
	}

	/** Ready-to-use `zendeskRelayApi` credential data. */
	get credentials() {
		return { hostType: 'url' as const, baseUrl: this.url, email: this.email, apiToken: this.apiToken };
	}

	/** The admin agent the API token authenticates as. */
	get admin(): SimUser {
		return this.store.user(this.adminId) as SimUser;
	}

	async start(): Promise<this> {
		await this.server.start();
		return this;
	}

	async close(): Promise<void> {
		await this.server.close();
		await this.dispatcher.settle();
	}

	/**
	 * Back to a fresh account (same URL and credentials): no tickets, users, webhooks, logged requests or faults, and the
	 * realism switches as the constructor's options set them.
	 */
	reset(): void {
		this.store.clear();
		this.store.settings = { ...TIDY_SETTINGS, ...pickSettings(this.options) };
		this.dispatcher.clear();
		this.log.length = 0;
		this.faults.clear();
		this.accountLimiter?.reset();
		this.ticketLimiter?.reset();
		this.seed();
	}

	/** The realism switches in force. */
	get config(): AccountSettings {
		return { ...this.store.settings };
	}

	/** Changes realism switches at run time (what `POST /__sim/config` does); throws on an invalid value. */
	configure(changes: Partial<AccountSettings>): AccountSettings {
		this.store.settings = { ...this.store.settings, ...pickSettings(changes) };
		ensureForeignFields(this.store, this.store.settings.extraUserFields);
		return this.config;
	}

	tickets(): SimTicket[] {
		return [...this.store.tickets.values()];
	}

	ticket(id: number): SimTicket | undefined {
		return this.store.tickets.get(id);
	}

	users(): SimUser[] {
		return [...this.store.users.values()];
	}

	user(id: number): SimUser | undefined {
		return this.store.user(id);
	}

	userFields() {
		return [...this.store.userFields.values()];
	}

	webhooks() {
		return [...this.store.webhooks.values()];
	}

	triggers() {
		return [...this.store.triggers.values()];
	}

	/** Every webhook invocation the triggers made, oldest first, with its attempts. */
	get deliveries(): WebhookDelivery[] {
		return this.dispatcher.deliveries;
	}

	/** Resolves when every webhook delivery queued so far has finished (with its retries). */
	waitForWebhooks(): Promise<void> {
		return this.dispatcher.settle();
	}

	/** A user as the API would show it (user_fields filled for every defined field). */
	userJson(id: number) {
		const user = this.store.user(id);
		return user && serializeUser(this.store, user, this.url);
	}

	createAgent(name: string, email?: string): SimUser {
		const address = email ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${this.store.users.size}@sim.zendesk.test`;
		return createUser(this.store, { name, email: address, role: 'agent' });
	}

	/** An end-user; the name defaults to one made from the external id or email. */
	createEndUser(input: UserInput = {}): SimUser {
		const name = input.name ?? `Customer ${input.external_id ?? input.email ?? this.store.users.size}`;
		return createUser(this.store, { ...input, name, role: 'end-user' });
	}

	createUserField(input: UserFieldInput) {
		return createUserField(this.store, input);
	}

	/**
	 * Creates a ticket directly (not an API call, not logged), by default as the requester through the web form (via 0),
	 * so triggers see an end-user's update; `actorId` makes someone else (an agent) the one who creates it.
	 */
	createTicket(input: TicketInput, options: { actorId?: number; via?: ViaChannel } = {}): SimTicket {
		const actorId = options.actorId ?? input.requester_id;
		return createTicket(this.store, input, this.actor(actorId), options.via ?? 'web');
	}

	/** Sends a recorded webhook delivery again, same invocation id and body, freshly signed (a Zendesk retry). */
	redeliver(invocationId: string): Promise<void> {
		return this.dispatcher.redeliver(invocationId);
	}

	/**
	 * An agent replies in the agent workspace (via web): triggers see a comment not made through the API. A `status` (and
	 * tags) given with it are saved in the same update, as "Submit as Solved" does.
	 */
	agentComment(ticketId: number, input: AgentCommentInput): SimTicket {
		const ticket = this.mustFindTicket(ticketId);
		agentComment(this.store, ticket, this.actor(input.authorId), input, this.settings);
		return ticket;
	}

	/** An agent adds or removes tags in the agent workspace (via web): an update that runs the triggers. */
	tagTicket(ticketId: number, change: TagChange & { authorId?: number }): SimTicket {
		const ticket = this.mustFindTicket(ticketId);
		tagTicket(this.store, ticket, this.actor(change.authorId), change, this.settings);
		return ticket;
	}

	/** A customer e-mails support (via email): the requester is found by address or created, with an optional external id. */
	emailTicket(input: EmailTicketInput): { ticket: SimTicket; requester: SimUser } {
		return emailTicket(this.store, input);
	}

	/** An agent (or an automation, via 'rule') changes the status; closing a solved ticket is what Zendesk's automation does. */
	setStatus(ticketId: number, status: TicketStatus, options: { actorId?: number; via?: ViaChannel } = {}): SimTicket {
		const ticket = this.mustFindTicket(ticketId);
		updateTicket(this.store, ticket, { status }, this.actor(options.actorId), options.via ?? 'web', this.settings);
		return ticket;
	}

	/** Resolves once every request received so far has been answered and every webhook delivery has finished. */
	async idle(): Promise<void> {
		await this.server.idle();
		await this.dispatcher.settle();
	}

	private actor(id?: number): SimUser {
		const user = this.store.user(id ?? this.adminId);
		if (!user) throw new Error(`no user ${id}`);
		return user;
	}

	private mustFindTicket(id: number): SimTicket {
		const ticket = this.store.tickets.get(id);
		if (!ticket) throw new Error(`no ticket ${id}`);
		return ticket;
	}

	private seed(): void {
		const admin = createUser(this.store, { name: this.options.adminName ?? DEFAULTS.adminName, email: this.email, role: 'admin' });
		this.adminId = admin.id;
		this.store.tokens.add(this.apiToken);
		ensureForeignFields(this.store, this.store.settings.extraUserFields);
		for (const field of this.options.userFields ?? []) {
			createUserField(this.store, typeof field === 'string' ? { key: field, title: field, type: 'text' } : field);
		}
	}

	private async handle(request: RequestContext): Promise<SimResponse> {
		const path = request.path.replace(/\.json$/, '');
		const route = this.router.match(request.method, path);
		if (route === undefined) return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
		const actor = authenticate(this.store, request.headers.authorization);
		if (actor === 'invalid' || (actor === null && path !== '/api/v2/users/me')) {
			return { status: 401, body: AUTH_ERROR, headers: { 'WWW-Authenticate': 'Basic realm="Web Password"' } };
		}
		const account = this.accountLimiter?.hit('account');
		const response = (account && !account.allowed ? rateLimited(account, 'account') : undefined) ?? this.ticketLimit(request, path, actor);
		const answer = response ?? (await this.dispatch(request, route, actor));
		if (account) {
			answer.headers = { ...answer.headers, 'X-Rate-Limit': account.limit, 'X-Rate-Limit-Remaining': account.remaining };
		}
		return answer;
	}

	private ticketLimit(request: RequestContext, path: string, actor: SimUser | null): SimResponse | undefined {
		const ticketId = /^\/api\/v2\/tickets\/(\d+)$/.exec(path)?.[1];
		if (!this.ticketLimiter || request.method !== 'PUT' || !ticketId) return undefined;
		const decision = this.ticketLimiter.hit(`${actor?.id}:${ticketId}`);
		return decision.allowed ? undefined : rateLimited(decision, 'ticket');
	}

	private async dispatch(
		request: RequestContext,
		route: Exclude<ReturnType<Router<ZendeskContext>['match']>, undefined>,
		actor: SimUser | null,
	): Promise<SimResponse> {
		if (route === 'method') return { status: 405, body: { error: 'MethodNotAllowed', description: 'Method not allowed' } };
		// An upload's body is the file's bytes, not JSON.
		if (request.bodyError && request.path.replace(/\.json$/, '') !== UPLOADS_PATH) {
			return { status: 400, body: { error: 'InvalidJSON', description: `Request body is not valid JSON: ${request.bodyError}` } };
		}
		const ctx: ZendeskContext = { ...request, params: route.params, actor, store: this.store, baseUrl: this.url };
		try {
			return await route.handler(ctx);
		} catch (error) {
			if (error instanceof ZendeskApiError) return { ...error.response };
			throw error;
		}
	}
}

function rateLimited(decision: LimitDecision, scope: 'account' | 'ticket'): SimResponse {
	const description =
		scope === 'account'
			? 'Number of allowed API requests per minute exceeded'
			: 'Rate limit for ticket updates exceeded, please wait before updating this ticket again';
	return {
		status: 429,
		body: { error: 'APIRateLimitExceeded', description },
		headers: { 'Retry-After': decision.retryAfterSeconds },
	};
}

export async function startZendeskSimulator(options: ZendeskSimulatorOptions = {}): Promise<ZendeskSimulator> {
	return new ZendeskSimulator(options).start();
}
