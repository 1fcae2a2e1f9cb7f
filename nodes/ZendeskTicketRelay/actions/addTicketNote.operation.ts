// addTicketNote: a private note (and a tag) on each item's Zendesk ticket, so that what n8n could not do shows where the
// agents work, e.g. on the error output of a node that failed for a reply. The item goes on unchanged, with
// `ticketNote` added, so a Stop and Error after it still reads the item's `error`.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toNodeError } from '../../shared/nodeErrors';
import { trimmedText } from '../../shared/parameterText';
import { addPrivateNote, DEFAULT_FAILURE_TAG, isTicketNumber, noteTag } from '../../shared/zendeskTicketNote';

const show = { show: { operation: ['addTicketNote'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Ticket ID',
		name: 'ticketId',
		type: 'string',
		required: true,
		default: '={{ $json.ticketId }}',
		description: "The Zendesk ticket to note on; the Zendesk Relay Trigger's items carry it as ticketId",
		displayOptions: show,
	},
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		placeholder: 'e.g. SMS not sent. Why: {{ $json.error }}',
		description: 'The text of the private note, for agents: only they see it, and it is never texted',
		displayOptions: show,
	},
	{
		displayName: 'Tag',
		name: 'tag',
		type: 'string',
		default: DEFAULT_FAILURE_TAG,
		description: 'Added to the ticket with the note, so agents can build a view of them. Empty: no tag.',
		displayOptions: show,
	},
];

function settingError(context: IExecuteFunctions, itemIndex: number, message: string, hint: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${message}`, { itemIndex, description: hint });
}

function textParameter(context: IExecuteFunctions, name: string, itemIndex: number): string {
	return trimmedText(context.getNodeParameter(name, itemIndex, ''));
}

async function noteOn(context: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): Promise<INodeExecutionData> {
	const ticketId = textParameter(context, 'ticketId', itemIndex);
	if (!isTicketNumber(ticketId)) {
		const got = ticketId ? `"${ticketId}" is not a Zendesk ticket number` : 'is empty';
		throw settingError(context, itemIndex, `"Ticket ID" (ticketId) ${got}`, 'Map the ticket number, e.g. {{ $json.ticketId }}.');
	}
	const note = textParameter(context, 'note', itemIndex);
	if (!note) throw settingError(context, itemIndex, '"Note" (note) is empty', 'Write what the agent should read.');
	const { tag, problem } = noteTag(textParameter(context, 'tag', itemIndex));
	if (problem) throw settingError(context, itemIndex, `"Tag" (tag): ${problem}`, 'Use one word, or leave it empty.');
	await addPrivateNote(context, ticketId, note, tag);
	return {
		json: { ...item.json, ticketNote: { ticketId: Number(ticketId), ...(tag ? { tag } : {}) } },
		pairedItem: { item: itemIndex },
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (const [itemIndex, item] of this.getInputData().entries()) {
		try {
			output.push(await noteOn(this, item, itemIndex));
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			output.push({ json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
		}
	}
	return output;
}
