// Braze's built-in opt-out and help keywords. Braze answers them itself (and opts the number out), so they are
// never a support request: relaying them would open or bump a ticket for "STOP". Pure: no n8n import.

export const RESERVED_KEYWORDS: readonly string[] = [
	'STOP',
	'STOPALL',
	'UNSUBSCRIBE',
	'CANCEL',
	'END',
	'QUIT',
	'HELP',
	'INFO',
];

const KEYWORDS = new Set(RESERVED_KEYWORDS);

/**
 * True when the whole message is one reserved keyword, in any case, with only whitespace or punctuation around it
 * ("stop", " Stop! ", "«HELP»"). A keyword inside a sentence ("please stop the charges") is a real message.
 */
export function isReservedKeyword(message: string): boolean {
	const word = message.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
	return KEYWORDS.has(word.toUpperCase());
}
