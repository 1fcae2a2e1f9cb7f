// The execute loop both operations share: read and check every item first, group them into requests, send the
// requests one after the other through the shared transport, and give every input item exactly one output item —
// its result, or (with Continue On Fail) its error. A failed request fails exactly the items it carried.
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../shared/retryPolicy';
import { vendorCredentials, vendorRequest, type VendorResponse } from '../../shared/transport';
import { vendorNodeError } from '../../shared/nodeErrors';
import { VendorRequestError } from '../../shared/vendorError';
import { describeItems, type PlannedRequest } from '../batching';
import { redactor } from '../redact';
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
}

type ItemError = NodeApiError | NodeOperationError;

export async function runRequests<E extends { itemIndex: number }>(
	context: IExecuteFunctions,
	spec: OperationSpec<E>,
): Promise<INodeExecutionData[]> {
	const run = new Run(context);
	const entries: E[] = [];
	context.getInputData().forEach((_, itemIndex) => {
		try {
			entries.push(spec.readItem(context, itemIndex));
		} catch (error) {
			run.fail(itemIndex, invalidItemError(context.getNode(), error, itemIndex));
		}
	});
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
			const error = redact(answer);
			const note = notSent
				? 'It was not sent: Braze refused the key on an earlier request of this run.'
				: policy.retryAmbiguous || error.statusCode !== undefined
					? undefined
					: spec.noAnswerNote;
			for (const itemIndex of itemIndexes) {
				run.fail(itemIndex, requestError(context.getNode(), error, { itemIndex, itemIndexes, note, sentBefore: run.sent }));
			}
			continue;
		}
		spec.results(request, redact(answer.body)).forEach((result, position) => {
			const itemIndex = itemIndexes[position];
			if ('refused' in result) run.fail(itemIndex, refusedEntryError(context.getNode(), spec.path, result.refused, itemIndex));
			else run.succeed(itemIndex, result.json);
		});
	}
	return run.outputs();
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

/** Collects one output per input item; without Continue On Fail the first failure ends the run. */
class Run {
	private readonly results = new Map<number, INodeExecutionData>();
	readonly sent: number[] = [];

	constructor(private readonly context: IExecuteFunctions) {}

	succeed(itemIndex: number, json: IDataObject): void {
		this.sent.push(itemIndex);
		this.results.set(itemIndex, { json, pairedItem: { item: itemIndex } });
	}

	fail(itemIndex: number, error: ItemError): void {
		if (!this.context.continueOnFail()) throw error;
		this.results.set(itemIndex, {
			json: { error: error.message, ...(error.description ? { details: error.description } : {}) },
			pairedItem: { item: itemIndex },
		});
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
