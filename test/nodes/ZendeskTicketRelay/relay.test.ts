// The relay's routing against a scripted Zendesk (the port), for what the simulator cannot show on its own: how the
// sideloaded requester saves the user call, and when the relay gives up on an unanswered update.
import {
	relayInbound,
	type InboundRelay,
	type UpdateOutcome,
	type ZendeskRelayPort,
	type ZendeskTicket,
	type ZendeskUser,
} from '../../../nodes/ZendeskTicketRelay/relay';

const MARIE: ZendeskUser = {
	id: 7,
	external_id: 'Braze-Marie',
	name: 'Marie',
	phone: '+33600000001',
	user_fields: { braze_external_id: 'braze-marie' },
};

function message(extra: Partial<InboundRelay> = {}): InboundRelay {
	return {
		brazeExternalId: 'braze-marie',
		message: 'Hello',
		mediaUrls: [],
		deliveryId: 'dispatch-1',
		name: '',
		phone: '',
		ticketIdHint: 42,
		options: { subject: '', tags: ['sms'], reopenSolved: true },
		...extra,
	};
}

/** A Zendesk with one open ticket 42 of `requester`; records the calls made. */
function zendesk(requester: ZendeskUser | undefined, update: () => UpdateOutcome) {
	const ticket: ZendeskTicket = { id: 42, status: 'open', requester_id: 7, external_id: null };
	const calls: string[] = [];
	const port: ZendeskRelayPort = {
		async ticketWithRequester() {
			calls.push('getTicket');
			return { ticket, requester };
		},
		async upsertEndUser() {
			calls.push('upsertUser');
			return MARIE;
		},
		async newestUnsolvedTicket() {
			calls.push('search');
			return undefined;
		},
		async updateTicket() {
			calls.push('updateTicket');
			return update();
		},
		async createTicket() {
			calls.push('createTicket');
			return { id: 43, status: 'new', requester_id: 7 };
		},
	};
	return { port, calls, ticket };
}

describe('relayInbound routing', () => {
	it('needs no user call when the sideloaded requester is the customer (external id compared without case)', async () => {
		const { port, calls, ticket } = zendesk(MARIE, () => ({ ticket: { id: 42, status: 'open', requester_id: 7 } }));
		const result = await relayInbound(port, message());
		expect(result).toEqual({ ticketId: ticket.id, action: 'commented', requesterId: 7, ticketStatus: 'open' });
		expect(calls).toEqual(['getTicket', 'updateTicket']);
	});

	it('asks Zendesk for the user when the ticket comes without its requester, and still uses the hint if it is theirs', async () => {
		const { port, calls } = zendesk(undefined, () => ({ ticket: { id: 42, status: 'open', requester_id: 7 } }));
		const result = await relayInbound(port, message());
		expect(result.action).toBe('commented');
		expect(calls).toEqual(['getTicket', 'upsertUser', 'updateTicket']);
	});

	it('rechecks an unanswered update a bounded number of times, then reports the failure', async () => {
		const failure = new Error('no answer (ETIMEDOUT)');
		const { port, calls } = zendesk(MARIE, () => ({ unconfirmed: failure }));
		await expect(relayInbound(port, message())).rejects.toBe(failure);
		expect(calls.filter((call) => call === 'updateTicket')).toHaveLength(3);
		expect(calls.filter((call) => call === 'createTicket')).toHaveLength(0);
	});
});
