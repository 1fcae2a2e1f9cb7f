// Both shipped workflows in a real n8n against a Zendesk account as messy as real ones are (the simulator's realism
// switches, docs/simulators.md) and Braze profiles as Braze makes them (anonymous SMS profiles, identified later):
// - public replies on e-mail tickets never become an SMS, whatever the requester's external id;
// - a customer Braze knows by phone only has a whole conversation, addressed by braze_id, then by the external id Braze
//   gives them later, on the same Zendesk user and ticket;
// - replies with quotes, line breaks, tabs, backslashes, emoji, tag-like text, form-encoding characters and 10 kB arrive
//   intact however Zendesk escapes placeholders and wherever it puts the form parameters;
// - a reply submitted as solved sends the reply and the closing SMS and leaves Braze with the ticket closed, in either
//   arrival order of its two calls;
// - a French account is relayed like an English one;
// - our user fields are found past the first page of 150 other apps' fields, and made once;
// - publishing again, or after a set-up cut short, leaves one webhook and one trigger of each kind;
// - a reply made while publishing is under way is texted once, after Zendesk calls again.
// Each block has an account of its own (fresh simulators, both workflows published against them); a switch a test turns
// on is turned back to the tidy default after it.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ownedBy, triggerRequest, triggerTitle, webhookRequest } from '../../nodes/ZendeskRelayTrigger/triggerDefinitions';
import type { CredentialRef, Execution, ImportedWorkflow, N8nApi } from '../../scripts/n8n';
import { INBOUND_WEBHOOK_NODE, loadWorkflow, WORKFLOW_FILES, ZENDESK_TRIGGER_NODE } from '../../scripts/sandbox/workflows';
import { relayTriggerKeys, relayWorkflow, zendeskSetUp } from '../chaos/relayWorkflows';
import { eventually } from '../harness/eventually';
import { runWorkflow } from '../harness/inProcess';
import { connectN8n } from '../harness/realN8n';
import { singleNodeWorkflow } from '../harness/singleNode';
import type { BrazeSimulator, InboundAttempt } from '../simulators/braze';
import { SANDBOX_CAMPAIGNS, startSandbox, type Sandbox } from '../simulators/sandbox';
import { TIDY_SETTINGS, type AccountSettings, type SimTicket, type SimUser, type ZendeskSimulator } from '../simulators/zendesk';
import { zendeskClient } from '../simulators/zendesk/testClient';

const HEADER = { name: 'X-Relay-Secret', value: `real-account-${randomBytes(12).toString('hex')}` };
const SMS_TAG = 'sms';
const PARSE_NODE = 'Parse Zendesk Comment';

let n8n: N8nApi;

interface Account {
	zendesk: ZendeskSimulator;
	braze: BrazeSimulator;
	outbound: ImportedWorkflow;
	inbound: ImportedWorkflow;
	agent: SimUser;
}

/**
 * A fresh account for the enclosing describe block: both simulators (the Zendesk one with `switches` on before anything
 * is published), and both shipped workflows published against them in the shared n8n. Removed after the block.
 */
function freshAccount(label: string, switches: Partial<AccountSettings> = {}): () => Account {
	let sandbox: Sandbox | undefined;
	let account: Account | undefined;
	const workflows: ImportedWorkflow[] = [];
	const refs: CredentialRef[] = [];
	beforeAll(async () => {
		sandbox = await startSandbox({ fast: true });
		const { zendesk, braze } = sandbox;
		zendesk.configure(switches);
		const credentials = {
			zendeskRelayApi: await n8n.createCredential('zendeskRelayApi', zendesk.credentials),
			brazeRelayApi: await n8n.createCredential('brazeRelayApi', braze.credentials),
			httpHeaderAuth: await n8n.createCredential('httpHeaderAuth', HEADER),
		};
		refs.push(...Object.values(credentials));
		const publish = async (direction: 'inbound' | 'outbound') => {
			const workflow = await n8n.importWorkflow(relayWorkflow(direction, credentials), { name: `real account, ${label}: ${direction}`, credentials });
			workflows.push(workflow);
			return workflow;
		};
		const outbound = await publish('outbound');
		const inbound = await publish('inbound');
		await zendeskSetUp(zendesk, outbound.json);
		account = { zendesk, braze, outbound, inbound, agent: zendesk.createAgent('Kim Agent') };
	}, 5 * 60_000);
	afterAll(async () => {
		for (const workflow of workflows) await n8n.deleteWorkflow(workflow.id).catch(() => undefined);
		for (const ref of refs) await n8n.deleteCredential(ref.id).catch(() => undefined);
		await sandbox?.close();
	}, 60_000);
	return () => {
		if (!account) throw new Error(`the account "${label}" was not set up`);
		return account;
	};
}

interface SmsCustomer {
	externalId: string;
	brazeId: string;
	user: SimUser;
	ticket: SimTicket;
}

/** A customer of an SMS conversation as the Zendesk Ticket Relay leaves them: Braze profile, Zendesk user, tagged ticket. */
function smsCustomer({ zendesk, braze }: Account, name: string, phone: string, email?: string): SmsCustomer {
	const externalId = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomBytes(3).toString('hex')}`;
	const { braze_id: brazeId } = braze.createUser(externalId, { phone, first_name: name.split(' ')[0] });
	const user = zendesk.createEndUser({ name, phone, email, external_id: externalId, user_fields: { braze_external_id: externalId, braze_id: brazeId } });
	const ticket = zendesk.createTicket(
		{ subject: `SMS from ${name}`, requester_id: user.id, comment: { body: 'SUPPORT I need help' }, tags: [SMS_TAG] },
		{ via: 'api' },
	);
	return { externalId, brazeId, user, ticket };
}

const outboundRuns = async ({ outbound }: Account) => await n8n.listExecutions({ workflowId: outbound.id, includeData: true });

/** Waits for Zendesk's calls and for the outbound workflow to have `total` finished executions; the newest first. */
async function settle(account: Account, total: number): Promise<Execution[]> {
	await account.zendesk.waitForWebhooks();
	return await n8n.waitForExecutions(account.outbound.id, total, 60_000);
}

function nodeJson(execution: Execution, node: string): IDataObject | undefined {
	return execution.data?.resultData.runData[node]?.[0]?.data?.main?.[0]?.[0]?.json as IDataObject | undefined;
}

const triggerItem = (execution: Execution) => nodeJson(execution, ZENDESK_TRIGGER_NODE) as { comment: { text: string } } & IDataObject;

/** What the shipped workflow's Parse Zendesk Comment node makes of a reply: the node itself, with the workflow's parameters. */
async function expectedSms(reply: string): Promise<IDataObject> {
	const node = loadWorkflow(WORKFLOW_FILES.outbound).nodes.find((candidate) => candidate.name === PARSE_NODE);
	const run = await runWorkflow(singleNodeWorkflow(PARSE_NODE, 'parseZendeskComment', (node?.parameters ?? {}) as INodeParameters), {
		items: [{ comment: { text: reply } }],
	});
	return run.output(PARSE_NODE)[0].json.sms as IDataObject;
}

/** The closing SMS text of the shipped workflow (its Send Closing SMS node), so the tests follow the workflow file. */
function closingText(): string {
	const node = loadWorkflow(WORKFLOW_FILES.outbound).nodes.find((candidate) => candidate.name === 'Send Closing SMS');
	const properties = (node?.parameters?.triggerProperties as { property: Array<{ key: string; value: string }> }).property;
	return properties.find((property) => property.key === 'msg_body')?.value ?? '';
}

const smsOf = ({ braze }: Account, externalId: string) => braze.sms.filter((sms) => sms.externalUserId === externalId);

/** The kind of trigger that made a call ("agent reply", "ticket solved"…), from its title. */
function triggerKind(zendesk: ZendeskSimulator, triggerId: number): string | undefined {
	return zendesk.triggers().find((trigger) => trigger.id === triggerId)?.title.split(' – ').pop();
}

beforeAll(async () => {
	n8n = await connectN8n();
}, 15 * 60_000);

describe('replies on e-mail tickets', () => {
	const account = freshAccount('e-mail tickets');

	it('start no execution and call Braze for nothing, whether or not the requester has an external id from a CRM', async () => {
		const { zendesk, braze, agent } = account();
		const fromCrm = zendesk.emailTicket({
			from: { email: 'ines.faure@example.com', name: 'Inès Faure', external_id: 'crm-000481' },
			subject: 'Invoice 2291',
			body: 'Where is my invoice?',
		});
		const withoutId = zendesk.emailTicket({ from: { email: 'tom.reyes@example.org', name: 'Tom Reyes' }, subject: 'Login', body: 'I cannot log in.' });
		expect([fromCrm.requester.external_id, withoutId.requester.external_id]).toEqual(['crm-000481', null]);
		for (const { ticket } of [fromCrm, withoutId]) {
			zendesk.agentComment(ticket.id, { authorId: agent.id, body: 'Thanks, we are looking into it.' });
			zendesk.agentComment(ticket.id, { authorId: agent.id, body: 'Fixed on our side.', status: 'solved' });
		}
		await zendesk.waitForWebhooks();
		expect(zendesk.deliveries).toEqual([]);
		expect(await outboundRuns(account())).toEqual([]);
		expect(braze.log).toEqual([]);
	}, 60_000);

	it('relays the SMS ticket of a customer who also e-mails, and still not the e-mail ticket', async () => {
		const { zendesk, braze, agent } = account();
		const customer = smsCustomer(account(), 'Ana Lima', '+15550177', 'ana.lima@example.com');
		const email = zendesk.emailTicket({ from: { email: 'ana.lima@example.com' }, subject: 'Receipt', body: 'Please send a receipt.' });
		// The same Zendesk user, Braze ids and all: only the ticket's tag tells the two apart.
		expect(email.requester.id).toBe(customer.user.id);
		zendesk.agentComment(email.ticket.id, { authorId: agent.id, body: 'The receipt is attached to this e-mail.' });
		zendesk.agentComment(customer.ticket.id, { authorId: agent.id, body: 'Your parcel ships today.' });
		await settle(account(), 1);
		expect(zendesk.deliveries.map((delivery) => delivery.ticketId)).toEqual([customer.ticket.id]);
		expect(braze.sms.map((sms) => [sms.externalUserId, sms.text])).toEqual([[customer.externalId, (await expectedSms('Your parcel ships today.')).text]]);
	}, 60_000);
});

describe('a customer Braze knows by phone only', () => {
	const account = freshAccount('phone-only customer');
	const phone = '+15550142';
	const laterExternalId = `noor-${randomBytes(3).toString('hex')}`;
	let brazeId: string;
	let ticket: SimTicket;
	let requesterId: number;

	const target = () => ({ url: account().inbound.webhookUrl(INBOUND_WEBHOOK_NODE), headerName: HEADER.name, headerValue: HEADER.value });
	const answerOf = (attempts: InboundAttempt[]) => {
		const last = attempts.at(-1);
		expect(last?.status).toBe(200);
		return JSON.parse(last?.responseBody ?? '') as { ticketId: number; action: string };
	};
	const lastSend = () => account().braze.sends.at(-1)?.recipients.map(({ external_user_id: externalUserId, braze_id: id }) => ({ externalUserId, brazeId: id }));

	it('texts in: an SMS ticket for a Zendesk user named after the braze_id, and Braze learns the ticket', async () => {
		const { zendesk, braze } = account();
		brazeId = braze.createAnonymousSmsProfile(phone, { attributes: { first_name: 'Noor', last_name: 'Haddad' } }).braze_id;
		const answer = answerOf(await braze.textFromProfile(target(), { braze_id: brazeId }, { body: 'SUPPORT my card was charged twice', dispatchId: 'noor-1' }));
		expect(answer.action).toBe('created');
		ticket = zendesk.ticket(answer.ticketId)!;
		requesterId = ticket.requester_id;
		expect(ticket.tags).toContain(SMS_TAG);
		expect(zendesk.user(requesterId)).toMatchObject({ name: 'Noor Haddad', phone, external_id: `braze_id:${brazeId}`, user_fields: { braze_id: brazeId } });
		expect(zendesk.user(requesterId)?.user_fields.braze_external_id ?? null).toBeNull();
		expect(braze.profile({ braze_id: brazeId })?.attributes).toMatchObject({ zendesk_ticket: ticket.id, zendesk_ticket_open: true });
	}, 60_000);

	it("the agent's reply reaches that profile, addressed by braze_id", async () => {
		const { zendesk, braze, agent } = account();
		const reply = 'Sorry about that, Noor. The second charge is refunded.';
		zendesk.agentComment(ticket.id, { authorId: agent.id, body: reply });
		const [execution] = await settle(account(), 1);
		expect(triggerItem(execution)).toMatchObject({ ticketOpen: true, requester: { brazeId, brazeExternalId: null } });
		expect(lastSend()).toEqual([{ externalUserId: undefined, brazeId }]);
		expect(braze.sms.map((sms) => [sms.brazeId, sms.externalUserId, sms.phone, sms.campaignId, sms.text])).toEqual([
			[brazeId, null, phone, SANDBOX_CAMPAIGNS.reply, (await expectedSms(reply)).text],
		]);
	}, 60_000);

	it('solving the ticket sends that profile the closing SMS and marks the ticket closed in Braze', async () => {
		const { zendesk, braze } = account();
		zendesk.setStatus(ticket.id, 'solved');
		await settle(account(), 2);
		expect(lastSend()).toEqual([{ externalUserId: undefined, brazeId }]);
		expect(braze.sms.at(-1)).toMatchObject({ brazeId, campaignId: SANDBOX_CAMPAIGNS.closing, text: closingText() });
		expect(braze.profile({ braze_id: brazeId })?.attributes).toMatchObject({ zendesk_ticket: ticket.id, zendesk_ticket_open: false });
	}, 60_000);

	it('once Braze identifies the profile, the next SMS reopens the same ticket of the same Zendesk user, now under the external id', async () => {
		const { zendesk, braze, inbound } = account();
		expect(braze.identify(brazeId, laterExternalId)).toMatchObject({ merged: false });
		const answer = answerOf(await braze.textFromProfile(target(), { external_id: laterExternalId }, { body: 'I was charged again today', dispatchId: 'noor-2' }));
		expect(answer).toEqual({ ticketId: ticket.id, action: 'reopened' });
		// Braze's body named the customer both ways and said the ticket was closed.
		const [received] = await n8n.waitForExecutions(inbound.id, 2);
		expect(nodeJson(received, INBOUND_WEBHOOK_NODE)?.body).toMatchObject({
			external_id: laterExternalId,
			braze_id: brazeId,
			ticket_id: String(ticket.id),
			ticket_open: 'false',
		});
		expect(zendesk.ticket(ticket.id)).toMatchObject({ status: 'open', requester_id: requesterId });
		expect(zendesk.ticket(ticket.id)?.comments.at(-1)).toMatchObject({ author_id: requesterId, body: 'I was charged again today' });
		expect(zendesk.user(requesterId)).toMatchObject({
			external_id: laterExternalId,
			user_fields: { braze_external_id: laterExternalId, braze_id: brazeId },
		});
		expect(zendesk.users().filter((user) => user.phone === phone).map((user) => user.id)).toEqual([requesterId]);
		expect(zendesk.tickets().filter((candidate) => candidate.requester_id === requesterId)).toHaveLength(1);
		expect(braze.user(laterExternalId)?.attributes).toMatchObject({ zendesk_ticket: ticket.id, zendesk_ticket_open: true });
	}, 60_000);

	it("the next reply is addressed by the external id, to the same profile", async () => {
		const { zendesk, braze, agent } = account();
		const reply = 'Both charges are refunded now.';
		zendesk.agentComment(ticket.id, { authorId: agent.id, body: reply });
		const [execution] = await settle(account(), 3);
		expect(triggerItem(execution)).toMatchObject({ ticketOpen: true, requester: { brazeId, brazeExternalId: laterExternalId } });
		expect(lastSend()).toEqual([{ externalUserId: laterExternalId, brazeId: undefined }]);
		expect(braze.sms.at(-1)).toMatchObject({ brazeId, externalUserId: laterExternalId, phone, text: (await expectedSms(reply)).text });
		expect(braze.sms).toHaveLength(3);
	}, 60_000);
});

/** An agent's long answer, 10 kB: sentences with quotes, ampersands, percent signs and a line break now and then. */
function tenKilobyteReply(): string {
	const sentences: string[] = [];
	for (let n = 1; sentences.join(' ').length < 10_240; n++) sentences.push(`Step ${n}: press "OK" & wait 5% longer.${n % 10 === 0 ? '\n' : ''}`);
	return sentences.join(' ').slice(0, 10_240).trim();
}

const HOSTILE_REPLIES: Record<string, string> = {
	quotes: `She said "it's fine" and 'no worries' – “curly” ones too`,
	'line breaks': 'First line\nSecond line\n\nAfter a blank line\r\nand a Windows line end',
	tabs: 'Order\tQty\tPrice\nA-1\t2\t9.99',
	backslashes: 'Folder C:\\Users\\ana\\new, share \\\\files\\sms, pattern \\d+\\.\\d*',
	emoji: 'Merci 🙏🏽 see you soon 👋🏼 🇫🇷',
	'tag-like text': 'Click <b>Reset</b>, then <i>wait</i>; if 2 < 3 > 1 still holds, call us',
	'form-encoding characters': '50% off + free shipping & more: a=b&c=d; 100%25 sure? #7 ?q=1',
	'10 kB': tenKilobyteReply(),
};

describe('replies with hostile characters', () => {
	const account = freshAccount('hostile replies');

	afterEach(() => {
		const { escapeJsonPlaceholders, formEncodedPlacement } = TIDY_SETTINGS;
		account().zendesk.configure({ escapeJsonPlaceholders, formEncodedPlacement });
	});

	it.each([
		[true, 'body'],
		[false, 'body'],
		[true, 'query'],
		[false, 'query'],
	] as const)('arrive intact with placeholder JSON escaping %s and the form parameters in the %s', async (escapeJsonPlaceholders, formEncodedPlacement) => {
		const { zendesk, agent } = account();
		zendesk.configure({ escapeJsonPlaceholders, formEncodedPlacement });
		const customer = smsCustomer(account(), 'Lou Martin', '+15550188');
		let total = (await outboundRuns(account())).length;
		const arrived: Array<{ reply: string; comment: string; sms: string }> = [];
		const expected: typeof arrived = [];
		for (const [name, reply] of Object.entries(HOSTILE_REPLIES)) {
			zendesk.agentComment(customer.ticket.id, { authorId: agent.id, body: reply });
			const [execution] = await settle(account(), ++total);
			const sent = smsOf(account(), customer.externalId);
			arrived.push({ reply: name, comment: triggerItem(execution).comment.text, sms: sent.length === arrived.length + 1 ? sent[arrived.length].text : `${sent.length} SMS` });
			expected.push({ reply: name, comment: reply.trim(), sms: String((await expectedSms(reply)).text) });
		}
		expect(arrived).toEqual(expected);
		// The switch really applied: the pairs went where it says.
		const calls = zendesk.deliveries.filter((delivery) => delivery.ticketId === customer.ticket.id);
		expect(calls.map((call) => (call.body === '' ? new URL(call.url).searchParams.has('comment_text') && 'query' : 'body'))).toEqual(
			calls.map(() => formEncodedPlacement),
		);
		// The 10 kB reply was cut to Braze's 10 segments, with the wording around it kept.
		const [longest] = await outboundRuns(account());
		expect(nodeJson(longest, PARSE_NODE)?.sms).toMatchObject({ truncated: true, segments: 10 });
	}, 5 * 60_000);
});

describe('a reply submitted as solved', () => {
	const account = freshAccount('reply and solve in one update');

	afterEach(() => {
		account().zendesk.configure({ deliveryOrder: TIDY_SETTINGS.deliveryOrder });
	});

	it.each([
		['fired', ['agent reply, solving', 'ticket solved']],
		['reverse', ['ticket solved', 'agent reply, solving']],
	] as const)('with its two calls arriving in %s order: the reply and the closing SMS, and Braze ends with the ticket closed', async (deliveryOrder, calls) => {
		const { zendesk, braze, agent } = account();
		zendesk.configure({ deliveryOrder });
		const customer = smsCustomer(account(), 'Sam Okafor', '+15550199');
		const before = (await outboundRuns(account())).length;
		const reply = 'Refund issued: 12.50 EUR. I am closing this ticket.';
		zendesk.agentComment(customer.ticket.id, { authorId: agent.id, body: reply, status: 'solved' });
		const executions = await settle(account(), before + 2);
		const made = zendesk.deliveries.filter((delivery) => delivery.ticketId === customer.ticket.id);
		expect(made.map((delivery) => triggerKind(zendesk, delivery.triggerId))).toEqual(calls);
		expect(executions.slice(0, 2).map((execution) => triggerItem(execution).ticketOpen)).toEqual([false, false]);
		const received = smsOf(account(), customer.externalId).map((sms) => [sms.campaignId, sms.text]);
		expect(received).toEqual(
			expect.arrayContaining([
				[SANDBOX_CAMPAIGNS.reply, (await expectedSms(reply)).text],
				[SANDBOX_CAMPAIGNS.closing, closingText()],
			]),
		);
		expect(received).toHaveLength(2);
		expect(braze.user(customer.externalId)?.attributes).toMatchObject({ zendesk_ticket: customer.ticket.id, zendesk_ticket_open: false });
	}, 60_000);
});

describe('an account in French', () => {
	const account = freshAccount('French account', { locale: 'fr' });

	it('relays the reply and the closing SMS; the status label comes in French, for display only', async () => {
		const { zendesk, braze, agent } = account();
		const customer = smsCustomer(account(), 'Léa Girard', '+33612345678');
		const reply = "Bonjour Léa, votre colis est parti aujourd'hui.";
		zendesk.agentComment(customer.ticket.id, { authorId: agent.id, body: reply });
		const [replied] = await settle(account(), 1);
		expect(triggerItem(replied)).toMatchObject({ event: 'agentReply', ticketOpen: true, ticketStatus: 'Ouvert' });
		zendesk.setStatus(customer.ticket.id, 'solved', { actorId: agent.id });
		const [solved] = await settle(account(), 2);
		expect(triggerItem(solved)).toMatchObject({ event: 'ticketSolved', ticketOpen: false, ticketStatus: 'Résolu' });
		expect(smsOf(account(), customer.externalId).map((sms) => [sms.campaignId, sms.text])).toEqual([
			[SANDBOX_CAMPAIGNS.reply, (await expectedSms(reply)).text],
			[SANDBOX_CAMPAIGNS.closing, closingText()],
		]);
		expect(braze.user(customer.externalId)?.attributes).toMatchObject({ zendesk_ticket_open: false });
	}, 60_000);
});

describe('an account with 150 user fields of other apps', () => {
	const account = freshAccount('150 foreign user fields', { extraUserFields: 150 });
	const ours = () =>
		account()
			.zendesk.userFields()
			.map((field, position) => ({ key: field.key, position }))
			.filter((field) => field.key.startsWith('braze_'));
	const requests = (from: number) => account().zendesk.log.slice(from).filter((request) => request.path === '/api/v2/user_fields');
	const readPastPageOne = (from: number) => requests(from).some((request) => request.method === 'GET' && request.query['page[after]'] !== undefined);

	it('publishing creates braze_external_id and braze_id once each, after reading past the first page', () => {
		expect(ours()).toEqual([
			{ key: 'braze_external_id', position: 150 },
			{ key: 'braze_id', position: 151 },
		]);
		expect(requests(0).filter((request) => request.method === 'POST')).toHaveLength(2);
		expect(readPastPageOne(0)).toBe(true);
	});

	it('publishing again finds both past the first page and creates neither', async () => {
		const { zendesk, outbound } = account();
		const from = zendesk.log.length;
		await n8n.unpublishWorkflow(outbound.id);
		await eventually('the unpublished set-up', () => zendesk.triggers().length + zendesk.webhooks().length, (count) => count === 0);
		await n8n.publishWorkflow(outbound.id);
		await zendeskSetUp(zendesk, outbound.json);
		expect(readPastPageOne(from)).toBe(true);
		expect(requests(from).filter((request) => request.method === 'POST')).toEqual([]);
		expect(ours().map((field) => field.key)).toEqual(['braze_external_id', 'braze_id']);
	}, 60_000);

	it("relays a reply to the customer whose Braze ids sit in those fields", async () => {
		const { zendesk, outbound, agent } = account();
		await n8n.waitForWebhook(outbound.webhookPath(ZENDESK_TRIGGER_NODE));
		const customer = smsCustomer(account(), 'Ivo Novak', '+15550166');
		zendesk.agentComment(customer.ticket.id, { authorId: agent.id, body: 'Your account is unlocked.' });
		const [execution] = await settle(account(), 1);
		expect(triggerItem(execution)).toMatchObject({ requester: { brazeExternalId: customer.externalId, brazeId: customer.brazeId } });
		expect(smsOf(account(), customer.externalId)).toHaveLength(1);
	}, 60_000);
});

describe('publishing again', () => {
	const account = freshAccount('publishing again');
	/** What this workflow owns in Zendesk: its webhooks, and its triggers by kind. */
	const owned = () => {
		const { zendesk, outbound } = account();
		const triggers = zendesk.triggers().filter((trigger) => ownedBy(trigger.title, outbound.id));
		const webhooks = zendesk.webhooks().filter((webhook) => ownedBy(webhook.name, outbound.id));
		return { webhooks: webhooks.length, triggers: triggers.map((trigger) => trigger.title.split(' – ').pop()).sort() };
	};
	/** One webhook, and one trigger of each kind the node's events need. */
	const oneOfEach = () => {
		const { outbound } = account();
		const owner = { workflowId: outbound.id, workflowName: outbound.name };
		return { webhooks: 1, triggers: relayTriggerKeys(outbound.json).map((key) => triggerTitle(key, owner).split(' – ').pop()).sort() };
	};
	const unpublish = async () => {
		await n8n.unpublishWorkflow(account().outbound.id);
		await eventually("the workflow's set-up removed", owned, (left) => left.webhooks + left.triggers.length === 0);
	};
	const publish = async () => {
		const { zendesk, outbound } = account();
		await n8n.publishWorkflow(outbound.id);
		await eventually('one webhook and one trigger of each kind', owned, (made) => JSON.stringify(made) === JSON.stringify(oneOfEach()));
		await zendesk.idle();
	};

	it('publishing the published workflow again changes nothing in Zendesk', async () => {
		const { zendesk, outbound } = account();
		expect(owned()).toEqual(oneOfEach());
		const before = { webhooks: zendesk.webhooks(), triggers: zendesk.triggers() };
		await n8n.publishWorkflow(outbound.id);
		await zendesk.idle();
		expect({ webhooks: zendesk.webhooks(), triggers: zendesk.triggers() }).toEqual(before);
	}, 60_000);

	it('unpublishing and publishing again leaves one webhook and one trigger of each kind', async () => {
		await unpublish();
		await publish();
		expect(owned()).toEqual(oneOfEach());
	}, 60_000);

	it("a set-up cut short by a lost answer (Zendesk made a trigger n8n never heard of) says so in n8n's log and leaves nothing behind; publishing then sets up once", async () => {
		const { zendesk, outbound } = account();
		await unpublish();
		zendesk.faults.script([{ kind: 'reset', afterProcessing: true, method: 'POST', path: '/api/v2/triggers' }]);
		await n8n.publishWorkflow(outbound.id).catch(() => undefined);
		const failure = `Zendesk Relay Trigger: workflow ${outbound.id} gets no Zendesk events`;
		await eventually("n8n's log line of the failed set-up", () => readFileSync(n8n.connection.logFile!, 'utf8'), (log) => log.includes(failure));
		expect(zendesk.faults.injected.map((fault) => fault.path)).toEqual(['/api/v2/triggers']);
		await eventually('the half-made set-up removed', owned, (left) => left.webhooks + left.triggers.length === 0);
		await publish();
		expect(owned()).toEqual(oneOfEach());
	}, 60_000);

	// n8n stopped in the middle of a set-up, or the workflow's static data was lost: what that set-up made stays in
	// Zendesk with no record of it.
	it("publishing over an earlier set-up's leftovers at the same URL leaves one webhook and one trigger of each kind", async () => {
		const { zendesk, outbound } = account();
		await unpublish();
		const owner = { workflowId: outbound.id, workflowName: outbound.name };
		const api = zendeskClient(zendesk);
		const webhook = await api.post('/api/v2/webhooks', webhookRequest(outbound.webhookUrl(ZENDESK_TRIGGER_NODE), owner));
		const webhookId = String(webhook.data.webhook.id);
		for (const key of relayTriggerKeys(outbound.json).slice(0, 2)) {
			expect((await api.post('/api/v2/triggers', triggerRequest(key, webhookId, owner, SMS_TAG))).status).toBe(201);
		}
		const leftovers = { webhooks: [webhookId], triggers: zendesk.triggers().map((trigger) => trigger.id) };
		await publish();
		expect(owned()).toEqual(oneOfEach());
		expect(zendesk.webhooks().map((made) => made.id)).not.toContain(leftovers.webhooks[0]);
		expect(zendesk.triggers().map((made) => made.id).filter((id) => leftovers.triggers.includes(id))).toEqual([]);
	}, 60_000);

	// n8n registers the webhook URL, runs the trigger node's set-up, and saves the set-up record (the signing secret) only
	// once every Zendesk trigger exists. A trigger fires from the moment Zendesk saved it: here Zendesk answers the
	// trigger's creation late, and the agent replies in between, so the call arrives before n8n could read the secret.
	it('a reply made while publishing is under way is asked to wait (503), then texted once when Zendesk calls again', async () => {
		const { zendesk, outbound, agent } = account();
		await unpublish();
		const customer = smsCustomer(account(), 'Lee Park', '+15550166');
		const before = (await outboundRuns(account())).length;
		const replyTrigger = triggerTitle('agentReply', { workflowId: outbound.id, workflowName: outbound.name });
		zendesk.configure({ triggerAnswerLagMs: 2_000 });
		const publishing = n8n.publishWorkflow(outbound.id);
		while (!zendesk.triggers().some((trigger) => trigger.title === replyTrigger)) await new Promise((resolve) => setTimeout(resolve, 5));
		zendesk.agentComment(customer.ticket.id, { authorId: agent.id, body: 'Sorted while we set up.' });
		const delivery = () => zendesk.deliveries.find((made) => made.ticketId === customer.ticket.id);
		await eventually("the reply's first call answered", () => delivery()?.attempts.length ?? 0, (attempts) => attempts > 0);
		zendesk.configure({ triggerAnswerLagMs: 0 });
		await publishing;
		await zendesk.waitForWebhooks();
		const statuses = delivery()?.attempts.map((attempt) => attempt.status);
		expect(statuses?.[0]).toBe(503);
		expect(statuses?.at(-1)).toBe(200);
		await settle(account(), before + 1);
		expect(await outboundRuns(account())).toHaveLength(before + 1);
		expect(smsOf(account(), customer.externalId).map((sms) => sms.text)).toEqual([(await expectedSms('Sorted while we set up.')).text]);
	}, 60_000);

	it('a reply then starts one execution and sends one SMS', async () => {
		const { zendesk, outbound, agent } = account();
		await n8n.waitForWebhook(outbound.webhookPath(ZENDESK_TRIGGER_NODE));
		const customer = smsCustomer(account(), 'Rae Quinn', '+15550155');
		const before = (await outboundRuns(account())).length;
		zendesk.agentComment(customer.ticket.id, { authorId: agent.id, body: 'All set on our side.' });
		await settle(account(), before + 1);
		expect(zendesk.deliveries.filter((delivery) => delivery.ticketId === customer.ticket.id)).toHaveLength(1);
		expect(await outboundRuns(account())).toHaveLength(before + 1);
		expect(smsOf(account(), customer.externalId).map((sms) => sms.text)).toEqual([(await expectedSms('All set on our side.')).text]);
	}, 60_000);
});
