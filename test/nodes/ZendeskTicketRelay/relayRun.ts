// Shared by the Zendesk Ticket Relay tests and its bench: the node in a workflow, run in-process against the Zendesk
// simulator, and the conversations a test starts from.
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { forgetConversations } from '../../../nodes/ZendeskTicketRelay/actions/relayInbound.operation';
import { runWorkflow, type WorkflowJson } from '../../harness/inProcess';
import { singleNodeWorkflow } from '../../harness/singleNode';
import type { SimTicket, SimUser, ZendeskSimulator } from '../../simulators/zendesk';

export const MARIE = {
	external_id: 'braze-marie',
	name: 'Marie Curie',
	phone: '+33612345678',
};

/**
 * An empty Zendesk, and a relay that has not seen any conversation yet (as after an n8n restart): the relay paces each
 * customer's ticket updates across executions, which would otherwise carry over from one test's Zendesk to the next.
 */
export function resetZendesk(sim: ZendeskSimulator): void {
	sim.reset();
	forgetConversations();
}

/** Marie as Zendesk knows her once the relay (or an agent) has created her. */
export function createMarie(sim: ZendeskSimulator): SimUser {
	return sim.createEndUser({ ...MARIE, user_fields: { braze_external_id: MARIE.external_id } });
}

/** An inbound SMS as Braze's webhook campaign sends it; its delivery id is derived from the text unless given. */
export function inbound(message: string, extra: IDataObject = {}): IDataObject {
	return { ...MARIE, message, delivery_id: `dispatch-${message}`, ...extra };
}

/** Manual Trigger → Zendesk Ticket Relay, its parameters mapped from the item as the shipped workflow maps the webhook body. */
export function relayWorkflow(options: IDataObject = {}, node: Partial<INode> = {}): WorkflowJson {
	return singleNodeWorkflow(
		'Relay',
		'zendeskTicketRelay',
		{
			operation: 'relayInbound',
			brazeExternalId: '={{ $json.external_id }}',
			message: '={{ $json.message }}',
			name: '={{ $json.name }}',
			phone: '={{ $json.phone }}',
			ticketId: '={{ $json.ticket_id }}',
			mediaUrls: '={{ $json.media_urls }}',
			options: { deliveryId: '={{ $json.delivery_id }}', ...options } as INodeParameters,
		},
		node,
	);
}

export interface RelayOptions {
	/** The node's `options` collection (subject, tags, reopenSolved, deliveryId). */
	options?: IDataObject;
	/** Node settings, e.g. `onError`. */
	node?: Partial<INode>;
}

export interface RelayRun {
	json: IDataObject[];
	pairedItems: unknown[];
	error?: string;
	/** `METHOD /path` of each Zendesk request the run made, from the simulator's log. */
	calls: string[];
}

/** One execution with these items: one Braze webhook delivery per run. */
export async function runRelay(sim: ZendeskSimulator, items: IDataObject[], { options, node }: RelayOptions = {}): Promise<RelayRun> {
	const first = sim.log.length;
	const run = await runWorkflow(relayWorkflow(options, node), { credentials: { zendeskRelayApi: sim.credentials }, items });
	await sim.idle();
	const output = run.output('Relay');
	return {
		json: output.map((item) => item.json),
		pairedItems: output.map((item) => item.pairedItem),
		error: run.error?.message,
		calls: sim.log.slice(first).map((request) => `${request.method} ${request.path}`),
	};
}

/** A conversation as agents leave it: the customer's first message, an agent's public reply, then the status. */
export function seedConversation(sim: ZendeskSimulator, requester: SimUser, agent: SimUser, status: SimTicket['status']): SimTicket {
	const ticket = sim.createTicket({
		requester_id: requester.id,
		subject: `SMS from ${requester.name}`,
		comment: { body: 'My parcel has not arrived', author_id: requester.id },
		tags: ['sms'],
	});
	sim.agentComment(ticket.id, { authorId: agent.id, body: 'Sorry! Let me check.', status: 'open' });
	if (status === 'closed') sim.setStatus(ticket.id, 'solved');
	if (status !== 'open') sim.setStatus(ticket.id, status);
	return ticket;
}
