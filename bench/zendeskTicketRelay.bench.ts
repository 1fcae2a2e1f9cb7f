// Zendesk calls per inbound message on each path of the Zendesk Ticket Relay, counted from the log of a Zendesk
// simulator this bench starts, the node running in-process as n8n runs it. Calls are what Zendesk's rate limits count
// (200–700 per minute per account), so they bound the messages per minute a brand can relay.
import type { IDataObject } from 'n8n-workflow';

import { startZendeskSimulator, type SimTicket, type SimUser, type ZendeskSimulator } from '../test/simulators/zendesk';
import { createMarie, inbound, MARIE, RELAY_USER_FIELDS, resetZendesk, runRelay, seedConversation } from '../test/nodes/ZendeskTicketRelay/relayRun';
import type { BenchFigure } from './run';

/**
 * Who the customer is: known to Braze by external id (and braze_id); known by phone only (braze_id, no external id);
 * or met by phone only, Zendesk naming them `braze_id:<id>`, and now known to Braze by external id too.
 */
type Customer = 'identified' | 'phoneOnly' | 'identifiedLater';

interface Scenario {
	name: string;
	goal?: string;
	customer?: Customer;
	/** The ticket the customer already has, if any (its id becomes the hint unless `hint` is false). */
	existing?: SimTicket['status'];
	hint?: boolean;
	message?: string;
	/** Relay the same delivery first, then measure its retry. */
	retry?: boolean;
}

const SCENARIOS: Scenario[] = [
	{ name: 'calls per message: new customer → created', goal: '≤ 4', hint: false },
	{ name: 'calls per message: new customer known by phone only → created', goal: '≤ 3', customer: 'phoneOnly', hint: false },
	{ name: 'calls per message: open ticket, hinted → commented', goal: '≤ 2', existing: 'open' },
	{ name: 'calls per message: open ticket, no hint → commented', goal: '≤ 4', existing: 'open', hint: false },
	{ name: 'calls per message: phone only, open ticket, hinted → commented', goal: '≤ 2', customer: 'phoneOnly', existing: 'open' },
	{ name: 'calls per message: identified after phone only, hinted → commented', goal: '≤ 3', customer: 'identifiedLater', existing: 'open' },
	{
		name: 'calls per message: identified after phone only, no hint → commented',
		goal: '≤ 4',
		customer: 'identifiedLater',
		existing: 'open',
		hint: false,
	},
	{ name: 'calls per message: solved ticket, hinted → reopened', goal: '≤ 2', existing: 'solved' },
	{ name: 'calls per message: closed ticket, hinted → followUp', goal: '≤ 3', existing: 'closed' },
	{ name: 'calls per message: keyword → ignored', goal: '0', message: 'STOP' },
	{ name: 'calls per message: retried delivery, hinted → nothing added', goal: '≤ 2', existing: 'open', retry: true },
	{ name: 'calls per message: retried delivery, no hint → nothing added', goal: '≤ 3', hint: false, retry: true },
];

/** Messages relayed per scenario; the figure is their mean (every run of a path costs the same, so this checks it). */
const MESSAGES = 20;

/** The customer as Zendesk knows them before the message. */
function seedCustomer(sim: ZendeskSimulator, customer: Customer): SimUser {
	if (customer === 'identified') return createMarie(sim);
	const { braze_id: brazeId, name, phone } = MARIE;
	return sim.createEndUser({ external_id: `braze_id:${brazeId}`, name, phone, user_fields: { braze_id: brazeId } });
}

async function callsPerMessage(sim: ZendeskSimulator, scenario: Scenario): Promise<number> {
	const customer = scenario.customer ?? 'identified';
	let calls = 0;
	for (let n = 0; n < MESSAGES; n++) {
		resetZendesk(sim);
		const agent = sim.createAgent('Bench Agent');
		const item: IDataObject = inbound(scenario.message ?? `message ${n}`, customer === 'phoneOnly' ? { external_id: '' } : {});
		if (scenario.existing) {
			const ticket = seedConversation(sim, seedCustomer(sim, customer), agent, scenario.existing);
			if (scenario.hint !== false) item.ticket_id = String(ticket.id);
		}
		if (scenario.retry) await runRelay(sim, [item]);
		const run = await runRelay(sim, [item]);
		if (run.error) throw new Error(`${scenario.name}: ${run.error}`);
		calls += run.calls.length;
	}
	return calls / MESSAGES;
}

export async function run(): Promise<BenchFigure[]> {
	const sim = await startZendeskSimulator({ userFields: RELAY_USER_FIELDS, rateLimit: false, ticketUpdateLimit: false });
	try {
		const figures: BenchFigure[] = [];
		for (const scenario of SCENARIOS) {
			figures.push({ name: scenario.name, value: await callsPerMessage(sim, scenario), unit: 'calls', goal: scenario.goal });
		}
		return figures;
	} finally {
		await sim.close();
	}
}
