// One call from Zendesk to the Zendesk Relay Trigger (webhook()). Only a correctly signed, fresh, well-formed and new
// delivery starts an execution; everything else is answered here and starts none. Nothing is written to the workflow's
// static data here: the set-up record there is the lifecycle's alone (ZendeskRelayTriggerHelpers.ts).
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sleepUnlessCancelled } from '../shared/wait';
import { autoSetup, relayStaticData } from './ZendeskRelayTriggerHelpers';
import { deliveryBatcherFor } from './deliveryBatcher';
import { PayloadError, parseForm, toRelayItem, type RelayItem } from './payload';
import { deliveryKeys, replayGuardFor, replayOptions } from './replayGuard';
import {
	DEFAULT_TOLERANCE_SECONDS,
	INVOCATION_HEADER,
	SIGNATURE_HEADER,
	TIMESTAMP_HEADER,
	WEBHOOK_ID_HEADER,
	verifySignature,
} from './signature';

const SIGNING_SECRET_CREDENTIAL = 'zendeskRelaySigningSecretApi';
/** Seconds Zendesk is asked to wait before calling again while publishing is under way (it retries a 503 under 60 s). */
export const SETUP_PENDING_RETRY_SECONDS = 5;

async function signingSecret(context: IWebhookFunctions): Promise<string | undefined> {
	if (autoSetup(context)) return relayStaticData(context).setup?.signingSecret;
	const credential = await context.getCredentials(SIGNING_SECRET_CREDENTIAL);
	return typeof credential.signingSecret === 'string' ? credential.signingSecret : undefined;
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
 * A call from a Zendesk webhook the saved set-up does not know yet. n8n registers the webhook URL, then runs the node's
 * set-up (Zendesk's webhook and triggers), and saves the workflow's static data only once all of it is done: triggers
 * fire from the moment they exist, so an agent replying during that moment is answered here, before the secret that
 * signed the call can be read. Zendesk retries a 503 with a short Retry-After, by when the set-up is saved; a 401
 * would lose the reply for good.
 */
function setupPending(context: IWebhookFunctions, webhookId: string | undefined): boolean {
	if (!webhookId || !autoSetup(context)) return false;
	return relayStaticData(context).setup?.webhookId !== webhookId;
}

/**
 * The form parameters: in the body, as Zendesk sends a form-encoded POST; in the URL when the body is empty, as
 * Zendesk's guide describes "URL parameters" for such webhooks. The signature then covers the timestamp alone, and the
 * replay guard makes each signature usable once.
 */
function parameters(context: IWebhookFunctions, rawBody: Buffer | undefined): Buffer | string | undefined {
	if (rawBody && rawBody.length > 0) return rawBody;
	const url = context.getRequestObject().url ?? '';
	return url.includes('?') ? url.slice(url.indexOf('?') + 1) : undefined;
}

function readItem(context: IWebhookFunctions, form: Buffer | string | undefined, invocationId: string): RelayItem | PayloadError {
	try {
		return toRelayItem(parseForm(form), invocationId);
	} catch (error) {
		if (error instanceof PayloadError) return error;
		throw new NodeOperationError(context.getNode(), error as Error);
	}
}

export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const options = this.getNodeParameter('options', {}) as { toleranceSeconds?: number; batchWindowMs?: number };
	const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
	const rawBody = this.getRequestObject().rawBody as Buffer | undefined;
	const webhookId = header(this, WEBHOOK_ID_HEADER);
	if (setupPending(this, webhookId)) {
		this.logger.warn(
			`Zendesk Relay Trigger asked Zendesk to call again in ${SETUP_PENDING_RETRY_SECONDS} s: webhook ${webhookId} is not in the saved set-up (yet)`,
		);
		this.getResponseObject().set('Retry-After', String(SETUP_PENDING_RETRY_SECONDS));
		return answer(this, 503, { error: 'Setting up: call again shortly' });
	}
	const signature = header(this, SIGNATURE_HEADER);
	const verdict = verifySignature({
		secret: await signingSecret(this),
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
	const item = readItem(this, parameters(this, rawBody), invocationId);
	if (item instanceof PayloadError) return answer(this, 400, { error: item.message });
	const selected = this.getNodeParameter('events', []) as string[];
	if (!selected.includes(item.event)) return answer(this, 200, { received: true, ignored: item.event });

	const scope = `${this.getWorkflow().id ?? ''}|${this.getNode().name}`;
	const guard = replayGuardFor(scope, replayOptions(toleranceSeconds));
	// A signature over an empty body (parameters in the URL) is the same for every call signed in that second: only
	// the invocation id then tells deliveries apart.
	const keys = deliveryKeys(invocationId, rawBody && rawBody.length > 0 ? signature : undefined);
	if (!guard.admit(keys, Date.now())) {
		return answer(this, 200, { received: true, duplicate: true });
	}
	// Zendesk is answered before the execution starts: it waits ~10 s at most, and a slow answer makes it send again.
	const answered = answer(this, 200, { received: true });
	// A test event (Listen for Test Event) is shown alone, as the editor expects.
	const windowMs = this.getMode() === 'manual' ? 0 : (options.batchWindowMs ?? 0);
	const items = await deliveryBatcherFor(scope, sleepUnlessCancelled).gather(item.event, item, windowMs);
	if (!items) return answered; // it joined the execution of a delivery that came just before it
	return { ...answered, workflowData: [items.map((gathered) => ({ json: gathered as unknown as IDataObject }))] };
}
