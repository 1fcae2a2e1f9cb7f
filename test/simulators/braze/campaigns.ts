// POST /campaigns/trigger/send: API-triggered campaigns, at most 50 recipients, each SMS rendered from the campaign's
// Liquid with the request's trigger properties (a recipient's own properties win).
import { randomBytes } from 'node:crypto';

import { isObject, type Router, type SimResponse } from '../shared/http';
import { badRequest } from './errors';
import { renderBrazeLiquid } from './liquid';
import type { BrazeContext, BrazeStore } from './store';
import type { BrazeCampaign, BrazeRecipient, BrazeSend } from './types';

export const RECIPIENT_LIMIT = 50;

const RECIPIENT_IDS = ['external_user_id', 'user_alias', 'email'] as const;

function optionalObject(value: unknown, name: string): Record<string, unknown> | undefined {
	if (value === undefined || value === null) return undefined;
	if (!isObject(value)) badRequest(`'${name}' must be an object`);
	return value;
}

function validateRecipient(value: unknown, index: number): BrazeRecipient {
	if (!isObject(value)) badRequest(`recipients[${index}] must be an object`);
	const ids = RECIPIENT_IDS.filter((id) => value[id] !== undefined && value[id] !== null);
	if (ids.length !== 1) {
		badRequest('Each recipient needs exactly one of external_user_id, user_alias or email', [
			`recipients[${index}] has ${ids.length ? ids.join(' and ') : 'no identifier'}`,
		]);
	}
	optionalObject(value.trigger_properties, `recipients[${index}].trigger_properties`);
	const attributes = optionalObject(value.attributes, `recipients[${index}].attributes`);
	if (value.send_to_existing_only === false && !attributes) {
		badRequest("'attributes' are required when 'send_to_existing_only' is false", [
			`recipients[${index}] has send_to_existing_only false and no attributes`,
		]);
	}
	return value as BrazeRecipient;
}

function validate(store: BrazeStore, body: unknown): { campaign: BrazeCampaign; recipients: BrazeRecipient[]; broadcast: boolean } {
	if (!isObject(body)) badRequest('Malformed request: the body must be a JSON object');
	if (typeof body.campaign_id !== 'string' || body.campaign_id === '') badRequest("Missing or invalid 'campaign_id'");
	const campaign = store.campaigns.get(body.campaign_id);
	if (!campaign) badRequest('Invalid campaign_id', [`campaign ${body.campaign_id} does not exist or is not API-triggered`]);
	optionalObject(body.trigger_properties, 'trigger_properties');
	const broadcast = body.broadcast === true;
	if (body.recipients !== undefined && !Array.isArray(body.recipients)) badRequest("'recipients' must be an array");
	const list = (body.recipients as unknown[] | undefined) ?? [];
	if (broadcast && list.length > 0) badRequest("'broadcast' must be false when 'recipients' are given");
	if (!broadcast && list.length === 0 && body.audience === undefined) {
		badRequest('No recipients: give recipients, an audience, or broadcast true');
	}
	if (list.length > RECIPIENT_LIMIT) {
		badRequest(`Too many recipients: at most ${RECIPIENT_LIMIT} per request`, [`${list.length} recipients given`]);
	}
	return { campaign, recipients: list.map(validateRecipient), broadcast };
}

function dispatchId(): string {
	return randomBytes(18).toString('base64url');
}

function deliver(store: BrazeStore, send: BrazeSend, campaign: BrazeCampaign, shared: Record<string, unknown>) {
	const targets: BrazeRecipient[] = send.broadcast
		? [...store.profiles.keys()].map((id) => ({ external_user_id: id }))
		: send.recipients;
	for (const recipient of targets) {
		const externalId = recipient.external_user_id;
		if (externalId === undefined) {
			send.skipped.push({ reason: 'only external_user_id recipients are simulated' });
			continue;
		}
		const create = recipient.send_to_existing_only === false;
		const profile = recipient.attributes
			? store.writeAttributes(externalId, recipient.attributes, create)
			: store.profiles.get(externalId);
		if (!profile) {
			send.skipped.push({ externalUserId: externalId, reason: 'no profile with this external_id' });
			continue;
		}
		const triggerProperties = { ...shared, ...recipient.trigger_properties };
		const text = renderBrazeLiquid(campaign.template, { externalId, attributes: profile.attributes, triggerProperties });
		const phone = typeof profile.attributes.phone === 'string' ? profile.attributes.phone : null;
		store.sms.push({ externalUserId: externalId, campaignId: campaign.id, dispatchId: send.dispatchId, text, phone, at: send.at });
	}
}

function triggerSend(ctx: BrazeContext): SimResponse {
	const { campaign, recipients, broadcast } = validate(ctx.store, ctx.body);
	const body = ctx.body as Record<string, unknown>;
	const send: BrazeSend = {
		dispatchId: dispatchId(),
		campaign_id: campaign.id,
		send_id: typeof body.send_id === 'string' ? body.send_id : undefined,
		broadcast,
		recipients,
		body,
		at: ctx.store.nowIso(),
		skipped: [],
	};
	ctx.store.sends.push(send);
	deliver(ctx.store, send, campaign, (body.trigger_properties as Record<string, unknown> | undefined) ?? {});
	return { status: 201, body: { dispatch_id: send.dispatchId, message: 'success' } };
}

export function registerCampaignRoutes(router: Router<BrazeContext>): void {
	router.on('POST', '/campaigns/trigger/send', triggerSend);
}
