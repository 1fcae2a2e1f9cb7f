// What a text parameter holding an id or a tag (often an expression) gives, as sent: no n8n import.

/** Trimmed text; a number as its digits; anything else (an object, a list, nothing) empty. */
export function trimmedText(value: unknown): string {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}
