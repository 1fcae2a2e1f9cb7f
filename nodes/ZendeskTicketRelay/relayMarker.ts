// Which deliveries a ticket already holds. The relay remembers the keys of the last few messages it put into a
// ticket in the ticket's own `external_id` (an API field agents do not see in the workspace), written by the same
// request that adds the comment or creates the ticket. A retried delivery then finds its key on the ticket it was
// matched to and adds nothing, at no extra Zendesk call: the ticket is read anyway to route the message.
// Pure: no n8n import.

export type RelayedAction = 'created' | 'commented' | 'reopened' | 'followUp';

const PREFIX = 'braze-sms:';
/** Enough for a retry that arrives after a few newer messages; 8 × 17 characters stay far below the field's 255. */
export const REMEMBERED_DELIVERIES = 8;

const CODES: Record<RelayedAction, string> = { created: 'c', commented: 'm', reopened: 'r', followUp: 'f' };
const ACTIONS = new Map(Object.entries(CODES).map(([action, code]) => [code, action as RelayedAction]));

/**
 * The ticket's remembered deliveries, key → what the relay did; undefined when `external_id` holds someone else's
 * value (another integration's id), which the relay then leaves alone.
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
		const action = entries?.get(key);
		if (action) return action;
	}
	return undefined;
}

/**
 * The `external_id` that records this delivery, newest first, oldest forgotten; undefined when the field belongs
 * to someone else (the message is still relayed, only without retry protection on that ticket).
 */
export function markerWith(externalId: unknown, key: string, action: RelayedAction): string | undefined {
	const entries = readMarker(externalId);
	if (!entries) return undefined;
	const kept = [...entries].filter(([known]) => known !== key).slice(0, REMEMBERED_DELIVERIES - 1);
	return PREFIX + [[key, action] as const, ...kept].map(([known, done]) => known + CODES[done]).join('.');
}

/** The `external_id` of a ticket the relay opens for this delivery. */
export function newMarker(key: string, action: RelayedAction): string {
	return PREFIX + key + CODES[action];
}
