// A tiny HTTP client for what the simulators send out (Zendesk webhooks, Braze webhook campaigns): one POST, never throws.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PostResult {
	/** Undefined when no answer came (timeout, reset, refused). */
	status?: number;
	error?: string;
	responseBody: string;
	headers?: Record<string, string | string[] | undefined>;
	durationMs: number;
}

/** One POST of a JSON body; never throws: network errors and timeouts come back as `error`. */
export function postJson(
	url: string,
	body: string,
	headers: Record<string, string>,
	timeoutMs: number,
	method = 'POST',
): Promise<PostResult> {
	const started = Date.now();
	const target = new URL(url);
	const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise((resolve) => {
		const req = send(
			target,
			{
				method,
				headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers },
				timeout: timeoutMs,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode,
						responseBody: Buffer.concat(chunks).toString('utf8'),
						headers: res.headers,
						durationMs: Date.now() - started,
					}),
				);
				res.on('error', (error) => resolve({ error: error.message, responseBody: '', durationMs: Date.now() - started }));
			},
		);
		req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
		req.on('error', (error) => resolve({ error: error.message, responseBody: '', durationMs: Date.now() - started }));
		req.end(body);
	});
}
