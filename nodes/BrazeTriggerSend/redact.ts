// Keeps the Braze API key out of what users see. Pure: no n8n import.
import { VendorRequestError } from '../shared/vendorError';

/**
 * Braze's 401 answer can quote the key it was given (say, a valid key of another instance): take it out of anything
 * read from an answer before it reaches an error or an output item.
 */
export function redactor(apiKey: string): <T>(value: T) => T {
	const secret = apiKey.trim();
	const clean = (text: string) => (secret.length >= 4 ? text.split(secret).join('[redacted]') : text);
	return <T>(value: T): T => {
		if (value instanceof VendorRequestError) {
			value.message = clean(value.message);
			Object.assign(value, { description: clean(value.description), body: undefined });
			return value;
		}
		const text = JSON.stringify(value);
		return text === undefined || clean(text) === text ? value : (JSON.parse(clean(text)) as T);
	};
}
