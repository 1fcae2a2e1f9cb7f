// An inbound SMS/MMS as the relay sees it: the comment it becomes and the key that identifies its delivery.
// Pure: no n8n import.
import { createHash } from 'node:crypto';

export interface InboundMessage {
	/** The customer's Braze external id; empty for customers Braze knows by phone only. */
	brazeExternalId: string;
	/** The customer's Braze braze_id; empty only in bodies of Braze campaigns set up before it was sent. */
	brazeId: string;
	message: string;
	mediaUrls: string[];
	/** Identifies one delivery of the message (Braze retries repeat it); empty when the caller has none. */
	deliveryId: string;
}

/**
 * MMS picture links, as Braze's `{{sms.${inbound_media_urls}}}` may render them: an array, a JSON array string or a
 * comma/whitespace separated list. Only http(s) links are kept, in order, without repeats.
 */
export function parseMediaUrls(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.flatMap((entry) => parseMediaUrls(entry)) : splitText(value);
	return [...new Set(parts.filter((part) => /^https?:\/\/\S+$/i.test(part)))];
}

function splitText(value: unknown): string[] {
	if (typeof value !== 'string') return [];
	const text = value.trim();
	if (text.startsWith('[')) {
		try {
			return parseMediaUrls(JSON.parse(text));
		} catch {
			// Not JSON after all: read it as a plain list below.
		}
	}
	return text
		.replace(/^\[|\]$/g, '')
		.split(/[\s,]+/)
		.map((part) => part.replace(/^["']|["']$/g, ''));
}

/**
 * The text, then one line per picture link: what a delivery key hashes. It was the whole comment before files were
 * attached (media/mediaPolicy.ts, messageText); kept as is so that a retry still matches a delivery relayed before.
 */
export function commentBody(inbound: Pick<InboundMessage, 'message' | 'mediaUrls'>): string {
	return [inbound.message.trim(), ...inbound.mediaUrls].filter((line) => line !== '').join('\n');
}

/**
 * Without a delivery id, a retry can only be told from a new message by time: the same text from the same customer
 * within the same window (or the one before) counts as the same delivery. Two minutes catches Braze's first quick
 * retries and keeps two genuine "ok"s sent a few minutes apart separate; a delivery id removes the guesswork.
 */
export const RETRY_WINDOW_MS = 2 * 60_000;

export interface DeliveryKeys {
	/** Sent as `Idempotency-Key` when a ticket is created, and remembered on the ticket once the message is in. */
	key: string;
	/** Keys under which this same delivery may already have been relayed (the key itself first). */
	sameDelivery: string[];
}

/**
 * The customer across the life of their Braze profile: braze_id stays when Braze later gives an anonymous profile an
 * external id, so a retry sent before and after that is still the same delivery of the same customer.
 */
export function customerKey(inbound: Pick<InboundMessage, 'brazeExternalId' | 'brazeId'>): string {
	return (inbound.brazeId.trim() || inbound.brazeExternalId.trim()).toLowerCase();
}

/**
 * Stable across retries of one delivery, different for a different delivery: a hash of the customer, the message,
 * its pictures and the delivery id (or, without one, the retry window).
 */
export function deliveryKeys(inbound: InboundMessage, now: number): DeliveryKeys {
	const hash = (discriminator: string) =>
		createHash('sha256')
			.update(
				JSON.stringify([
					customerKey(inbound),
					commentBody(inbound),
					discriminator,
				]),
			)
			.digest('hex')
			.slice(0, 16);
	const deliveryId = inbound.deliveryId.trim();
	if (deliveryId) {
		const key = hash(`delivery:${deliveryId}`);
		return { key, sameDelivery: [key] };
	}
	const window = Math.floor(now / RETRY_WINDOW_MS);
	const key = hash(`window:${window}`);
	return { key, sameDelivery: [key, hash(`window:${window - 1}`)] };
}

/**
 * The `ticketId` hint as a Zendesk ticket id: a number or a numeric string ("123", as Braze renders attributes);
 * anything else (empty, "0", an unrendered attribute) means no hint.
 */
export function parseTicketHint(value: unknown): number | undefined {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^\d{1,15}$/.test(text)) return undefined;
	const id = Number(text);
	return id > 0 ? id : undefined;
}

/** Tags for a new ticket from a comma/space separated list or an array; Zendesk tags have no spaces. */
export function parseTags(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
	return [...new Set(parts.flatMap((part) => part.split(/[\s,]+/)).filter((tag) => tag !== ''))];
}
