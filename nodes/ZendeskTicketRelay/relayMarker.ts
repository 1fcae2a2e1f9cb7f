// Which deliveries a ticket already holds. The relay remembers the keys of the last messages it put into a ticket in
// the ticket's own `external_id` (an API field agents do not see in the workspace), written by the same request that
// adds the comment or creates the ticket. A retried delivery then finds its key on the ticket it was matched to and
// adds nothing, at no extra Zendesk call: the ticket is read anyway to route the message.
// Pure: no n8n import.

export type RelayedAction = 'created' | 'commented' | 'reopened' | 'followUp';

const PREFIX = 'braze-sms:';
/**
 * The marker keeps the first 8 hex digits of a delivery key: it only has to tell apart the few deliveries recorded
 * on one ticket (a chance of 1 in 4 billion per pair), and short entries let one coalesced comment record a whole burst.
 */
const MARKER_KEY_LENGTH = 8;
/** As many entries ("<key><action code>", dot-separated) as fit Zendesk's 255-character external_id: 24. */
export const REMEMBERED_DELIVERIES = Math.floor((255 - PREFIX.length + 1) / (MARKER_KEY_LENGTH + 2));

const CODES: Record<RelayedAction, string> = { created: 'c', commented: 'm', reopened: 'r', followUp: 'f' };
const ACTIONS = new Map(Object.entries(CODES).map(([action, code]) => [code, action as RelayedAction]));

const short = (key: string) => key.slice(0, MARKER_KEY_LENGTH);

/**
 * The ticket's remembered deliveries, short key → what the relay did; undefined when `external_id` holds someone
 * else's value (another integration's id), which the relay then leaves alone.
 */
function readMarker(externalId: unknown): Map<string, RelayedAction> | undefined {
	if (externalId === null || externalId === undefined || externalId === '') return new Map();
	if (typeof externalId !== 'string' || !externalId.startsWith(PREFIX)) return undefined;
	const entries = new Map<string, RelayedAction>();
	for (const entry of externalId.slice(PREFIX.length).split('.')) {
		const action = ACTIONS.get(entry.slice(-1));
		if (action && entry.length > 1) entries.set(entry.slice(0, -1), action);
	}
	return entries;
}

/** What the relay did with this delivery on this ticket before, if it did. */
export function relayedBefore(externalId: unknown, sameDelivery: readonly string[]): RelayedAction | undefined {
	const entries = readMarker(externalId);
	for (const key of sameDelivery) {
		const action = entries?.get(short(key));
		if (action) return action;
	}
	return undefined;
}

/**
 * The `external_id` that records these deliveries (written by one request), newest first, oldest forgotten;
 * undefined when the field belongs to someone else (the messages are still relayed, only without retry protection
 * on that ticket).
 */
export function markerWith(externalId: unknown, keys: readonly string[], action: RelayedAction): string | undefined {
	const entries = readMarker(externalId);
	if (!entries) return undefined;
	const added = [...new Set(keys.map(short))].reverse();
	const kept = [...entries].filter(([known]) => !added.includes(known));
	const newestFirst = [...added.map((key) => [key, action] as const), ...kept].slice(0, REMEMBERED_DELIVERIES);
	return PREFIX + newestFirst.map(([known, done]) => known + CODES[done]).join('.');
}

/** The `external_id` of a ticket the relay opens for these deliveries. */
export function newMarker(keys: readonly string[], action: RelayedAction): string {
	return markerWith(null, keys, action) as string;
}

/** How many deliveries one write may record: all of them, and still the few written just before, stay remembered. */
export const MAX_DELIVERIES_PER_WRITE = REMEMBERED_DELIVERIES - 4;
