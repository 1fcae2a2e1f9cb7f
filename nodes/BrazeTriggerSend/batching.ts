// Which items travel together, and the Braze request bodies they become. Pure: no n8n import.
import { attributeObjectIdentifier, personKey, recipientIdentifier, type BrazeUser } from './brazeUser';
import type { AttributeValue } from './typedAttributes';

/** Braze's cap on `recipients` in one POST /campaigns/trigger/send. */
export const TRIGGER_SEND_MAX_RECIPIENTS = 50;
/** Braze's cap on attribute objects in one POST /users/track. */
export const USERS_TRACK_MAX_ATTRIBUTES = 75;

export interface Batch<E> {
	entries: E[];
}

export interface BatchRules<E> {
	maxSize: number;
	/** Entries with different keys never share a request. */
	groupKey: (entry: E) => string;
	/**
	 * When given, a recipient's next entry goes in a request sent after every request that already holds that
	 * recipient (in any group): one message per person per request, and a person's messages leave in item order.
	 */
	recipientId?: (entry: E) => string;
}

/**
 * First-fit grouping in item order: each entry joins the earliest-opened request of its group that has room (and,
 * with `recipientId`, comes after that recipient's previous request). Requests are returned in the order they were
 * opened, which is the order to send them in.
 */
export function batchEntries<E>(entries: readonly E[], rules: BatchRules<E>): Array<Batch<E>> {
	const batches: Array<Batch<E>> = [];
	const openByGroup = new Map<string, number[]>();
	const lastBatchOf = new Map<string, number>();
	const maxSize = Math.max(1, Math.floor(rules.maxSize));
	for (const entry of entries) {
		const key = rules.groupKey(entry);
		const recipient = rules.recipientId?.(entry);
		const after = recipient === undefined ? -1 : lastBatchOf.get(recipient) ?? -1;
		const open = openByGroup.get(key) ?? [];
		let target = open.find((position) => position > after);
		if (target === undefined) {
			target = batches.push({ entries: [] }) - 1;
			open.push(target);
		}
		batches[target].entries.push(entry);
		if (recipient !== undefined) lastBatchOf.set(recipient, target);
		// A full request takes no more entries: dropping it keeps the search short for big runs.
		openByGroup.set(key, batches[target].entries.length >= maxSize ? open.filter((position) => position !== target) : open);
	}
	return batches;
}

/** `items 0–49`, `item 7`, `items 0–2, 5, 9–10`: the item numbers a user sees in n8n. */
export function describeItems(itemIndexes: readonly number[]): string {
	const sorted = [...new Set(itemIndexes)].sort((a, b) => a - b);
	const ranges: string[] = [];
	for (let start = 0; start < sorted.length; ) {
		let end = start;
		while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
		ranges.push(end === start ? `${sorted[start]}` : `${sorted[start]}–${sorted[end]}`);
		start = end + 1;
	}
	return `${sorted.length === 1 ? 'item' : 'items'} ${ranges.join(', ')}`;
}

// ---- POST /campaigns/trigger/send ----

export interface SendEntry {
	itemIndex: number;
	campaignId: string;
	user: BrazeUser;
	sendId?: string;
	sendToExistingOnly: boolean;
	triggerProperties: Record<string, unknown>;
	attributes: Record<string, AttributeValue>;
}

export interface PlannedRequest<E> {
	entries: E[];
	body: Record<string, unknown>;
}

/**
 * Campaign and send id are request-level in Braze, so they split batches; trigger properties, attributes and
 * `send_to_existing_only` are recipient-level, so each recipient keeps its own and items that differ there still
 * share a request.
 */
export function planTriggerSends(entries: readonly SendEntry[], batch: boolean): Array<PlannedRequest<SendEntry>> {
	const batches = batchEntries(entries, {
		maxSize: batch ? TRIGGER_SEND_MAX_RECIPIENTS : 1,
		groupKey: (entry) => JSON.stringify([entry.campaignId, entry.sendId ?? null]),
		// A person is keyed by the id the item uses: the same customer named once by external id and once by braze_id
		// cannot be recognised before Braze resolves them.
		recipientId: (entry) => personKey(entry.user),
	});
	return batches.map(({ entries: requestEntries }) => ({
		entries: requestEntries,
		body: triggerSendBody(requestEntries),
	}));
}

function triggerSendBody(entries: readonly SendEntry[]): Record<string, unknown> {
	const [first] = entries;
	return {
		campaign_id: first.campaignId,
		...(first.sendId ? { send_id: first.sendId } : {}),
		recipients: entries.map((entry) => ({
			...recipientIdentifier(entry.user),
			...(isEmpty(entry.triggerProperties) ? {} : { trigger_properties: entry.triggerProperties }),
			...(isEmpty(entry.attributes) ? {} : { attributes: entry.attributes }),
			send_to_existing_only: entry.sendToExistingOnly,
		})),
	};
}

// ---- POST /users/track ----

export interface TrackEntry {
	itemIndex: number;
	user: BrazeUser;
	attributes: Record<string, AttributeValue>;
}

/** Braze applies attribute objects in order, so the same user may appear twice in one request. */
export function planAttributeTracks(entries: readonly TrackEntry[], batch: boolean): Array<PlannedRequest<TrackEntry>> {
	const batches = batchEntries(entries, {
		maxSize: batch ? USERS_TRACK_MAX_ATTRIBUTES : 1,
		groupKey: () => '',
	});
	return batches.map(({ entries: requestEntries }) => ({
		entries: requestEntries,
		body: {
			attributes: requestEntries.map((entry) => ({ ...entry.attributes, ...attributeObjectIdentifier(entry.user) })),
		},
	}));
}

/**
 * Braze answers a partly bad /users/track with 201 and `errors: [{type, input_array: 'attributes', index}]`:
 * the objects it names were not written. Returns those problems by position in the request.
 */
export function rejectedAttributeObjects(responseBody: unknown): Map<number, string> {
	const rejected = new Map<number, string>();
	const errors = (responseBody as { errors?: unknown } | undefined)?.errors;
	for (const error of Array.isArray(errors) ? errors : []) {
		const { type, input_array: inputArray, index } = (error ?? {}) as Record<string, unknown>;
		if (inputArray === 'attributes' && typeof index === 'number') {
			rejected.set(index, typeof type === 'string' ? type : JSON.stringify(error));
		}
	}
	return rejected;
}

/** Non-fatal problems Braze reports next to a success (`errors` of strings or objects), as text. */
export function brazeWarnings(responseBody: unknown): string[] {
	const errors = (responseBody as { errors?: unknown } | undefined)?.errors;
	if (!Array.isArray(errors)) return [];
	return errors.map((error) => (typeof error === 'string' ? error : JSON.stringify(error)));
}

function isEmpty(object: Record<string, unknown>): boolean {
	return Object.keys(object).length === 0;
}
