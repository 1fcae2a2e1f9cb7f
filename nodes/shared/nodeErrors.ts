// Turns the package's pure errors into the n8n errors users see, always naming the item.
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { VendorRequestError } from './vendorError';

export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof VendorRequestError) {
		return vendorNodeError(node, error, `Item ${itemIndex}: ${error.message}`, itemIndex, error.description);
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, `Item ${itemIndex}: ${message}`, { itemIndex });
}

/** A NodeApiError for a failed vendor call, with our message kept as written. */
export function vendorNodeError(
	node: INode,
	error: VendorRequestError,
	message: string,
	itemIndex: number,
	description: string,
): NodeApiError {
	const nodeError = new NodeApiError(node, { message: error.message } as JsonObject, {
		itemIndex,
		message,
		description,
		httpCode: error.statusCode ? String(error.statusCode) : undefined,
		failure: failureOf(error.statusCode),
	});
	// NodeApiError swaps a message that mentions a network code (ETIMEDOUT, ECONNRESET...) for n8n's generic advice
	// ("consider Retry on Fail"), losing which item failed; for a send, that advice is the way to a duplicate SMS.
	nodeError.message = message;
	return nodeError;
}

function failureOf(statusCode: number | undefined): NodeApiError['failure'] {
	if (statusCode === 401 || statusCode === 403) return { cause: 'credential-invalid' };
	if (statusCode === 429) return { cause: 'rate-limited' };
	if (statusCode !== undefined && statusCode >= 500) return { cause: 'temporarily-unavailable' };
	if (statusCode !== undefined && statusCode >= 400) return { cause: 'configuration-invalid' };
	return undefined;
}
