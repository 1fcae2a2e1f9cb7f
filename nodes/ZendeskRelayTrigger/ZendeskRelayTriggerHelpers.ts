// The Zendesk side of the Zendesk Relay Trigger's lifecycle (webhookMethods): setting up, checking and removing the
// webhook and triggers when the workflow is published and unpublished. Receiving a delivery is in delivery.ts.
// The set-up record lives in the workflow's static data, written only here, so it is the same on every n8n process.
import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/retryPolicy';
import { vendorRequest } from '../shared/transport';
import { VendorRequestError } from '../shared/vendorError';
import { filterZendeskList, findInZendeskList } from '../shared/zendeskPagination';
import {
	BRAZE_USER_FIELDS,
	DEFAULT_SMS_TAG,
	RELAY_EVENTS,
	normalizeTag,
	ownedBy,
	triggerRequest,
	triggersFor,
	webhookRequest,
	type RelayEvent,
	type SetupOwner,
	type ZendeskTriggerKey,
} from './triggerDefinitions';

/** Bumped when what the set-up creates changes shape, so an older set-up is replaced at the next activation. */
const SETUP_VERSION = 2;

/** What this node created in Zendesk, kept in the node's static data under `setup`. */
export interface RelaySetup {
	version?: number;
	/** The workflow that created it: a duplicated workflow carries a copy of this record but owns nothing. */
	workflowId: string;
	endpoint: string;
	events: RelayEvent[];
	tag?: string;
	webhookId?: string;
	signingSecret?: string;
	triggerIds: Partial<Record<ZendeskTriggerKey, string>>;
}

type StaticData = IDataObject & { setup?: RelaySetup; seen?: IDataObject };

// Creating is not idempotent in Zendesk: after a timeout we cannot know whether it happened, so no blind repeat.
const CREATE_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, retryAmbiguous: false };

export function relayStaticData(context: { getWorkflowStaticData(type: string): IDataObject }): StaticData {
	return context.getWorkflowStaticData('node') as StaticData;
}

/** Static data is saved only when a property of it is assigned, so records are always replaced, never mutated. */
function saveSetup(data: StaticData, setup: RelaySetup | undefined): void {
	if (setup) data.setup = { ...setup, triggerIds: { ...setup.triggerIds } };
	else delete data.setup;
}

function selectedEvents(context: IHookFunctions): RelayEvent[] {
	const chosen = context.getNodeParameter('events', []) as string[];
	return RELAY_EVENTS.filter((event) => chosen.includes(event));
}

function smsTag(context: IHookFunctions): string {
	const tag = normalizeTag(context.getNodeParameter('ticketTag', DEFAULT_SMS_TAG));
	if (!tag) throw new Error('"SMS Ticket Tag" (ticketTag) must be one Zendesk tag: no spaces or commas');
	return tag;
}

export function autoSetup(context: { getNodeParameter(name: string, fallback: unknown): unknown }): boolean {
	return context.getNodeParameter('autoSetup', true) as boolean;
}

function owner(context: IHookFunctions): SetupOwner {
	const workflow = context.getWorkflow();
	return { workflowId: String(workflow.id ?? ''), workflowName: workflow.name };
}

function endpoint(context: IHookFunctions): string {
	return context.getNodeWebhookUrl('default') ?? '';
}

function isNotFound(error: unknown): boolean {
	return error instanceof VendorRequestError && error.statusCode === 404;
}

function zendeskError(context: IHookFunctions, error: unknown, action = 'set up Zendesk'): NodeApiError {
	if (error instanceof NodeApiError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new NodeApiError(context.getNode(), { message } as JsonObject, {
		message: `Could not ${action}: ${message}`,
		description: error instanceof VendorRequestError ? error.description : undefined,
		httpCode: error instanceof VendorRequestError && error.statusCode ? String(error.statusCode) : undefined,
	});
}

/** Zendesk answered 2xx but without what we need: treat it as a failure, not as a crash. */
function required<T>(value: T | undefined | null, what: string): T {
	if (value === undefined || value === null || value === '') throw new Error(`Zendesk's answer did not contain ${what}`);
	return value;
}

async function exists(context: IHookFunctions, path: string): Promise<boolean> {
	try {
		await vendorRequest(context, 'zendesk', { method: 'GET', path });
		return true;
	} catch (error) {
		if (isNotFound(error)) return false;
		throw zendeskError(context, error, 'check the Zendesk setup');
	}
}

function recordedPaths(setup: RelaySetup): string[] {
	const triggers = Object.values(setup.triggerIds).map((id) => `/api/v2/triggers/${id}`);
	return setup.webhookId ? [...triggers, `/api/v2/webhooks/${setup.webhookId}`] : triggers;
}

function isCurrent(context: IHookFunctions, setup: RelaySetup): boolean {
	const wanted = triggersFor(selectedEvents(context));
	return (
		setup.version === SETUP_VERSION &&
		setup.endpoint === endpoint(context) &&
		setup.tag === normalizeTag(context.getNodeParameter('ticketTag', DEFAULT_SMS_TAG)) &&
		setup.signingSecret !== undefined &&
		setup.webhookId !== undefined &&
		wanted.length === Object.keys(setup.triggerIds).length &&
		wanted.every((key) => setup.triggerIds[key] !== undefined)
	);
}

/** Verifies that what the record names still exists in Zendesk; changes nothing in Zendesk. */
export async function setupExists(this: IHookFunctions): Promise<boolean> {
	if (!autoSetup(this)) return true; // manual setup: nothing of ours to look after
	const data = relayStaticData(this);
	const setup = data.setup;
	if (!setup) return false;
	if (setup.workflowId !== owner(this).workflowId) {
		// Copied along with a duplicated workflow: those resources belong to the original, so forget them, never delete.
		saveSetup(data, undefined);
		return false;
	}
	if (!isCurrent(this, setup)) return false;
	for (const path of recordedPaths(setup)) {
		if (!(await exists(this, path))) return false;
	}
	return true;
}

/** Deletes one Zendesk object; already gone counts as deleted. False (and a log line) when Zendesk refused. */
async function remove(context: IHookFunctions, path: string, failures: unknown[]): Promise<boolean> {
	try {
		await vendorRequest(context, 'zendesk', { method: 'DELETE', path });
		return true;
	} catch (error) {
		if (isNotFound(error)) return true;
		failures.push(error);
		context.logger.warn(`Zendesk Relay Trigger: could not delete ${path}: ${(error as Error).message}`);
		return false;
	}
}

/**
 * Deletes the recorded triggers, then the webhook (Zendesk keeps a webhook that triggers still use), and returns
 * what could not be deleted.
 */
async function removeRecorded(context: IHookFunctions, setup: RelaySetup): Promise<RelaySetup | undefined> {
	const left: RelaySetup = { ...setup, triggerIds: {} };
	const failures: unknown[] = [];
	for (const [key, id] of Object.entries(setup.triggerIds) as Array<[ZendeskTriggerKey, string]>) {
		if (!(await remove(context, `/api/v2/triggers/${id}`, failures))) left.triggerIds[key] = id;
	}
	const keepWebhook =
		setup.webhookId !== undefined &&
		(Object.keys(left.triggerIds).length > 0 || !(await remove(context, `/api/v2/webhooks/${setup.webhookId}`, failures)));
	if (!keepWebhook) delete left.webhookId;
	return failures.length === 0 ? undefined : left;
}

interface ListedWebhook {
	id?: string;
	name?: string;
	endpoint?: string;
}

interface ListedTrigger {
	id?: number | string;
	title?: string;
	actions?: Array<{ field?: string; value?: unknown }>;
}

function webhookOf(trigger: ListedTrigger): unknown {
	const action = trigger.actions?.find((candidate) => candidate.field === 'notification_webhook');
	return Array.isArray(action?.value) ? action.value[0] : undefined;
}

/**
 * Removes what earlier set-ups of this workflow left in Zendesk for this same URL without a record of it (a set-up cut
 * short, an answer lost, static data lost), so publishing again always leaves exactly one webhook and one trigger per
 * kind. Found by name (it carries the workflow id): every trigger of this workflow goes unless it calls the webhook of
 * another URL (the editor's test URL, whose set-up is left alone), then this URL's webhooks.
 */
async function removeUnrecorded(context: IHookFunctions, who: SetupOwner, url: string): Promise<void> {
	const webhooks = await filterZendeskList<ListedWebhook>(
		context,
		{ path: '/api/v2/webhooks', key: 'webhooks', qs: { 'filter[name_contains]': `n8n relay ${who.workflowId}` } },
		(webhook) => ownedBy(webhook.name, who.workflowId),
	);
	const otherUrls = new Set(webhooks.filter((webhook) => webhook.endpoint !== url).map((webhook) => String(webhook.id)));
	const triggers = await filterZendeskList<ListedTrigger>(
		context,
		{ path: '/api/v2/triggers', key: 'triggers' },
		(trigger) => ownedBy(trigger.title, who.workflowId) && !otherUrls.has(String(webhookOf(trigger))),
	);
	const failures: unknown[] = [];
	for (const trigger of triggers) await remove(context, `/api/v2/triggers/${trigger.id}`, failures);
	for (const webhook of webhooks) {
		if (!otherUrls.has(String(webhook.id))) await remove(context, `/api/v2/webhooks/${webhook.id}`, failures);
	}
	if (failures.length > 0) throw failures[0];
}

/** Creates the Braze user fields the account lacks; they are never deleted (they hold customers' Braze ids). */
async function ensureBrazeUserFields(context: IHookFunctions): Promise<void> {
	for (const request of BRAZE_USER_FIELDS) {
		const key = request.user_field.key;
		const find = async () =>
			(await findInZendeskList<{ key?: string }>(
				context,
				{ path: '/api/v2/user_fields', key: 'user_fields' },
				(field) => field.key === key,
			)) !== undefined;
		if (await find()) continue;
		try {
			await vendorRequest(context, 'zendesk', { method: 'POST', path: '/api/v2/user_fields', body: request }, CREATE_POLICY);
		} catch (error) {
			// Another workflow may have created it in the meantime: Zendesk then refuses the duplicate key.
			const takenMeanwhile = error instanceof VendorRequestError && error.statusCode === 422 && (await find());
			if (!takenMeanwhile) throw zendeskError(context, error);
		}
	}
}

async function createWebhook(context: IHookFunctions, data: StaticData, setup: RelaySetup, who: SetupOwner): Promise<string> {
	const { body: created } = await vendorRequest<{ webhook?: { id?: string | number } }>(context, 'zendesk', {
		method: 'POST',
		path: '/api/v2/webhooks',
		body: webhookRequest(setup.endpoint, who),
	}, CREATE_POLICY);
	const webhookId = String(required(created.webhook?.id, 'the new webhook id'));
	setup.webhookId = webhookId;
	saveSetup(data, setup);
	const { body: secret } = await vendorRequest<{ signing_secret?: { secret?: string } }>(context, 'zendesk', {
		method: 'GET',
		path: `/api/v2/webhooks/${webhookId}/signing_secret`,
	});
	setup.signingSecret = String(required(secret.signing_secret?.secret, 'the webhook signing secret'));
	saveSetup(data, setup);
	return webhookId;
}

/**
 * Creates the webhook (pointing at this node's production URL), stores its signing secret, and creates the triggers of
 * the selected events. Each id is recorded as soon as it exists, so a failure part-way removes exactly what was made.
 */
export async function createSetup(this: IHookFunctions): Promise<boolean> {
	if (!autoSetup(this)) return true;
	const data = relayStaticData(this);
	const who = owner(this);
	const setup: RelaySetup = {
		version: SETUP_VERSION,
		workflowId: who.workflowId,
		endpoint: endpoint(this),
		events: selectedEvents(this),
		triggerIds: {},
	};
	try {
		setup.tag = smsTag(this);
		await removePrevious(this, data, who);
		await ensureBrazeUserFields(this);
		const webhookId = await createWebhook(this, data, setup, who);
		for (const key of triggersFor(setup.events)) {
			const { body } = await vendorRequest<{ trigger?: { id?: string | number } }>(this, 'zendesk', {
				method: 'POST',
				path: '/api/v2/triggers',
				body: triggerRequest(key, webhookId, who, setup.tag),
			}, CREATE_POLICY);
			setup.triggerIds[key] = String(required(body.trigger?.id, 'the new trigger id'));
			saveSetup(data, setup);
		}
		return true;
	} catch (error) {
		if (setup.webhookId) saveSetup(data, await removeRecorded(this, setup));
		const failure = zendeskError(this, error);
		// n8n answers a publish before this runs and logs nothing when it fails: without this line an operator would
		// only learn of it from the missing SMS.
		this.logger.error(`Zendesk Relay Trigger: workflow ${who.workflowId} gets no Zendesk events. ${failure.message}`);
		throw failure;
	}
}

/**
 * Removes what an earlier set-up of this workflow left for this URL: recorded (ours but stale: other URL, events or tag,
 * or half made) or not (see removeUnrecorded), so that publishing leaves exactly one set.
 */
async function removePrevious(context: IHookFunctions, data: StaticData, who: SetupOwner): Promise<void> {
	await removeUnrecorded(context, who, endpoint(context));
	const previous = data.setup;
	if (!previous || previous.workflowId !== who.workflowId) return;
	const left = await removeRecorded(context, previous);
	saveSetup(data, left);
	if (left) throw new Error('the previous Zendesk webhook or triggers could not be removed');
}

/** Removes exactly what this workflow created, then forgets it; what could not be removed stays recorded. */
export async function deleteSetup(this: IHookFunctions): Promise<boolean> {
	const data = relayStaticData(this);
	const setup = data.setup;
	if (setup && setup.workflowId === owner(this).workflowId) {
		const left = await removeRecorded(this, setup);
		if (left) {
			saveSetup(data, left);
			return false;
		}
	}
	if (autoSetup(this)) {
		try {
			await removeUnrecorded(this, owner(this), endpoint(this));
		} catch (error) {
			this.logger.warn(`Zendesk Relay Trigger: could not remove leftovers: ${(error as Error).message}`);
			return false;
		}
	}
	saveSetup(data, undefined);
	// The replay record of versions before 0.2 lived here; it is no longer written.
	delete data.seen;
	return true;
}
