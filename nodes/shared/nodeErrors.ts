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
		return new NodeApiError(node, { message: error.message } as JsonObject, {
			itemIndex,
			message: `Item ${itemIndex}: ${error.message}`,
			description: error.description,
			httpCode: error.statusCode ? String(error.statusCode) : undefined,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, `Item ${itemIndex}: ${message}`, { itemIndex });
}
