// Out-of-band routes for the sandbox and demos (another process playing the agent): `/__sim/...`, never Zendesk's API.
import { isObject, Router } from '../shared/http';
import type { AgentCommentInput, ZendeskSimulator } from './server';
import type { TicketStatus, ViaChannel } from './types';

export function zendeskControl(sim: ZendeskSimulator): Router {
	const id = (value: string) => Number(value);
	const input = (body: unknown) => (isObject(body) ? body : {});
	return new Router()
		.on('GET', '/__sim/state', () => ({
			status: 200,
			body: { tickets: sim.tickets(), users: sim.users(), webhooks: sim.webhooks(), triggers: sim.triggers(), deliveries: sim.deliveries },
		}))
		.on('POST', '/__sim/agents', (ctx) => ({ status: 201, body: { user: sim.createAgent(String(input(ctx.body).name ?? 'Agent')) } }))
		.on('POST', '/__sim/tickets/:id/agent_comment', (ctx) => ({
			status: 200,
			body: { ticket: sim.agentComment(id(ctx.params.id), input(ctx.body) as AgentCommentInput) },
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
