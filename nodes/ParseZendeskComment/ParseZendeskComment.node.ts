// Parse Zendesk Comment: a Zendesk comment in whatever shape it comes (commentParser.ts) → clean text and an SMS body
// that fits Braze's segment cap (smsWording.ts, smsEncoding.ts). Every parameter is read per item.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { toNodeError } from '../shared/nodeErrors';
import { parseComment, type ParsedComment } from './commentParser';
import { composeSms, DEFAULT_TEXT_AFTER, DEFAULT_TEXT_BEFORE, type SmsOptions } from './smsWording';

/** Braze sends at most 10 segments per SMS. */
const BRAZE_MAX_SEGMENTS = 10;

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'object' ? 'an object' : typeof value;
}

/** A wording parameter as text: an expression may give a number (a ticket id) or nothing; a list or object is a mistake. */
function wordingParameter(context: IExecuteFunctions, name: string, displayName: string, itemIndex: number): string {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: "${displayName}" (${name}) is not text (got ${describeValue(value)})`, {
			itemIndex,
			description: 'Write the wording itself, or an expression that gives text, e.g. Ticket {{ $json.ticketId }}:',
		});
	}
	return String(value);
}

export class ParseZendeskComment implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Parse Zendesk Comment',
		name: 'parseZendeskComment',
		icon: { light: 'file:parseZendeskComment.svg', dark: 'file:parseZendeskComment.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"SMS of at most " + ($parameter["options"]["maxSegments"] || 10) + " segments"}}',
		description:
			"Turns a Zendesk comment (formatted, HTML or plain) into clean text and an SMS body that fits Braze's segment cap",
		defaults: { name: 'Parse Zendesk Comment' },
		// An agent may call it freely: it only transforms its input (no vendor call, no credential, no side effect).
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Text',
				name: 'text',
				type: 'string',
				typeOptions: { rows: 3 },
				required: true,
				default: '={{ $json.comment.text }}',
				description:
					"The comment as Zendesk sent it: plain text, Zendesk's formatted comment (dashes, “Name, Date” header, message; the newest of several is taken), HTML, or text with literal \\n escapes. The default reads the Zendesk Relay Trigger's comment.",
			},
			{
				displayName: 'Text Before Message',
				name: 'textBefore',
				type: 'string',
				typeOptions: { rows: 2 },
				default: DEFAULT_TEXT_BEFORE,
				description:
					"Wording the SMS starts with, written as is before the message: end it with a line break to put the message on its own line. An expression may bring in the item's fields, such as the ticket ID.",
			},
			{
				displayName: 'Text After Message',
				name: 'textAfter',
				type: 'string',
				// n8n does not grow the box: three rows show the whole default (two line breaks, then the sentence).
				typeOptions: { rows: 3 },
				default: DEFAULT_TEXT_AFTER,
				description:
					"Wording the SMS ends with, written as is after the message. It stays whole when a long message is cut to fit. An expression may bring in the item's fields, such as the requester's name.",
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Max Segments',
						name: 'maxSegments',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: BRAZE_MAX_SEGMENTS, numberPrecision: 0 },
						default: BRAZE_MAX_SEGMENTS,
						description:
							'Longest SMS allowed, in segments (160/153 GSM-7 or 70/67 UCS-2 characters each). A longer message is cut at a word boundary and ends with "...". Braze sends at most 10.',
					},
					{
						displayName: 'Smart Encoding',
						name: 'smartEncoding',
						type: 'boolean',
						default: true,
						description:
							'Whether to replace curly quotes, long dashes, the ellipsis character and non-breaking spaces by their GSM-7 look-alikes, so that one such character does not switch the SMS to UCS-2 (less than half the characters per segment)',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, itemIndex) => {
				try {
					return { ...parseItem(this, item, itemIndex), pairedItem: { item: itemIndex } };
				} catch (error) {
					const nodeError = toNodeError(this.getNode(), error, itemIndex);
					if (!this.continueOnFail()) throw nodeError;
					// n8n's error item: `error` alone, so "continue (using error output)" routes it there with the input's fields.
					return { json: { error: nodeError.message }, pairedItem: { item: itemIndex } };
				}
			}),
		];
	}
}

/** The item with `message`, `author`, `postedAt` and `sms` added (its binary data kept). */
function parseItem(context: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): INodeExecutionData {
	const parsed = readComment(context, itemIndex);
	const comment = item.json.comment as IDataObject | undefined;
	const knownAuthor = typeof comment?.author === 'string' ? comment.author.trim() : '';
	const fields = { message: parsed.message, author: parsed.author || knownAuthor, postedAt: parsed.postedAt };
	const wording = {
		before: wordingParameter(context, 'textBefore', 'Text Before Message', itemIndex),
		after: wordingParameter(context, 'textAfter', 'Text After Message', itemIndex),
	};
	const sms = composeSms(parsed.message, wording, smsOptions(context, itemIndex));
	if (!sms.text) {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: the SMS is empty`, {
			itemIndex,
			description:
				'The message and the wording around it hold nothing an SMS can carry. Write some text in "Text Before Message" or "Text After Message".',
		});
	}
	const output: INodeExecutionData = { json: { ...item.json, ...fields, sms: { ...sms } } };
	if (item.binary) output.binary = item.binary;
	return output;
}

/** The "Text" parameter, parsed; an error naming the item when it is not text or holds no message. */
function readComment(context: IExecuteFunctions, itemIndex: number): ParsedComment {
	const text = context.getNodeParameter('text', itemIndex) as unknown;
	if (typeof text !== 'string') {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: the comment text is not a string (got ${describeValue(text)})`, {
			itemIndex,
			description: 'Set "Text" to the comment text, e.g. {{ $json.comment.text }} after the Zendesk Relay Trigger.',
		});
	}
	const parsed = parseComment(text);
	if (!parsed.message) {
		const files = parsed.attachments.length;
		// The message says why in words an agent understands: the shipped workflow notes it on the ticket.
		const onlyFiles = files
			? `the comment only lists ${files} attachment${files === 1 ? '' : 's'} (${parsed.attachments.map((file) => file.name).join(', ')}), and an SMS carries no files`
			: undefined;
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${onlyFiles ?? 'the comment is empty once cleaned'}`, {
			itemIndex,
			description: onlyFiles
				? 'Nothing but the list of attachments is left once the Zendesk header is removed: write the text of the reply too.'
				: 'Nothing is left to send after removing the Zendesk header, attachments list, markup and blank space.',
		});
	}
	return parsed;
}

function smsOptions(context: IExecuteFunctions, itemIndex: number): SmsOptions {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const maxSegments = options.maxSegments ?? BRAZE_MAX_SEGMENTS;
	if (typeof maxSegments !== 'number' || !Number.isInteger(maxSegments) || maxSegments < 1) {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: "Max Segments" must be a whole number from 1 up`, { itemIndex });
	}
	return { maxSegments, smartEncoding: options.smartEncoding !== false };
}
