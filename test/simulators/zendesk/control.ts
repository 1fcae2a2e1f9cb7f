// Out-of-band routes for the sandbox, demos and end-to-end tests (another process playing the agent, the customer's
// e-mail, or switching the account's realism): `/__sim/...`, never Zendesk's API. Documented in docs/simulators.md.
import { isObject, Router } from '../shared/http';
import { parseSettings } from './config';
import type { AgentCommentInput, EmailTicketInput, TagChange, ZendeskSimulator } from './server';
import type { TicketStatus, ViaChannel } from './types';

export function zendeskControl(sim: ZendeskSimulator): Router {
	const id = (value: string) => Number(value);
	const input = (body: unknown) => (isObject(body) ? body : {});
	return new Router()
		.on('GET', '/__sim/state', () => ({
			status: 200,
			body: {
				config: sim.config,
				tickets: sim.tickets(),
				users: sim.users(),
				webhooks: sim.webhooks(),
				triggers: sim.triggers(),
				deliveries: sim.deliveries,
			},
		}))
		.on('GET', '/__sim/config', () => ({ status: 200, body: { config: sim.config } }))
		.on('POST', '/__sim/config', (ctx) => ({ status: 200, body: { config: sim.configure(parseSettings(ctx.body)) } }))
		.on('POST', '/__sim/agents', (ctx) => ({ status: 201, body: { user: sim.createAgent(String(input(ctx.body).name ?? 'Agent')) } }))
		.on('POST', '/__sim/tickets/email', (ctx) => ({ status: 201, body: sim.emailTicket(input(ctx.body) as unknown as EmailTicketInput) }))
		.on('POST', '/__sim/tickets/:id/agent_comment', (ctx) => ({
			status: 200,
			body: { ticket: sim.agentComment(id(ctx.params.id), input(ctx.body) as AgentCommentInput) },
		}))
		.on('POST', '/__sim/tickets/:id/tags', (ctx) => ({
			status: 200,
			body: { ticket: sim.tagTicket(id(ctx.params.id), input(ctx.body) as TagChange & { authorId?: number }) },
		}))
		.on('POST', '/__sim/tickets/:id/status', (ctx) => {
			const { status, via } = input(ctx.body);
			return { status: 200, body: { ticket: sim.setStatus(id(ctx.params.id), status as TicketStatus, { via: via as ViaChannel | undefined }) } };
		})
		.on('POST', '/__sim/reset', () => {
			sim.reset();
			return { status: 204 };
		});
}
