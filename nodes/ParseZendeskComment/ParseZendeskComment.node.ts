import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { toNodeError } from '../shared/nodeErrors';
import { parseComment } from './commentParser';
import { compileSmsTemplate, composeSms, DEFAULT_TEMPLATE, TemplateSyntaxError, type SmsTemplate } from './smsTemplate';

/** Braze sends at most 10 segments per SMS. */
const BRAZE_MAX_SEGMENTS = 10;

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'object' ? 'an object' : typeof value;
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
				displayName: 'SMS Template',
				name: 'template',
				type: 'string',
				typeOptions: { rows: 5 },
				noDataExpression: true,
				default: DEFAULT_TEMPLATE,
				description:
					'Liquid template of the SMS. Variables: message, author, postedAt, ticketId and every field of the input item (e.g. requester.name). Liquid and Braze filters work (split, strip, truncate, default, upcase, json_escape, …).',
				hint: 'Liquid, not an n8n expression: {{ message }} is filled by this node for each comment',
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
		const items = this.getInputData();
		const node = this.getNode();
		if (items.length === 0) return [[]];

		// Compiled once per execution (the parameter takes no expression, so it is the same for every item). A template
		// that does not parse is reported once, before any item is read: thrown, or with "continue on fail" given as every
		// item's error (so the error output, or a filter on `error`, still sees each one).
		const source = this.getNodeParameter('template', 0, DEFAULT_TEMPLATE) as string;
		let template: SmsTemplate | undefined;
		let templateError: NodeOperationError | undefined;
		try {
			template = compileSmsTemplate(source);
		} catch (error) {
			templateError =
				error instanceof TemplateSyntaxError
					? new NodeOperationError(node, 'The "SMS Template" parameter (template) is not valid Liquid', {
							description: `${error.detail}. Fix the template; it is used for every item.`,
						})
					: new NodeOperationError(node, error as Error);
		}
		if (!template) {
			if (!this.continueOnFail()) throw templateError;
			const message = templateError?.message ?? 'The "SMS Template" parameter (template) could not be compiled';
			return [items.map((_item, itemIndex) => ({ json: { error: message }, pairedItem: { item: itemIndex } }))];
		}

		const returnData: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const item = items[itemIndex];
			try {
				const text = this.getNodeParameter('text', itemIndex) as unknown;
				if (typeof text !== 'string') {
					throw new NodeOperationError(node, `Item ${itemIndex}: the comment text is not a string (got ${describeValue(text)})`, {
						itemIndex,
						description: 'Set "Text" to the comment text, e.g. {{ $json.comment.text }} after the Zendesk Relay Trigger.',
					});
				}
				const parsed = parseComment(text);
				if (!parsed.message) {
					const files = parsed.attachments.length;
					throw new NodeOperationError(node, `Item ${itemIndex}: the comment is empty once cleaned`, {
						itemIndex,
						description: files
							? `The comment only lists ${files} attachment${files === 1 ? '' : 's'} (${parsed.attachments.map((file) => file.name).join(', ')}); an SMS carries no files.`
							: 'Nothing is left to send after removing the Zendesk header, attachments list, markup and blank space.',
					});
				}
				const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
				const maxSegments = options.maxSegments ?? BRAZE_MAX_SEGMENTS;
				if (typeof maxSegments !== 'number' || !Number.isInteger(maxSegments) || maxSegments < 1) {
					throw new NodeOperationError(node, `Item ${itemIndex}: "Max Segments" must be a whole number from 1 up`, { itemIndex });
				}
				const comment = item.json.comment as IDataObject | undefined;
				const knownAuthor = typeof comment?.author === 'string' ? comment.author.trim() : '';
				const author = parsed.author || knownAuthor;
				const fields = {
					message: parsed.message,
					author,
					postedAt: parsed.postedAt,
				};
				const sms = composeSms(
					template,
					{ ...item.json, ...fields, ticketId: item.json.ticketId ?? '', attachments: parsed.attachments },
					{ maxSegments, smartEncoding: options.smartEncoding !== false },
				);
				if (!sms.text) {
					throw new NodeOperationError(node, `Item ${itemIndex}: the SMS template rendered nothing`, {
						itemIndex,
						description: 'Check the "SMS Template" parameter: it should show {{ message }} or some text.',
					});
				}
				const output: INodeExecutionData = {
					json: { ...item.json, ...fields, sms: { ...sms } },
					pairedItem: { item: itemIndex },
				};
				if (item.binary) output.binary = item.binary;
				returnData.push(output);
			} catch (error) {
				const nodeError = toNodeError(node, error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				// n8n's error item: `error` alone, so "continue (using error output)" routes it there with the input's fields.
				returnData.push({ json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
			}
		}
		return [returnData];
	}
}
