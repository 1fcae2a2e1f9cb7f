// relayInbound: one inbound SMS per item into the customer's Zendesk ticket (see relay.ts for the steps).
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toNodeError } from '../../shared/nodeErrors';
import { customerKey, parseMediaUrls, parseTags, parseTicketHint } from '../inboundMessage';
import { mapWithConcurrency } from '../../shared/concurrency';
import { vendorBaseUrl, vendorCredentials } from '../../shared/transport';
import { sleepUnlessCancelled } from '../../shared/wait';
import { ConversationQueue, ZENDESK_TICKET_PACE } from '../conversationQueue';
import { isReservedKeyword } from '../keywords';
import { mediaOptions } from '../media/mediaOptions';
import { mediaSettings, type MediaOptionValues } from '../media/mediaPolicy';
import { zendeskMediaAttacher } from '../media/mediaTransfer';
import { IGNORED, relayConversation, type InboundRelay, type RelayResult } from '../relay';
import { zendeskRelayApi } from '../zendeskApi';
import { isZendeskUnavailable } from '../zendeskUnavailable';

const show = { show: { operation: ['relayInbound'] } };

/** Conversations of one execution relayed at the same time, unless the node's option says otherwise. */
const PARALLEL_CONVERSATIONS = 5;

export const description: INodeProperties[] = [
	{
		displayName: 'Braze External ID',
		name: 'brazeExternalId',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.body.external_id }}',
		description:
			"The customer's Braze external ID, empty for customers Braze knows by phone only; the Zendesk end-user is found or created by it (external_id). Give this, the Braze ID, or both.",
		displayOptions: show,
	},
	{
		displayName: 'Braze ID',
		name: 'brazeId',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.body.braze_id }}',
		description:
			"The customer's braze_id, which Braze always has (also for profiles known by phone only). Kept on the Zendesk end-user so replies reach the customer, and so their conversation stays the same when Braze later gives them an external ID.",
		displayOptions: show,
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'e.g. {{ $json.body.message }}',
		description: 'The inbound SMS text; it becomes a public comment by the customer',
		displayOptions: show,
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: "The customer's name for the Zendesk profile; left empty, Zendesk keeps the name it has",
		displayOptions: show,
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: '+33612345678',
		description: "The customer's phone number for the Zendesk profile",
		displayOptions: show,
	},
	{
		displayName: 'Ticket ID Hint',
		name: 'ticketId',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.body.ticket_id }}',
		description:
			"The customer's current ticket as Braze knows it (zendesk_ticket attribute); used only if that ticket is this customer's",
		displayOptions: show,
	},
	{
		displayName: 'Media URLs',
		name: 'mediaUrls',
		type: 'string',
		default: '',
		description:
			"MMS picture links, comma-separated or an array. Each file is attached to the customer's comment (see Media); one that is not stays a link, with the reason.",
		displayOptions: show,
	},
	mediaOptions(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Delivery ID',
				name: 'deliveryId',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.body.dispatch_id }}',
				description:
					"An ID of this inbound message that Braze's retries repeat (e.g. the campaign's dispatch_id): a retried delivery is then never added twice, while the same text sent again is. Without it, the same text within about two minutes counts as a retry.",
			},
			{
				displayName: 'Parallel Conversations',
				name: 'parallelConversations',
				type: 'number',
				default: PARALLEL_CONVERSATIONS,
				typeOptions: { minValue: 1, numberPrecision: 0 },
				description:
					"How many customers' conversations of one execution are relayed at the same time. Many items at once (e.g. a replayed list of texts) would otherwise use up the Zendesk account's rate limit that every other execution shares. One customer's items always go in order, as one comment.",
			},
			{
				displayName: 'Reopen Solved Tickets',
				name: 'reopenSolved',
				type: 'boolean',
				default: true,
				description: 'Whether a message on a solved ticket reopens it; if off, a new ticket is opened instead',
			},
			{
				displayName: 'Subject',
				name: 'subject',
				type: 'string',
				default: '',
				placeholder: 'SMS from {name or phone}',
				description: 'Subject of new tickets',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: 'sms',
				description: 'Tags of new tickets, comma-separated',
			},
		],
	},
];

const FIELD_NAMES: Record<string, string> = {
	brazeExternalId: 'Braze External ID',
	brazeId: 'Braze ID',
	message: 'Message',
	name: 'Name',
	phone: 'Phone',
	deliveryId: 'Delivery ID',
	subject: 'Subject',
};

/** Text fields take text or a number; an object or array (a mapping mistake) is named, never sent as "[object Object]". */
function text(context: IExecuteFunctions, itemIndex: number, name: string, value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
	const kind = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
	throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: "${FIELD_NAMES[name]}" (${name}) must be text, got ${kind}`, {
		itemIndex,
		description: 'Map a single text value from the incoming data, e.g. {{ $json.body.message }}.',
	});
}

function readInbound(context: IExecuteFunctions, itemIndex: number): InboundRelay {
	const parameter = (name: string) => context.getNodeParameter(name, itemIndex, '') as unknown;
	const field = (name: string) => text(context, itemIndex, name, parameter(name));
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const media = context.getNodeParameter('media', itemIndex, {}) as MediaOptionValues;
	const inbound: InboundRelay = {
		brazeExternalId: field('brazeExternalId').trim(),
		brazeId: field('brazeId').trim(),
		message: field('message'),
		name: field('name'),
		phone: field('phone'),
		mediaUrls: parseMediaUrls(parameter('mediaUrls')),
		ticketIdHint: parseTicketHint(parameter('ticketId')),
		deliveryId: text(context, itemIndex, 'deliveryId', options.deliveryId),
		options: {
			subject: text(context, itemIndex, 'subject', options.subject).trim(),
			tags: parseTags(options.tags ?? 'sms'),
			reopenSolved: options.reopenSolved !== false,
			media: mediaSettings(media),
		},
	};
	const missing = (displayName: string, name: string, example: string) =>
		new NodeOperationError(context.getNode(), `Item ${itemIndex}: "${displayName}" (${name}) is empty`, {
			itemIndex,
			description: `Map it from the incoming data, e.g. ${example}.`,
		});
	if (!inbound.brazeExternalId && !inbound.brazeId) {
		throw new NodeOperationError(
			context.getNode(),
			`Item ${itemIndex}: "Braze External ID" (brazeExternalId) and "Braze ID" (brazeId) are both empty`,
			{
				itemIndex,
				description:
					'Map at least one from the incoming data, e.g. {{ $json.body.external_id }} and {{ $json.body.braze_id }} (Braze always has a braze_id).',
			},
		);
	}
	// braze_ids are 24 hexadecimal digits; anything far from that is a mapping mistake, named here rather than by Zendesk.
	if (inbound.brazeId && !/^[\x21-\x7e]{1,64}$/.test(inbound.brazeId)) {
		throw new NodeOperationError(
			context.getNode(),
			`Item ${itemIndex}: "Braze ID" (brazeId) is not a braze_id (24 hexadecimal digits expected)`,
			{ itemIndex, description: 'Map Braze\'s braze_id, e.g. {{ $json.body.braze_id }}.' },
		);
	}
	// A picture sent without text (MMS) is still a message.
	if (!inbound.message.trim() && inbound.mediaUrls.length === 0) {
		throw missing('Message', 'message', '{{ $json.body.message }}');
	}
	return inbound;
}

/** Every customer's conversation across the executions of this n8n process (see conversationQueue.ts). */
const conversations = new ConversationQueue<InboundRelay, RelayResult>(ZENDESK_TICKET_PACE, sleepUnlessCancelled, {
	failsTogether: isZendeskUnavailable,
});

/** Starts over as a freshly started n8n would: for tests and benches that reset their Zendesk between runs. */
export function forgetConversations(): void {
	conversations.clear();
}

/** The Zendesk account and API user: its tickets' update limits are its own, and two accounts' customers never mix. */
async function zendeskAccount(context: IExecuteFunctions): Promise<string> {
	const { email } = await vendorCredentials(context, 'zendesk');
	return `${await vendorBaseUrl(context, 'zendesk')}|${String(email).toLowerCase()}`;
}

/** The "Parallel Conversations" option: a whole number of at least 1 (an expression could give anything). */
function parallelConversations(context: IExecuteFunctions): number {
	const value = context.getNodeParameter('options.parallelConversations', 0, PARALLEL_CONVERSATIONS) as unknown;
	if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
	throw new NodeOperationError(
		context.getNode(),
		`"Parallel Conversations" (parallelConversations) must be a whole number of at least 1, got ${JSON.stringify(value)}`,
		{ description: `Leave it at ${PARALLEL_CONVERSATIONS} unless Zendesk's rate limit says otherwise.` },
	);
}

interface ReadItems {
	/** Each customer's items (index and message) in item order, by conversation key. */
	conversations: Map<string, Array<{ itemIndex: number; inbound: InboundRelay }>>;
	/** Items already settled without Zendesk: unreadable ones (their error), keywords. */
	settled: Array<PromiseSettledResult<RelayResult> | undefined>;
}

function readItems(context: IExecuteFunctions, account: string): ReadItems {
	const read: ReadItems = { conversations: new Map(), settled: [] };
	context.getInputData().forEach((_item, itemIndex) => {
		try {
			const inbound = readInbound(context, itemIndex);
			// A keyword Braze handles itself costs Zendesk nothing and takes no turn.
			if (isReservedKeyword(inbound.message)) {
				read.settled[itemIndex] = { status: 'fulfilled', value: IGNORED };
				return;
			}
			const key = `${account}|${customerKey(inbound)}`;
			const members = read.conversations.get(key) ?? [];
			members.push({ itemIndex, inbound });
			read.conversations.set(key, members);
		} catch (error) {
			read.settled[itemIndex] = { status: 'rejected', reason: error };
		}
	});
	return read;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const zendesk = zendeskRelayApi(this);
	const media = zendeskMediaAttacher(this);
	const account = await zendeskAccount(this);
	const parallel = parallelConversations(this);
	const relayBatch = async (batch: InboundRelay[]) => await relayConversation(zendesk, batch, Date.now(), media);
	const cancelSignal = this.getExecutionCancelSignal();
	const { conversations: ofThisRun, settled } = readItems(this, account);
	// A few customers at a time, so a thousand items never open a thousand conversations at once. A customer's items
	// join their conversation together: they reach the ticket in item order, in one write when nothing else waits.
	await mapWithConcurrency([...ofThisRun], parallel, async ([key, members]) => {
		const messages = members.map((member) => member.inbound);
		const relayed = await Promise.allSettled(conversations.relayEach(key, messages, relayBatch, cancelSignal));
		members.forEach((member, index) => (settled[member.itemIndex] = relayed[index]));
	});
	// Every item has been tried before the first failed item's error is thrown: no customer's message is left unrelayed
	// because another's failed.
	return settled.map((outcome, itemIndex) => {
		if (outcome?.status === 'fulfilled') return { json: { ...outcome.value }, pairedItem: { item: itemIndex } };
		const nodeError = toNodeError(this.getNode(), outcome?.reason, itemIndex);
		if (!this.continueOnFail()) throw nodeError;
		return { json: { error: nodeError.message }, pairedItem: { item: itemIndex } };
	});
}
