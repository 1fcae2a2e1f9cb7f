// Dispatches a node run to the file of the chosen operation (`actions/<operation>.operation.ts`), as n8n's own nodes do.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface Operation {
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

export async function runOperation(
	context: IExecuteFunctions,
	operations: Record<string, Operation>,
): Promise<INodeExecutionData[][]> {
	const operation = context.getNodeParameter('operation', 0) as string;
	const chosen = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
	if (!chosen) throw new NodeOperationError(context.getNode(), `Unknown operation "${operation}"`);
	return [await chosen.execute.call(context)];
}
