// A loopback endpoint for tests to receive what the simulators send (Zendesk webhooks, Braze webhook campaigns), with
// scripted answers.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { sleep } from './clock';

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	rawBody: string;
}

export interface ScriptedAnswer {
	status: number;
	body?: string;
	headers?: Record<string, string>;
	/** Answer only after this long (to exceed a sender's timeout). */
	delayMs?: number;
}

export interface Receiver {
	url: string;
	requests: ReceivedRequest[];
	/** Answers for the next requests, in order; afterwards 200. */
	script(answers: ScriptedAnswer[]): void;
	close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
	const requests: ReceivedRequest[] = [];
	const answers: ScriptedAnswer[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', async () => {
			requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
			const answer = answers.shift() ?? { status: 200, body: '{"ok":true}' };
			if (answer.delayMs) await sleep(answer.delayMs);
			if (res.destroyed) return;
			res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
			res.end(answer.body ?? '');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		requests,
		script: (list) => answers.push(...list),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
