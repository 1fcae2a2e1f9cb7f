// The small HTTP layer both simulators share: a router, JSON answers, the request log and fault injection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { sleep } from './clock';
import { describeFault, FaultInjector, type Fault } from './faults';
import { redactHeaders, type SimRequest } from './requestLog';

export interface RequestContext {
	method: string;
	path: string;
	query: Record<string, string>;
	/** Lower-cased names. */
	headers: Record<string, string>;
	rawBody: string;
	/** The body's bytes as received (uploads of binary files). */
	rawBytes: Buffer;
	/** Parsed JSON body; undefined when empty. */
	body: unknown;
	/** Set when the body is not valid JSON. */
	bodyError?: string;
	/** Path parameters of the matched route. */
	params: Record<string, string>;
	entry: SimRequest;
}

export interface SimResponse {
	status: number;
	/** JSON-encoded unless a string or a Buffer (sent as is). */
	body?: unknown;
	headers?: Record<string, string | number>;
}

export type Handler<C extends RequestContext = RequestContext> = (ctx: C) => SimResponse | Promise<SimResponse>;

interface Route<C extends RequestContext> {
	method: string;
	pattern: RegExp;
	names: string[];
	handler: Handler<C>;
}

export class Router<C extends RequestContext = RequestContext> {
	private routes: Route<C>[] = [];

	/** `pattern` like `/api/v2/tickets/:id`; a parameter matches one path segment. */
	on(method: string, pattern: string, handler: Handler<C>): this {
		const names: string[] = [];
		const source = pattern
			.split('/')
			.map((part) => {
				if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
				names.push(part.slice(1));
				return '([^/]+)';
			})
			.join('/');
		this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}$`), names, handler });
		return this;
	}

	/** The handler for a request, or 'method' when the path exists under another method, or undefined. */
	match(method: string, path: string): { handler: Handler<C>; params: Record<string, string> } | 'method' | undefined {
		let pathKnown = false;
		for (const route of this.routes) {
			const found = route.pattern.exec(path);
			if (!found) continue;
			pathKnown = true;
			if (route.method !== method.toUpperCase()) continue;
			const params: Record<string, string> = {};
			route.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1])));
			return { handler: route.handler, params };
		}
		return pathKnown ? 'method' : undefined;
	}
}

export interface SimServerOptions {
	port?: number;
	host?: string;
	/** Everything vendor-specific: auth, limits, routing. */
	handle: (ctx: RequestContext) => Promise<SimResponse>;
	/** The vendor's answer for an injected status fault without its own body. */
	faultResponse: (status: number) => SimResponse;
	faults: FaultInjector;
	log: SimRequest[];
	/** Out-of-band control routes under `/__sim/` (sandbox, demos): no auth, no faults, not logged. */
	control?: Router;
}

export const CONTROL_PREFIX = '/__sim/';

/** A loopback HTTP server that logs every request and applies injected faults before the vendor logic. */
export class SimServer {
	private server?: Server;

	private nextId = 1;

	private pending = new Set<Promise<void>>();

	url = '';

	constructor(private readonly options: SimServerOptions) {}

	async start(): Promise<string> {
		const server = createServer((req, res) => {
			const done = this.serve(req, res).finally(() => this.pending.delete(done));
			this.pending.add(done);
		});
		this.server = server;
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
		});
		const address = server.address() as AddressInfo;
		this.url = `http://${address.address}:${address.port}`;
		return this.url;
	}

	async close(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		await closeServer(server);
	}

	/** Resolves when every request received so far has been answered (or dropped). */
	async idle(): Promise<void> {
		while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
	}

	private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const rawBytes = await readBody(req);
		const rawBody = rawBytes.toString('utf8');
		const url = new URL(req.url ?? '/', 'http://simulator');
		const entry: SimRequest = {
			id: this.nextId++,
			at: new Date().toISOString(),
			method: (req.method ?? 'GET').toUpperCase(),
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: redactHeaders(req.headers),
			body: undefined,
			rawBody,
		};
		const ctx: RequestContext = {
			method: entry.method,
			path: entry.path,
			query: entry.query,
			headers: lowerCaseHeaders(req.headers),
			rawBody,
			rawBytes,
			body: undefined,
			params: {},
			entry,
		};
		parseJsonBody(ctx);
		if (ctx.path.startsWith(CONTROL_PREFIX)) return write(res, entry, await this.runControl(ctx));
		entry.body = ctx.body ?? (rawBody === '' ? undefined : rawBody);
		this.options.log.push(entry);

		const fault = this.options.faults.next(entry.method, entry.path);
		if (fault) entry.fault = describeFault(fault);
		await this.answer(ctx, res, fault);
	}

	private async answer(ctx: RequestContext, res: ServerResponse, fault: Fault | undefined): Promise<void> {
		if (!fault) return write(res, ctx.entry, await this.run(ctx));
		switch (fault.kind) {
			case 'status': {
				const base = this.options.faultResponse(fault.status);
				const headers = { ...base.headers, ...fault.headers };
				return write(res, ctx.entry, { status: fault.status, body: fault.body ?? base.body, headers });
			}
			case 'reset':
				if (fault.afterProcessing) ctx.entry.responseBody = (await this.run(ctx)).body;
				res.socket?.destroy();
				return;
			case 'slow': {
				const response = fault.mode === 'late' ? await this.run(ctx) : undefined;
				await sleep(fault.delayMs);
				// A late answer is written if the client still listens; a lost request ends in a dropped connection.
				if (response) return write(res, ctx.entry, response);
				res.socket?.destroy();
				return;
			}
		}
	}

	private async runControl(ctx: RequestContext): Promise<SimResponse> {
		const route = this.options.control?.match(ctx.method, ctx.path);
		if (!route || route === 'method') return { status: 404, body: { error: 'unknown control route' } };
		try {
			return await route.handler({ ...ctx, params: route.params });
		} catch (error) {
			return { status: 400, body: { error: (error as Error).message } };
		}
	}

	private async run(ctx: RequestContext): Promise<SimResponse> {
		try {
			return await this.options.handle(ctx);
		} catch (error) {
			return { status: 500, body: { error: 'SimulatorError', description: (error as Error).stack } };
		}
	}
}

function write(res: ServerResponse, entry: SimRequest, response: SimResponse): void {
	entry.status = response.status;
	entry.responseBody = response.body;
	if (res.socket?.destroyed) return;
	const headers: Record<string, string | number> = { ...response.headers };
	let payload: string | Buffer = '';
	if (response.body !== undefined && response.status !== 204) {
		const raw = typeof response.body === 'string' || Buffer.isBuffer(response.body);
		payload = raw ? (response.body as string | Buffer) : JSON.stringify(response.body);
		if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
			headers['Content-Type'] = 'application/json; charset=utf-8';
		}
	}
	headers['Content-Length'] = Buffer.byteLength(payload);
	res.writeHead(response.status, headers);
	res.end(payload);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function parseJsonBody(ctx: RequestContext): void {
	if (ctx.rawBody.trim() === '') return;
	try {
		ctx.body = JSON.parse(ctx.rawBody);
	} catch (error) {
		ctx.bodyError = (error as Error).message;
	}
}

function lowerCaseHeaders(headers: IncomingMessage['headers']): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Closes a loopback server at once: open keep-alive connections are dropped rather than waited for. */
export async function closeServer(server: Server): Promise<void> {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}
