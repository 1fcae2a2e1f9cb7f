// Key/value pairs from the node's fixed collections, turned into the JSON Braze stores. Pure: no n8n import.
// Braze keeps the first type a custom attribute is written with, so "true" must reach it as true and "42" as 42:
// a value that does not fit its declared type is an error, never a silent string.
import { trimmedText } from '../shared/parameterText';

export type AttributeType = 'string' | 'number' | 'boolean';
export type AttributeValue = string | number | boolean;

export interface KeyValueEntry {
	key?: unknown;
	value?: unknown;
}

export interface TypedEntry extends KeyValueEntry {
	type?: AttributeType;
}

/** A value a user typed that cannot be sent; carries enough to name the item and the field. */
export class FieldValueError extends Error {
	readonly itemIndex: number;
	readonly field: string;
	/** The message without the item number: `<field> <problem>`. */
	readonly problem: string;

	constructor(itemIndex: number, field: string, problem: string) {
		super(`Item ${itemIndex}: ${field} ${problem}`);
		this.name = 'FieldValueError';
		this.itemIndex = itemIndex;
		this.field = field;
		this.problem = `${field} ${problem}`;
	}
}

/** A required text parameter (IDs): trimmed, and never empty. */
export function requiredText(value: unknown, itemIndex: number, field: string): string {
	const text = trimmedText(value);
	if (!text) throw new FieldValueError(itemIndex, field, 'is empty');
	return text;
}

function entryKey(entry: KeyValueEntry, itemIndex: number, field: string, position: number): string {
	const key = typeof entry.key === 'string' ? entry.key.trim() : '';
	if (!key) throw new FieldValueError(itemIndex, `${field} #${position + 1}`, 'has an empty key');
	return key;
}

/** Trigger properties: values go as they are (text, or whatever JSON an expression produced). Later keys win. */
export function keyValues(
	entries: readonly KeyValueEntry[] | undefined,
	itemIndex: number,
	field: string,
): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	(entries ?? []).forEach((entry, position) => {
		result[entryKey(entry, itemIndex, field, position)] = entry.value ?? '';
	});
	return result;
}

/** Attributes: each value converted to its declared type (string when none is given). Later keys win. */
export function typedAttributes(
	entries: readonly TypedEntry[] | undefined,
	itemIndex: number,
	field: string,
): Record<string, AttributeValue> {
	const result: Record<string, AttributeValue> = {};
	(entries ?? []).forEach((entry, position) => {
		const key = entryKey(entry, itemIndex, field, position);
		result[key] = toType(entry.value, entry.type ?? 'string', (problem) => {
			throw new FieldValueError(itemIndex, `${field} "${key}"`, problem);
		});
	});
	return result;
}

function toType(value: unknown, type: AttributeType, fail: (problem: string) => never): AttributeValue {
	switch (type) {
		case 'number':
			return toNumber(value) ?? fail(`must be a number, got ${shown(value)}`);
		case 'boolean':
			return toBoolean(value) ?? fail(`must be true or false, got ${shown(value)}`);
		case 'string':
			return typeof value === 'string' ? value : value === undefined || value === null ? '' : textOf(value);
		default:
			return fail(`has an unknown type "${String(type)}"`);
	}
}

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const parsed = Number(value.trim());
	return Number.isFinite(parsed) ? parsed : undefined;
}

function toBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value !== 'string') return undefined;
	const text = value.trim().toLowerCase();
	return text === 'true' ? true : text === 'false' ? false : undefined;
}

function textOf(value: unknown): string {
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function shown(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'an empty value';
	const text = textOf(value);
	return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
