// The execute loop both operations share: read and check every item first, group them into requests, send the
// requests one after the other through the shared transport, and give every input item exactly one output item —
// its result, or (with Continue On Fail) its error. A failed request fails exactly the items it carried. An operation
// may listen to each item's outcome (Send Campaign writes Zendesk ticket notes): what it says joins the item's output
// or error, and it is told before the run stops on an error, so every item of a failed request is heard.
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../shared/retryPolicy';
import { vendorCredentials, vendorRequest, type VendorResponse } from '../../shared/transport';
import { vendorNodeError } from '../../shared/nodeErrors';
import { VendorRequestError, vendorMessage } from '../../shared/vendorError';
import { describeItems, type PlannedRequest } from '../batching';
import { redactor } from '../redact';
import { brazeRequestFailure, invalidItemFailure, type SendFailure } from '../sendFailure';
import { FieldValueError } from '../typedAttributes';

export interface OperationSpec<E extends { itemIndex: number }> {
	path: string;
	/** One item's parameters, checked; throws FieldValueError or NodeOperationError for a bad value. */
	readItem: (context: IExecuteFunctions, itemIndex: number) => E;
	plan: (entries: E[], batch: boolean) => Array<PlannedRequest<E>>;
	/** Per entry of an accepted request, in order: its output, or Braze's reason for refusing that entry alone. */
	results: (request: PlannedRequest<E>, responseBody: unknown) => Array<{ json: IDataObject } | { refused: string }>;
	/** Whether a request that got no answer may be sent again (see README: duplicate SMS). */
	retryAmbiguous: (options: IDataObject) => boolean;
	/** Told to the user when a request got no answer and was not repeated (retryAmbiguous false). */
	noAnswerNote?: string;
	/** Hears every item's outcome, once the request that carried it is answered (or the item failed before). */
	outcomeListener?: (context: IExecuteFunctions) => OutcomeListener;
}

/** Never throws: whatever goes wrong in it is said in what it returns. */
export interface OutcomeListener {
	/** The item's request succeeded: fields to add to its output item ({} for none). */
	sent(itemIndex: number, json: IDataObject): Promise<IDataObject>;
	/** The item failed for good: a sentence for its error's description, if any. */
	failed(itemIndex: number, failure: SendFailure, technicalDetail?: string): Promise<string | undefined>;
}

type ItemError = NodeApiError | NodeOperationError;

interface ItemFailure {
	itemIndex: number;
	error: ItemError;
	failure: SendFailure;
	technicalDetail?: string;
}

export async function runRequests<E extends { itemIndex: number }>(
	context: IExecuteFunctions,
	spec: OperationSpec<E>,
): Promise<INodeExecutionData[]> {
	const run = new Run(context, spec.outcomeListener?.(context));
	const entries: E[] = [];
	for (const itemIndex of context.getInputData().keys()) {
		try {
			entries.push(spec.readItem(context, itemIndex));
		} catch (error) {
			await run.fail([{ itemIndex, error: invalidItemError(context.getNode(), error, itemIndex), failure: invalidItemFailure(error) }]);
		}
	}
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const redact = redactor(String((await vendorCredentials(context, 'braze')).apiKey ?? ''));
	const policy = retryPolicy(options, spec.retryAmbiguous(options));
	// A refused key (401/403) would be refused for every request: the rest are failed without being sent.
	let refusedKey: VendorRequestError | undefined;
	for (const request of spec.plan(entries, options.batch !== false)) {
		const itemIndexes = request.entries.map((entry) => entry.itemIndex);
		const notSent = refusedKey !== undefined;
		const answer = refusedKey ?? (await send(context, spec.path, request.body as IDataObject, policy));
		if (answer instanceof VendorRequestError) {
			if (answer.statusCode === 401 || answer.statusCode === 403) refusedKey = answer;
			const failed = { itemIndexes, notSent, retryAmbiguous: policy.retryAmbiguous, sentBefore: run.sent };
			await run.fail(requestFailures(context.getNode(), spec, redact, answer, failed));
			continue;
		}
		const results = spec.results(request, redact(answer.body));
		for (const [position, result] of results.entries()) {
			const itemIndex = itemIndexes[position];
			if ('json' in result) {
				await run.succeed(itemIndex, result.json);
				continue;
			}
			// Accepted request, refused entry: Braze's reason is all there is (the request's status says success).
			const failure: SendFailure = { kind: 'brazeRefused', brazeMessage: result.refused };
			await run.fail([{ itemIndex, error: refusedEntryError(context.getNode(), spec.path, result.refused, itemIndex), failure }]);
		}
	}
	return run.outputs();
}

interface FailedRequest {
	itemIndexes: number[];
	/** Not sent at all: Braze had refused the key on an earlier request. */
	notSent: boolean;
	retryAmbiguous: boolean;
	sentBefore: number[];
}

/** Every item of a failed request: the error n8n shows, and the facts its ticket note is made of. */
function requestFailures<E extends { itemIndex: number }>(
	node: INode,
	spec: OperationSpec<E>,
	redact: ReturnType<typeof redactor>,
	answer: VendorRequestError,
	{ itemIndexes, notSent, retryAmbiguous, sentBefore }: FailedRequest,
): ItemFailure[] {
	// Braze's own words are read before redact() drops the answer's body, and cleaned of the key like it.
	const brazeMessage = redact(vendorMessage(answer.body, undefined));
	const error = redact(answer);
	const { statusCode, networkErrorCode, attempts } = error;
	const failure: SendFailure = notSent
		? { kind: 'keyRefusedEarlier' }
		: brazeRequestFailure({ statusCode, networkErrorCode, attempts, brazeMessage });
	const note = notSent
		? 'It was not sent: Braze refused the key on an earlier request of this run.'
		: failure.kind === 'noAnswer' && !retryAmbiguous
			? spec.noAnswerNote
			: undefined;
	const technicalDetail = `${error.message}; ${error.description}`;
	return itemIndexes.map((itemIndex) => ({
		itemIndex,
		error: requestError(node, error, { itemIndex, itemIndexes, note, sentBefore }),
		failure,
		technicalDetail,
	}));
}

/** The answer to one request, or why it failed after the retries the policy allows. */
async function send(
	context: IExecuteFunctions,
	path: string,
	body: IDataObject,
	policy: RetryPolicy,
): Promise<VendorResponse | VendorRequestError> {
	try {
		return await vendorRequest(context, 'braze', { method: 'POST', path, body }, policy);
	} catch (error) {
		if (error instanceof VendorRequestError) return error;
		throw new NodeOperationError(context.getNode(), error as Error);
	}
}

/**
 * Collects one output per input item; without Continue On Fail the first failure ends the run. The listener hears
 * every item of that failure first, then every item the run leaves untried, so none goes unreported.
 */
class Run {
	private readonly results = new Map<number, INodeExecutionData>();
	readonly sent: number[] = [];

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly listener: OutcomeListener | undefined,
	) {}

	async succeed(itemIndex: number, json: IDataObject): Promise<void> {
		this.sent.push(itemIndex);
		const heard = (await this.listener?.sent(itemIndex, json)) ?? {};
		this.results.set(itemIndex, { json: { ...json, ...heard }, pairedItem: { item: itemIndex } });
	}

	/** Fails these items together (one request's, or one invalid item). */
	async fail(failures: ItemFailure[]): Promise<void> {
		for (const { itemIndex, error, failure, technicalDetail } of failures) {
			const heard = await this.listener?.failed(itemIndex, failure, technicalDetail);
			if (heard) error.description = [error.description, heard].filter(Boolean).join(' ');
		}
		if (!this.context.continueOnFail()) {
			await this.untried(new Set(failures.map((failure) => failure.itemIndex)));
			throw failures[0].error;
		}
		// With the error output, the error itself marks the item for it: n8n 1.x sends a json holding more than `error`
		// (here `details`) down the success output otherwise. (n8n 2.x then keeps `{ error }` alone in the json.)
		const errorOutput = this.context.getNode().onError === 'continueErrorOutput';
		for (const { itemIndex, error } of failures) {
			this.results.set(itemIndex, {
				json: { error: error.message, ...(error.description ? { details: error.description } : {}) },
				...(errorOutput ? { error } : {}),
				pairedItem: { item: itemIndex },
			});
		}
	}

	/** The run stops: items neither settled nor failing now were never tried. */
	private async untried(failing: Set<number>): Promise<void> {
		if (!this.listener) return;
		for (const itemIndex of this.context.getInputData().keys()) {
			if (this.results.has(itemIndex) || failing.has(itemIndex)) continue;
			await this.listener.failed(itemIndex, { kind: 'runStopped' });
		}
	}

	outputs(): INodeExecutionData[] {
		return [...this.results.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
	}
}

function retryPolicy(options: IDataObject, retryAmbiguous: boolean): RetryPolicy {
	const maxTries = Number(options.maxTries ?? DEFAULT_RETRY_POLICY.maxAttempts);
	const maxWaitSeconds = Number(options.maxWaitSeconds ?? DEFAULT_RETRY_POLICY.maxWaitMs / 1000);
	return {
		...DEFAULT_RETRY_POLICY,
		maxAttempts: Number.isFinite(maxTries) ? Math.max(1, Math.floor(maxTries)) : DEFAULT_RETRY_POLICY.maxAttempts,
		maxWaitMs: Number.isFinite(maxWaitSeconds) ? Math.max(0, maxWaitSeconds) * 1000 : DEFAULT_RETRY_POLICY.maxWaitMs,
		retryAmbiguous,
	};
}

function invalidItemError(node: INode, error: unknown, itemIndex: number): ItemError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	const message =
		error instanceof FieldValueError
			? error.message
			: `Item ${itemIndex}: ${error instanceof Error ? error.message : String(error)}`;
	return new NodeOperationError(node, message, { itemIndex, failure: { cause: 'configuration-invalid' } });
}

function refusedEntryError(node: INode, path: string, reason: string, itemIndex: number): NodeApiError {
	return new NodeApiError(node, { message: reason } as JsonObject, {
		itemIndex,
		message: `Item ${itemIndex}: Braze accepted POST ${path} but refused this item: ${reason}`,
		description: 'The other items of the same request went through; this one did not.',
		failure: { cause: 'configuration-invalid' },
	});
}

interface RequestErrorContext {
	itemIndex: number;
	itemIndexes: number[];
	/** Why these items in particular may or may not have been sent. */
	note?: string;
	/** Items whose requests already succeeded in this run (told when the run stops here). */
	sentBefore: number[];
}

function requestError(
	node: INode,
	error: VendorRequestError,
	{ itemIndex, itemIndexes, note, sentBefore }: RequestErrorContext,
): NodeApiError {
	const items = describeItems(itemIndexes);
	const message = `${items.charAt(0).toUpperCase()}${items.slice(1)}: ${error.message}`;
	const description = [
		error.description,
		`This request carried ${items}.`,
		note,
		sentBefore.length ? `Earlier requests of this run succeeded for ${describeItems(sentBefore)}.` : '',
	]
		.filter(Boolean)
		.join(' ');
	return vendorNodeError(node, error, message, itemIndex, description);
}
