// The transport's waits between tries honour n8n's execution cancel signal: a cancelled execution sends no further try.
import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { vendorRequest } from '../../../nodes/shared/transport';

/** A node context whose every request is answered by `answer`; counts the requests sent. */
function context(answer: () => { statusCode: number; headers?: Record<string, string>; body?: unknown }, signal?: AbortSignal) {
	const sent: string[] = [];
	const base = {
		getCredentials: async () => ({ hostType: 'url', baseUrl: 'http://zendesk.test', email: 'agent@example.com', apiToken: 'secret' }),
		helpers: {
			httpRequestWithAuthentication: async (_credential: string, options: { url: string }) => {
				sent.push(options.url);
				return { body: {}, headers: {}, ...answer() };
			},
		},
	};
	const withSignal = signal ? { ...base, getExecutionCancelSignal: () => signal } : base;
	return { sent, context: withSignal as unknown as IExecuteFunctions & IWebhookFunctions };
}

const REQUEST = { method: 'GET', path: '/api/v2/users/me.json' } as const;

describe('vendorRequest and the execution cancel signal', () => {
	it('stops waiting out a 429 once the execution is cancelled, and tries no more', async () => {
		const execution = new AbortController();
		const { sent, context: node } = context(() => ({ statusCode: 429, headers: { 'retry-after': '30' } }), execution.signal);
		const request = vendorRequest(node, 'zendesk', REQUEST);
		setImmediate(() => execution.abort(new Error('The execution was cancelled')));
		await expect(request).rejects.toThrow('The execution was cancelled');
		expect(sent).toEqual(['/api/v2/users/me.json']);
	});

	it('sends no retry for an execution cancelled during a try that failed', async () => {
		const execution = new AbortController();
		const { sent, context: node } = context(() => {
			execution.abort(new Error('The execution was cancelled'));
			return { statusCode: 503 };
		}, execution.signal);
		await expect(vendorRequest(node, 'zendesk', REQUEST)).rejects.toThrow('The execution was cancelled');
		expect(sent).toHaveLength(1);
	});

	it('retries as before where the context has no cancel signal (webhook and hook calls)', async () => {
		let tries = 0;
		const { sent, context: node } = context(() => (++tries === 1 ? { statusCode: 429, headers: { 'retry-after': '0' } } : { statusCode: 200, body: { ok: true } }));
		await expect(vendorRequest(node, 'zendesk', REQUEST)).resolves.toMatchObject({ statusCode: 200, body: { ok: true }, attempts: 2 });
		expect(sent).toHaveLength(2);
	});
});
