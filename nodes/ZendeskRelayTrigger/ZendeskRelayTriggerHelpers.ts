// The Zendesk side of the Zendesk Relay Trigger: setting up, checking and removing the webhook and triggers on
// activation (webhookMethods), and accepting a delivery (webhook()). Everything that must outlive one call lives in the
// workflow's static data, never in process memory, so the node behaves the same on every n8n worker.
import type { IDataObject, IHookFunctions, IWebhookFunctions, IWebhookResponseData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/retryPolicy';
import { vendorRequest } from '../shared/transport';
import { VendorRequestError } from '../shared/vendorError';
import { PayloadError, parseBody, toRelayItem, type RelayItem } from './payload';
import { checkReplay, deliveryKeys, replayOptions } from './replayGuard';
import {
	DEFAULT_TOLERANCE_SECONDS,
	INVOCATION_HEADER,
	SIGNATURE_HEADER,
	TIMESTAMP_HEADER,
	verifySignature,
} from './signature';
import {
	BRAZE_USER_FIELD_KEY,
	RELAY_EVENTS,
	brazeUserFieldRequest,
	triggerRequest,
	webhookRequest,
	type RelayEvent,
	type SetupOwner,
} from './triggerDefinitions';

/** What this node created in Zendesk, kept in the node's static data under `setup`. */
export interface RelaySetup {
	/** The workflow that created it: a duplicated workflow carries a copy of this record but owns nothing. */
	workflowId: string;
	endpoint: string;
	events: RelayEvent[];
	webhookId?: string;
	signingSecret?: string;
	triggerIds: Partial<Record<RelayEvent, string>>;
}

type StaticData = IDataObject & { setup?: RelaySetup; seen?: IDataObject };

// Creating is not idempotent in Zendesk: after a timeout we cannot know whether it happened, so no blind repeat.
const CREATE_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, retryAmbiguous: false };

function staticData(context: IHookFunctions | IWebhookFunctions): StaticData {
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

function autoSetup(context: IHookFunctions | IWebhookFunctions): boolean {
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

/** Verifies that what the record names still exists in Zendesk; changes nothing in Zendesk. */
export async function setupExists(this: IHookFunctions): Promise<boolean> {
	if (!autoSetup(this)) return true; // manual setup: nothing of ours to look after
	const data = staticData(this);
	const setup = data.setup;
	if (!setup) return false;
	if (setup.workflowId !== owner(this).workflowId) {
		// Copied along with a duplicated workflow: those resources belong to the original, so forget them, never delete.
		saveSetup(data, undefined);
		return false;
	}
	const wanted = selectedEvents(this);
	const current =
		setup.endpoint === endpoint(this) &&
		setup.signingSecret !== undefined &&
		setup.webhookId !== undefined &&
		wanted.length === setup.events.length &&
		wanted.every((event) => setup.events.includes(event) && setup.triggerIds[event] !== undefined);
	if (!current) return false;
	for (const path of recordedPaths(setup)) {
		if (!(await exists(this, path))) return false;
	}
	return true;
}

/**
 * Deletes the recorded triggers, then the webhook (Zendesk keeps a webhook that triggers still use), and returns
 * what could not be deleted. Already gone counts as deleted.
 */
async function removeRecorded(context: IHookFunctions, setup: RelaySetup): Promise<RelaySetup | undefined> {
	const left: RelaySetup = { ...setup, triggerIds: {} };
	let firstError: unknown;
	const remove = async (path: string): Promise<boolean> => {
		try {
			await vendorRequest(context, 'zendesk', { method: 'DELETE', path });
			return true;
		} catch (error) {
			if (isNotFound(error)) return true;
			firstError ??= error;
			context.logger.warn(`Zendesk Relay Trigger: could not delete ${path}: ${(error as Error).message}`);
			return false;
		}
	};
	for (const [event, id] of Object.entries(setup.triggerIds) as Array<[RelayEvent, string]>) {
		if (!(await remove(`/api/v2/triggers/${id}`))) left.triggerIds[event] = id;
	}
	const keepWebhook =
		setup.webhookId !== undefined &&
		(Object.keys(left.triggerIds).length > 0 || !(await remove(`/api/v2/webhooks/${setup.webhookId}`)));
	if (!keepWebhook) delete left.webhookId;
	return firstError === undefined ? undefined : left;
}

async function ensureBrazeUserField(context: IHookFunctions): Promise<void> {
	const find = async () => {
		const { body } = await vendorRequest<{ user_fields?: Array<{ key?: string }> }>(context, 'zendesk', {
			method: 'GET',
			path: '/api/v2/user_fields',
		});
		return (body.user_fields ?? []).some((field) => field.key === BRAZE_USER_FIELD_KEY);
	};
	if (await find()) return;
	try {
		await vendorRequest(context, 'zendesk', {
			method: 'POST',
			path: '/api/v2/user_fields',
			body: brazeUserFieldRequest,
		}, CREATE_POLICY);
	} catch (error) {
		// Another workflow may have created it in the meantime: Zendesk then refuses the duplicate key.
		const takenMeanwhile = error instanceof VendorRequestError && error.statusCode === 422 && (await find());
		if (!takenMeanwhile) throw zendeskError(context, error);
	}
}

/**
 * Creates the webhook (pointing at this node's production URL), stores its signing secret, and creates one trigger per
 * selected event. Each id is recorded as soon as it exists, so a failure part-way removes exactly what was made.
 */
export async function createSetup(this: IHookFunctions): Promise<boolean> {
	if (!autoSetup(this)) return true;
	const data = staticData(this);
	const who = owner(this);
	const previous = data.setup;
	if (previous && previous.workflowId === who.workflowId) {
		// Ours but stale (other URL or events, or half made): replace it rather than leave it behind.
		const left = await removeRecorded(this, previous);
		saveSetup(data, left);
		if (left) throw zendeskError(this, new Error('the previous Zendesk webhook or triggers could not be removed'));
	}
	const events = selectedEvents(this);
	const setup: RelaySetup = { workflowId: who.workflowId, endpoint: endpoint(this), events, triggerIds: {} };
	try {
		await ensureBrazeUserField(this);
		const { body: created } = await vendorRequest<{ webhook?: { id?: string | number } }>(this, 'zendesk', {
			method: 'POST',
			path: '/api/v2/webhooks',
			body: webhookRequest(setup.endpoint, who),
		}, CREATE_POLICY);
		setup.webhookId = String(required(created.webhook?.id, 'the new webhook id'));
		saveSetup(data, setup);
		const { body: secret } = await vendorRequest<{ signing_secret?: { secret?: string } }>(this, 'zendesk', {
			method: 'GET',
			path: `/api/v2/webhooks/${setup.webhookId}/signing_secret`,
		});
		setup.signingSecret = String(required(secret.signing_secret?.secret, 'the webhook signing secret'));
		saveSetup(data, setup);
		for (const event of events) {
			const { body } = await vendorRequest<{ trigger?: { id?: string | number } }>(this, 'zendesk', {
				method: 'POST',
				path: '/api/v2/triggers',
				body: triggerRequest(event, setup.webhookId, who),
			}, CREATE_POLICY);
			setup.triggerIds[event] = String(required(body.trigger?.id, 'the new trigger id'));
			saveSetup(data, setup);
		}
		return true;
	} catch (error) {
		saveSetup(data, await removeRecorded(this, setup));
		const failure = zendeskError(this, error);
		// n8n answers a publish before this runs and logs nothing when it fails: without this line an operator would
		// only learn of it from the missing SMS.
		this.logger.error(`Zendesk Relay Trigger: workflow ${who.workflowId} gets no Zendesk events. ${failure.message}`);
		throw failure;
	}
}

/** Removes exactly what this workflow created, then forgets it; what could not be removed stays recorded. */
export async function deleteSetup(this: IHookFunctions): Promise<boolean> {
	const data = staticData(this);
	const setup = data.setup;
	if (setup && setup.workflowId === owner(this).workflowId) {
		const left = await removeRecorded(this, setup);
		if (left) {
			saveSetup(data, left);
			return false;
		}
	}
	saveSetup(data, undefined);
	delete data.seen;
	return true;
}

function readItem(context: IWebhookFunctions, rawBody: Buffer, invocationId: string): RelayItem | PayloadError {
	try {
		return toRelayItem(parseBody(rawBody), invocationId);
	} catch (error) {
		if (error instanceof PayloadError) return error;
		throw new NodeOperationError(context.getNode(), error as Error);
	}
}

function header(context: IWebhookFunctions, name: string): string | undefined {
	const value = context.getHeaderData()[name];
	return Array.isArray(value) ? value[0] : value;
}

function answer(context: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/**
 * One delivery from Zendesk. Only a correctly signed, fresh, well-formed and new delivery starts an execution;
 * everything else is answered here and starts none.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const data = staticData(this);
	const options = this.getNodeParameter('options', {}) as { toleranceSeconds?: number };
	const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
	const rawBody = this.getRequestObject().rawBody as Buffer | undefined;
	const signature = header(this, SIGNATURE_HEADER);
	const verdict = verifySignature({
		secret: autoSetup(this) ? data.setup?.signingSecret : (this.getNodeParameter('signingSecret', '') as string),
		signature,
		timestamp: header(this, TIMESTAMP_HEADER),
		rawBody,
		toleranceSeconds,
	});
	if (!verdict.valid) {
		this.logger.warn(`Zendesk Relay Trigger refused a call: ${verdict.reason}`);
		return answer(this, 401, { error: 'Unauthorized' });
	}

	const invocationId = header(this, INVOCATION_HEADER) ?? '';
	const item = readItem(this, rawBody as Buffer, invocationId);
	if (item instanceof PayloadError) return answer(this, 400, { error: item.message });
	const selected = this.getNodeParameter('events', []) as string[];
	if (!selected.includes(item.event)) return answer(this, 200, { received: true, ignored: item.event });

	const replay = checkReplay(data.seen, deliveryKeys(invocationId, signature), Date.now(), replayOptions(toleranceSeconds));
	data.seen = replay.seen;
	if (replay.duplicate) return answer(this, 200, { received: true, duplicate: true });
	// Answer here rather than through n8n's onReceived response: n8n then saves the static data (the replay record above)
	// before it starts the execution. Left to n8n 2.41, the start of the execution resets the "changed" flag of the
	// static data first, and the record was never saved, so Zendesk's retries started executions again.
	return { ...answer(this, 200, { received: true }), workflowData: [[{ json: item as unknown as IDataObject }]] };
}
