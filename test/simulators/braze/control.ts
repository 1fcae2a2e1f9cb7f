// Out-of-band routes for the sandbox and demos: `/__sim/...`, never Braze's API.
import { isObject, Router } from '../shared/http';
import type { InboundSms, InboundTarget, RetryOptions } from './inboundSms';
import type { BrazeSimulator } from './server';

export function brazeControl(sim: BrazeSimulator): Router {
	const input = (body: unknown) => (isObject(body) ? body : {});
	return new Router()
		.on('GET', '/__sim/state', () => ({
			status: 200,
			body: { sms: sim.sms, sends: sim.sends, profiles: [...sim.store.profiles.values()] },
		}))
		.on('POST', '/__sim/users', (ctx) => {
			const { external_id: externalId, attributes } = input(ctx.body);
			return { status: 201, body: { user: sim.createUser(String(externalId), isObject(attributes) ? attributes : {}) } };
		})
		.on('POST', '/__sim/inbound_sms', async (ctx) => {
			const { target, sms, retry } = input(ctx.body);
			const attempts = await sim.sendInboundSms(target as InboundTarget, sms as InboundSms, retry as RetryOptions | undefined);
			return { status: 200, body: { attempts } };
		})
		.on('POST', '/__sim/reset', () => {
			sim.reset();
			return { status: 204 };
		});
}
