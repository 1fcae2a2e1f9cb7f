// POST /campaigns/trigger/send: API-triggered campaigns, at most 50 recipients, each SMS rendered from the campaign's
// Liquid with the request's trigger properties (a recipient's own properties win).
// GET /campaigns/list: every campaign, 100 per page, oldest first unless `sort_direction=desc`.
import { randomBytes } from 'node:crypto';

import { isObject, type Router, type SimResponse } from '../shared/http';
import { badRequest } from './errors';
import { identifierFields, identifierOf, oneOf, RECIPIENT_ID_FIELDS } from './identifiers';
import { renderBrazeLiquid } from './liquid';
import type { BrazeContext, BrazeStore } from './store';
import type { BrazeCampaign, BrazeRecipient, BrazeSend, UserIdentifier } from './types';

export const RECIPIENT_LIMIT = 50;
export const CAMPAIGN_PAGE_SIZE = 100;

function optionalObject(value: unknown, name: string): Record<string, unknown> | undefined {
	if (value === undefined || value === null) return undefined;
	if (!isObject(value)) badRequest(`'${name}' must be an object`);
	return value;
}

function validateRecipient(value: unknown, index: number): BrazeRecipient {
	if (!isObject(value)) badRequest(`recipients[${index}] must be an object`);
	const ids = identifierFields(value, RECIPIENT_ID_FIELDS);
	if (ids.length !== 1) {
		badRequest(`Each recipient needs exactly one of ${oneOf(RECIPIENT_ID_FIELDS)}`, [
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
	if (campaign?.kind !== 'api-triggered') {
		badRequest('Invalid campaign_id', [`campaign ${body.campaign_id} does not exist or is not API-triggered`]);
	}
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

/** Who each recipient is; a broadcast goes to every profile. */
function targets(store: BrazeStore, send: BrazeSend): Array<{ identifier: UserIdentifier; recipient: BrazeRecipient }> {
	if (send.broadcast) return [...store.profiles.keys()].map((brazeId) => ({ identifier: { braze_id: brazeId }, recipient: {} }));
	return send.recipients.map((recipient) => {
		const [field] = identifierFields(recipient as Record<string, unknown>, RECIPIENT_ID_FIELDS);
		return { identifier: identifierOf(recipient as Record<string, unknown>, field), recipient };
	});
}

function deliver(store: BrazeStore, send: BrazeSend, campaign: BrazeCampaign, shared: Record<string, unknown>) {
	for (const { identifier, recipient } of targets(store, send)) {
		const profile = recipient.send_to_existing_only === false ? store.findOrCreate(identifier) : store.find(identifier);
		if (!profile) {
			send.skipped.push({ identifier, reason: `no profile with this ${Object.keys(identifier)[0]}` });
			continue;
		}
		// Attributes given with the send are written before the message renders, so it sees them at once.
		if (recipient.attributes) store.writeAttributes(profile, recipient.attributes);
		const text = renderBrazeLiquid(campaign.template, {
			externalId: profile.external_id,
			brazeId: profile.braze_id,
			attributes: store.liquidAttributes(profile),
			triggerProperties: { ...shared, ...recipient.trigger_properties },
		});
		store.sms.push({
			externalUserId: profile.external_id ?? null,
			brazeId: profile.braze_id,
			campaignId: campaign.id,
			dispatchId: send.dispatchId,
			text,
			phone: typeof profile.attributes.phone === 'string' ? profile.attributes.phone : null,
			at: send.at,
		});
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

function listCampaigns(ctx: BrazeContext): SimResponse {
	const { page = '0', include_archived: includeArchived, sort_direction: sortDirection } = ctx.query;
	if (!/^\d+$/.test(page)) badRequest("'page' must be a non-negative integer");
	const all = [...ctx.store.campaigns.values()].filter((campaign) => includeArchived === 'true' || !campaign.archived);
	if (sortDirection === 'desc') all.reverse();
	const start = Number(page) * CAMPAIGN_PAGE_SIZE;
	const campaigns = all.slice(start, start + CAMPAIGN_PAGE_SIZE).map((campaign) => ({
		id: campaign.id,
		last_edited: campaign.last_edited,
		name: campaign.name,
		is_api_campaign: campaign.kind === 'api',
		tags: campaign.tags,
	}));
	return { status: 200, body: { message: 'success', campaigns } };
}

export function registerCampaignRoutes(router: Router<BrazeContext>): void {
	router.on('POST', '/campaigns/trigger/send', triggerSend);
	router.on('GET', '/campaigns/list', listCampaigns);
}
