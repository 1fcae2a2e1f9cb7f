// The call Zendesk makes for an agent's public reply, built as the Zendesk simulator's trigger engine builds it: the
// Zendesk Relay Trigger's form parameters rendered for one ticket, URL-encoded as URLSearchParams writes them, signed
// with the webhook's secret, with Zendesk's headers (test/bench/lib/zendeskCall.test.ts compares the two). The outbound
// bench sends it itself, so its clock starts when the call leaves rather than when an agent's update is saved.
import { triggerParameters } from '../../nodes/ZendeskRelayTrigger/triggerDefinitions';
import { webhookHeaders } from '../../test/simulators/zendesk/signature';

export interface AgentReply {
	ticketId: number;
	/** As Zendesk renders `{{ticket.status}}`: the label, e.g. "Open". */
	ticketStatus: string;
	requester: { id: number; externalId: string; brazeExternalId: string; brazeId: string; name: string; phone: string };
	comment: { text: string; author: string };
}

/** What each placeholder parameter of the agent-reply trigger renders to for this reply. */
function renderedValues(reply: AgentReply): Record<string, string> {
	const { requester, comment } = reply;
	return {
		ticket_id: String(reply.ticketId),
		ticket_status: reply.ticketStatus,
		requester_id: String(requester.id),
		requester_external_id: requester.externalId,
		braze_external_id: requester.brazeExternalId,
		braze_id: requester.brazeId,
		requester_name: requester.name,
		requester_phone: requester.phone,
		comment_text: comment.text,
		comment_author: comment.author,
	};
}

/** The form body; throws when the trigger gained a placeholder parameter this bench does not render. */
export function agentReplyForm(reply: AgentReply): string {
	const values = renderedValues(reply);
	const pairs = triggerParameters('agentReply').map(([key, template]): [string, string] => {
		if (!/\{\{|\{%/.test(template)) return [key, template];
		const value = values[key];
		if (value === undefined) throw new Error(`zendeskCall: no rendered value for the trigger parameter "${key}"`);
		return [key, value];
	});
	return new URLSearchParams(pairs).toString();
}

export interface ZendeskWebhookIdentity {
	webhookId: string;
	signingSecret: string;
	accountId: number;
}

/** Zendesk's headers for one call, signed now; every call needs its own invocation id. */
export function zendeskCallHeaders(body: string, webhook: ZendeskWebhookIdentity, invocationId: string): Record<string, string> {
	return {
		'Content-Type': 'application/x-www-form-urlencoded',
		...webhookHeaders({
			url: '',
			body,
			secret: webhook.signingSecret,
			webhookId: webhook.webhookId,
			accountId: webhook.accountId,
			invocationId,
		}),
	};
}
