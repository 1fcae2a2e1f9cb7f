// A loopback media server for the relay's attachment tests: it serves the files a test puts on it, with the content
// type, size and slowness chosen, and counts the requests of every path, so a test can prove a link was never fetched.
//
//   const media = await startMediaServer();
//   const url = media.serve('/p1.jpg', { bytes: fileBytes(2048), contentType: 'image/jpeg' });
//   media.requests('/p1.jpg')   // 0 until something fetched it
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { sleep } from '../shared/clock';
import { closeServer } from '../shared/http';

export interface MediaFileSpec {
	/** The body; empty by default. */
	bytes?: Buffer;
	/** The Content-Type header; null sends none. */
	contentType?: string | null;
	/** 200 by default. */
	status?: number;
	/** A redirect's Location (with `status` 301, 302, 303, 307 or 308; 302 by default when given). */
	location?: string;
	/** Waits this long before answering. */
	delayMs?: number;
	/** Never answers: the request hangs until the client gives up or the server closes. */
	hang?: boolean;
	/** Sent without Content-Length (chunked), so the client learns the size only by reading. */
	chunked?: boolean;
}

/** `size` deterministic bytes that are not valid UTF-8 (so a client that decodes them as text would change them). */
export function fileBytes(size: number, seed = 'media'): Buffer {
	const out = Buffer.alloc(size);
	let block = Buffer.alloc(0);
	for (let offset = 0, counter = 0; offset < size; offset += block.length, counter++) {
		block = createHash('sha256').update(`${seed}:${counter}`).digest();
		block.copy(out, offset);
	}
	if (size > 1) out[0] = 0xff;
	return out;
}

export class MediaServer {
	private server?: Server;
	private readonly files = new Map<string, MediaFileSpec>();
	private readonly counts = new Map<string, number>();
	private connectionCount = 0;
	url = '';

	async start(): Promise<string> {
		const server = createServer((req, res) => void this.answer(req, res));
		// Counted apart from requests: a TLS handshake to this plain-http server is a connection that never becomes a request.
		server.on('connection', () => this.connectionCount++);
		this.server = server;
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		return this.url;
	}

	/** Serves `spec` at `path` (replacing what was there); returns the file's full URL. */
	serve(path: string, spec: MediaFileSpec): string {
		this.files.set(path, spec);
		return `${this.url}${path}`;
	}

	/** Requests received for `path` (any method, any query). */
	requests(path: string): number {
		return this.counts.get(path) ?? 0;
	}

	/** Requests received for every path together. */
	get totalRequests(): number {
		return [...this.counts.values()].reduce((sum, count) => sum + count, 0);
	}

	/** TCP connections accepted, whether or not a request followed (an https:// link to this server connects, then fails). */
	get connections(): number {
		return this.connectionCount;
	}

	/** Forgets the files and the counts. */
	reset(): void {
		this.files.clear();
		this.counts.clear();
		this.connectionCount = 0;
	}

	async close(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		await closeServer(server);
	}

	private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const path = new URL(req.url ?? '/', this.url).pathname;
		this.counts.set(path, this.requests(path) + 1);
		const spec = this.files.get(path);
		if (!spec) {
			res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
			return;
		}
		if (spec.hang) return;
		if (spec.delayMs) await sleep(spec.delayMs);
		if (res.destroyed) return;
		const bytes = spec.bytes ?? Buffer.alloc(0);
		const headers: Record<string, string | number> = {};
		if (spec.contentType !== null) headers['Content-Type'] = spec.contentType ?? 'application/octet-stream';
		if (spec.location) headers.Location = spec.location;
		if (!spec.chunked) headers['Content-Length'] = bytes.length;
		res.writeHead(spec.status ?? (spec.location ? 302 : 200), headers);
		res.end(bytes);
	}
}

export async function startMediaServer(): Promise<MediaServer> {
	const server = new MediaServer();
	await server.start();
	return server;
}
