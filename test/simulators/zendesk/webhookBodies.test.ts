import type { AxiosInstance } from 'axios';

import type { Receiver } from '../shared/receiver';
import { simulatorWithReceiver } from '../shared/simulatorWithReceiver';
import { CONDITION_FIELDS, startZendeskSimulator, type ZendeskSimulator } from '.';
import { verifySignature, webhookWithTrigger, zendeskClient } from './testClient';

const AGENT_REPLY = {
	all: [
		{ field: CONDITION_FIELDS.commentIsPublic, operator: 'is', value: 'true' },
		{ field: CONDITION_FIELDS.role, operator: 'is_not', value: 'end_user' },
	],
	any: [],
};

const LATEST_TEXT = '{% for comment in ticket.public_comments limit:1 %}{{comment.value}}{% endfor %}';

const PAIRS = [
	['ticket_id', '{{ticket.id}}'],
	['status', '{{ticket.status}}'],
	['braze_external_id', '{{ticket.requester.custom_fields.braze_external_id}}'],
	['text', LATEST_TEXT],
];

const TRICKY = 'Price: 5€ & "quoted" = 100%\nline two + \\n literal';

describe('Zendesk simulator: webhook bodies (form-encoded, raw JSON values, status labels)', () => {
	let sim: ZendeskSimulator;
	let api: AxiosInstance;
	let receiver: Receiver;

	simulatorWithReceiver(
		() => startZendeskSimulator({ userFields: ['braze_external_id'], webhookDelivery: { timeoutMs: 500, retryDelayMs: 5 } }),
		(started) => {
			({ sim, receiver } = started);
			api = zendeskClient(sim);
		},
	);

	function reply(body: string, status?: 'solved' | 'pending') {
		const customer = sim.createEndUser({ name: 'Ada Lovelace', user_fields: { braze_external_id: 'braze-1' } });
		const ticket = sim.createTicket({ comment: { body: 'Help' }, requester_id: customer.id }, { via: 'api' });
		sim.agentComment(ticket.id, { body, status });
		return ticket;
	}

	async function received() {
		await sim.waitForWebhooks();
		return receiver.requests;
	}

	describe('form-encoded webhooks', () => {
		const formHook = (method = 'POST') =>
			webhookWithTrigger(api, { endpoint: receiver.url, format: 'form_encoded', method, conditions: AGENT_REPLY, body: PAIRS });

		it('sends the rendered pairs URL-encoded as the signed body', async () => {
			const { secret } = await formHook();
			const ticket = reply(TRICKY);
			const [request] = await received();
			expect(request.method).toBe('POST');
			expect(request.path).toBe('/hook');
			expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
			expect(Object.fromEntries(new URLSearchParams(request.rawBody))).toEqual({
				ticket_id: String(ticket.id),
				status: 'Open',
				braze_external_id: 'braze-1',
				text: TRICKY,
			});
			expect(request.rawBody).toContain('text=Price%3A+5%E2%82%AC+%26+%22quoted%22+%3D+100%25%0Aline+two+%2B+%5Cn+literal');
			expect(verifySignature(secret, request.headers, request.rawBody)).toBe(true);
		});

		it('puts the pairs in the query string of a GET webhook, and of a POST one when formEncodedPlacement is query', async () => {
			await formHook('GET');
			reply('via get');
			const [get] = await received();
			expect(get.method).toBe('GET');
			expect(new URL(get.path, 'http://x').searchParams.get('text')).toBe('via get');
			expect(get.rawBody).toBe('');
			sim.reset();
			receiver.requests.length = 0;
			sim.configure({ formEncodedPlacement: 'query' });
			const { secret } = await formHook('POST');
			reply('via post');
			const [post] = await received();
			expect(post.method).toBe('POST');
			expect(new URL(post.path, 'http://x').searchParams.get('text')).toBe('via post');
			expect(post.rawBody).toBe('');
			expect(verifySignature(secret, post.headers, '')).toBe(true);
		});

		it.each([
			['a string body', '{"a":"b"}'],
			['a pair of three', [['a', 'b', 'c']]],
			['a number value', [['a', 1]]],
			['a flat array', ['a', 'b']],
		])('refuses a trigger for a form-encoded webhook with %s (422 RecordInvalid)', async (_, body) => {
			const { webhookId } = await formHook();
			const res = await api.post('/api/v2/triggers', {
				trigger: { title: 'bad', conditions: AGENT_REPLY, actions: [{ field: 'notification_webhook', value: [webhookId, body] }] },
			});
			expect(res.status).toBe(422);
			expect(res.data).toMatchObject({ error: 'RecordInvalid', details: { actions: [expect.any(Object)] } });
		});

		it('refuses pairs for a JSON webhook', async () => {
			await expect(webhookWithTrigger(api, { endpoint: receiver.url, conditions: AGENT_REPLY, body: PAIRS })).rejects.toThrow(/RecordInvalid/);
		});
	});

	describe('escapeJsonPlaceholders', () => {
		const jsonHook = () => webhookWithTrigger(api, { endpoint: receiver.url, conditions: AGENT_REPLY, body: `{"text":"${LATEST_TEXT}"}` });

		it('by default escapes values, so a quote and a line break keep the JSON valid', async () => {
			await jsonHook();
			reply(TRICKY);
			const [request] = await received();
			expect(JSON.parse(request.rawBody)).toEqual({ text: TRICKY });
		});

		it('when false inserts values raw: the same reply makes invalid JSON, while form bodies stay URL-encoded', async () => {
			sim.configure({ escapeJsonPlaceholders: false });
			await jsonHook();
			await webhookWithTrigger(api, { endpoint: receiver.url, format: 'form_encoded', conditions: AGENT_REPLY, body: PAIRS, title: 'form' });
			reply(TRICKY);
			const requests = await received();
			const json = requests.find((r) => r.headers['content-type'] === 'application/json');
			const form = requests.find((r) => r.headers['content-type'] === 'application/x-www-form-urlencoded');
			expect(json?.rawBody).toBe(`{"text":"${TRICKY}"}`);
			expect(() => JSON.parse(String(json?.rawBody))).toThrow(SyntaxError);
			expect(new URLSearchParams(form?.rawBody).get('text')).toBe(TRICKY);
		});
	});

	describe('locale: {{ticket.status}} is the label in the account language', () => {
		it.each([
			['en', 'Pending', 'Solved'],
			['fr', 'En attente', 'Résolu'],
			['de', 'Wartend', 'Gelöst'],
		] as const)('%s: %s, %s', async (locale, pending, solved) => {
			sim.configure({ locale });
			await webhookWithTrigger(api, { endpoint: receiver.url, conditions: AGENT_REPLY, body: '{"status":"{{ticket.status}}"}' });
			reply('wait', 'pending');
			reply('done', 'solved');
			const statuses = (await received()).map((r) => JSON.parse(r.rawBody).status);
			expect(statuses.sort()).toEqual([pending, solved].sort());
		});

		it('starts in the language given as a constructor option, and reset returns to it', async () => {
			const french = await startZendeskSimulator({ locale: 'fr' });
			try {
				french.configure({ locale: 'de' });
				french.reset();
				expect(french.config.locale).toBe('fr');
			} finally {
				await french.close();
			}
		});
	});
});
