// Out-of-band routes for the sandbox and demos: `/__sim/...`, never Braze's API.
//   GET  /__sim/state                               profiles, sends, SMS outbox, settings
//   POST /__sim/settings {attributeDelayMs}         change the /users/track propagation delay
//   POST /__sim/users {external_id, attributes}     create or update an identified profile
//   POST /__sim/users/anonymous {phone, attributes?, phone_alias?}   an anonymous SMS profile (phone only)
//   POST /__sim/users/:braze_id/identify {external_id}               Braze identifies it later
//   POST /__sim/inbound_sms {target, sms, retry?}   the webhook campaign for a profile described field by field
//   POST /__sim/inbound_sms {target, from: {braze_id | external_id | phone}, message, media_urls?, dispatch_id?, retry?}
//                                                   … for a profile of this workspace, as Liquid sees it now
//   POST /__sim/reset
import { isObject, Router, type SimResponse } from '../shared/http';
import type { InboundSms, InboundTarget, RetryOptions } from './inboundSms';
import type { BrazeSimulator } from './server';
import type { UserIdentifier } from './types';

const input = (body: unknown) => (isObject(body) ? body : {});

/** A control call the simulator refuses (unknown profile, bad value) answers 400 with the reason. */
function refused(action: () => SimResponse): SimResponse {
	try {
		return action();
	} catch (error) {
		return { status: 400, body: { error: (error as Error).message } };
	}
}

async function inboundSms(sim: BrazeSimulator, body: Record<string, unknown>): Promise<SimResponse> {
	const { target, sms, from, message, media_urls: mediaUrls, dispatch_id: dispatchId, retry } = body;
	if (isObject(from) && !sim.profile(from as UserIdentifier)) {
		return { status: 400, body: { error: `No profile with ${JSON.stringify(from)}` } };
	}
	const attempts = isObject(from)
		? await sim.textFromProfile(
				target as InboundTarget,
				from as UserIdentifier,
				{ body: String(message ?? ''), mediaUrls: mediaUrls as string[] | undefined, dispatchId: dispatchId as string | undefined },
				retry as RetryOptions | undefined,
			)
		: await sim.sendInboundSms(target as InboundTarget, sms as InboundSms, retry as RetryOptions | undefined);
	return { status: 200, body: { attempts } };
}

export function brazeControl(sim: BrazeSimulator): Router {
	const settings = () => ({ attributeDelayMs: sim.attributeDelayMs });
	return new Router()
		.on('GET', '/__sim/state', () => ({
			status: 200,
			body: { sms: sim.sms, sends: sim.sends, profiles: [...sim.store.profiles.values()], settings: settings() },
		}))
		.on('POST', '/__sim/settings', (ctx) =>
			refused(() => {
				const { attributeDelayMs } = input(ctx.body);
				if (attributeDelayMs !== undefined) sim.attributeDelayMs = Number(attributeDelayMs);
				return { status: 200, body: settings() };
			}),
		)
		.on('POST', '/__sim/users', (ctx) => {
			const { external_id: externalId, attributes } = input(ctx.body);
			return { status: 201, body: { user: sim.createUser(String(externalId), isObject(attributes) ? attributes : {}) } };
		})
		.on('POST', '/__sim/users/anonymous', (ctx) =>
			refused(() => {
				const { phone, attributes, phone_alias: phoneAlias } = input(ctx.body);
				if (typeof phone !== 'string' || phone === '') throw new Error('phone is required');
				const user = sim.createAnonymousSmsProfile(phone, { attributes: isObject(attributes) ? attributes : {}, phoneAlias: phoneAlias === true });
				return { status: 201, body: { user } };
			}),
		)
		.on('POST', '/__sim/users/:braze_id/identify', (ctx) =>
			refused(() => {
				const { external_id: externalId } = input(ctx.body);
				if (typeof externalId !== 'string' || externalId === '') throw new Error('external_id is required');
				const { profile, merged } = sim.identify(ctx.params.braze_id, externalId);
				return { status: 200, body: { user: profile, merged } };
			}),
		)
		.on('POST', '/__sim/inbound_sms', async (ctx) => await inboundSms(sim, input(ctx.body)))
		.on('POST', '/__sim/reset', () => {
			sim.reset();
			return { status: 204 };
		});
}
