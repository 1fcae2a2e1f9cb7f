// The SMS body: the user's wording around the comment's message, made to fit the segment cap. Pure: no n8n import.
// The wording comes from two node parameters that n8n resolves for each item (so n8n expressions work in them); this
// module only joins, tidies and, when it must, cuts the message.
import { tidyText } from './htmlToText';
import { countSms, cutToFit, fitToSegments, smartEncode, TRUNCATION_MARKER, type SmsEncoding } from './smsEncoding';

/** The seed recipe's wording, around the whole message. */
export const DEFAULT_TEXT_BEFORE = 'New message from Zendesk:\n';
export const DEFAULT_TEXT_AFTER = '\n\nFeel free to respond directly to this number!';

export interface SmsWording {
	/** Written before the message, as is (give it its own line break). */
	before: string;
	/** Written after the message, as is. */
	after: string;
}

export interface SmsOptions {
	maxSegments: number;
	smartEncoding: boolean;
}

export interface Sms {
	text: string;
	encoding: SmsEncoding;
	segments: number;
	characters: number;
	truncated: boolean;
}

/**
 * The SMS for one message: `before + message + after`, smart-encoded (when asked), with trailing spaces and extra blank
 * lines removed and trimmed. Over `maxSegments`, the message alone is cut at a word boundary and ended with the marker,
 * so that the wording around it (greeting, reply invitation) stays whole; only when not one character of the message
 * fits beside the wording is the whole text cut instead.
 */
export function composeSms(message: string, wording: SmsWording, options: SmsOptions): Sms {
	const around = (body: string) => {
		const joined = wording.before + body + wording.after;
		const encoded = options.smartEncoding ? smartEncode(joined) : joined;
		return tidyText(encoded.includes('\r') ? encoded.replace(/\r\n?/g, '\n') : encoded);
	};
	const full = around(message);
	const count = countSms(full);
	if (count.segments <= options.maxSegments) return described(full, false, count);
	const cut = cutToFit(message, options.maxSegments, TRUNCATION_MARKER, around);
	return described(cut ?? fitToSegments(full, options.maxSegments).text, true);
}

function described(text: string, truncated: boolean, count = countSms(text)): Sms {
	const { encoding, segments, characters } = count;
	return { text, encoding, segments, characters, truncated };
}
