// Shared by the Zendesk Ticket Relay tests and its bench: the node in a workflow, run in-process against the Zendesk
// simulator, and the conversations a test starts from.
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { forgetConversations } from '../../../nodes/ZendeskTicketRelay/actions/relayInbound.operation';
import { runWorkflow, type WorkflowJson } from '../../harness/inProcess';
import { singleNodeWorkflow } from '../../harness/singleNode';
import type { SimTicket, SimUser, ZendeskSimulator } from '../../simulators/zendesk';

/** A customer as Braze's inbound webhook names her: her external id and her braze_id (Braze always has one). */
export const MARIE = {
	external_id: 'braze-marie',
	braze_id: '65a1b2c3d4e5f60718293a4b',
	name: 'Marie Curie',
	phone: '+33612345678',
};

/** The user fields the relay writes; an account set up by the Zendesk Relay Trigger has both. */
export const RELAY_USER_FIELDS = ['braze_external_id', 'braze_id'];

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
	const { external_id, braze_id, name, phone } = MARIE;
	return sim.createEndUser({ external_id, name, phone, user_fields: { braze_external_id: external_id, braze_id } });
}

/**
 * An inbound SMS as Braze's webhook campaign sends it, from Marie; its delivery id is derived from the text unless
 * given. `{ external_id: '' }` makes it a message from a customer Braze knows by phone only.
 */
export function inbound(message: string, extra: IDataObject = {}): IDataObject {
	return { ...MARIE, message, delivery_id: `dispatch-${message}`, ...extra };
}

/** Manual Trigger → Zendesk Ticket Relay, its parameters mapped from the item as the shipped workflow maps the webhook body. */
export function relayWorkflow(options: IDataObject = {}, node: Partial<INode> = {}, media: IDataObject = {}): WorkflowJson {
	return singleNodeWorkflow(
		'Relay',
		'zendeskTicketRelay',
		{
			operation: 'relayInbound',
			brazeExternalId: '={{ $json.external_id }}',
			brazeId: '={{ $json.braze_id }}',
			message: '={{ $json.message }}',
			name: '={{ $json.name }}',
			phone: '={{ $json.phone }}',
			ticketId: '={{ $json.ticket_id }}',
			mediaUrls: '={{ $json.media_urls }}',
			media: media as INodeParameters,
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
	/** The node's `media` collection (attachFiles, ...). */
	media?: IDataObject;
}

export interface RelayRun {
	json: IDataObject[];
	pairedItems: unknown[];
	error?: string;
	/** `METHOD /path` of each Zendesk request the run made, from the simulator's log. */
	calls: string[];
}

/** One execution with these items: one Braze webhook delivery per run. */
export async function runRelay(sim: ZendeskSimulator, items: IDataObject[], { options, node, media }: RelayOptions = {}): Promise<RelayRun> {
	const first = sim.log.length;
	const run = await runWorkflow(relayWorkflow(options, node, media), { credentials: { zendeskRelayApi: sim.credentials }, items });
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
