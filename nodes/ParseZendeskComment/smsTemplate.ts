// The SMS body: a Braze-style Liquid template (liquidjs) rendered per comment, then made to fit the segment cap.
// Pure: no n8n import. A template is compiled once (compileSmsTemplate) and rendered for every item.
import { Liquid, LiquidError } from 'liquidjs';

import { tidyText } from './htmlToText';
import { countSms, cutToFit, fitToSegments, smartEncode, TRUNCATION_MARKER, type SmsEncoding } from './smsEncoding';

/** The seed recipe's wording, with the whole message instead of its second line. */
export const DEFAULT_TEMPLATE = 'New message from Zendesk:\n{{ message }}\n\nFeel free to respond directly to this number!';

/** Liquid that does not parse; `detail` is liquidjs' own description with line and column. */
export class TemplateSyntaxError extends Error {
	readonly detail: string;

	constructor(detail: string) {
		super(`The template is not valid Liquid: ${detail}`);
		this.name = 'TemplateSyntaxError';
		this.detail = detail;
	}
}

/** A template that failed while rendering one comment (e.g. it went over the render limits). */
export class TemplateRenderError extends Error {
	constructor(detail: string) {
		super(`The template failed to render: ${detail}`);
		this.name = 'TemplateRenderError';
	}
}

function toText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * One engine for the process: its options are fixed, it keeps no template cache and no state between renders.
 * - strictFilters: an unknown filter is a syntax error found at compile time, not an empty string at send time;
 * - ownPropertyOnly: item fields cannot reach prototypes ("{{ x.constructor }}" renders nothing);
 * - no file system: `templates: {}` and the include/render/layout tags removed, so a template cannot read files;
 * - limits on template size, render time and memory so that one template cannot stall n8n.
 */
function createEngine(): Liquid {
	const engine = new Liquid({
		strictFilters: true,
		strictVariables: false,
		ownPropertyOnly: true,
		templates: {},
		relativeReference: false,
		cache: false,
		parseLimit: 100_000,
		renderLimit: 1_000,
		memoryLimit: 10_000_000,
	});
	for (const tag of ['include', 'render', 'layout']) delete engine.tags[tag];
	// Braze filters beyond standard Liquid that SMS templates commonly use.
	engine.registerFilter('json_escape', (value: unknown) => JSON.stringify(toText(value)).slice(1, -1));
	engine.registerFilter('url_param_escape', (value: unknown) => encodeURIComponent(toText(value)));
	engine.registerFilter('to_i', (value: unknown) => {
		const parsed = Number.parseInt(toText(value), 10);
		return Number.isFinite(parsed) ? parsed : 0;
	});
	engine.registerFilter('number_with_delimiter', (value: unknown) => {
		const [whole, fraction] = toText(value).split('.');
		const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
		return fraction === undefined ? grouped : `${grouped}.${fraction}`;
	});
	engine.registerFilter('property_accessor', (value: unknown, key: unknown) => {
		if (value === null || typeof value !== 'object') return undefined;
		const name = toText(key);
		return Object.prototype.hasOwnProperty.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;
	});
	return engine;
}

let sharedEngine: Liquid | undefined;
function engine(): Liquid {
	sharedEngine ??= createEngine();
	return sharedEngine;
}

export interface SmsTemplate {
	readonly source: string;
	/** Renders the template as is (no smart encoding, no trimming). */
	render(variables: Record<string, unknown>): string;
	/** The same, always through liquidjs (the reference the direct rendering of simple templates is tested against). */
	renderWithLiquid(variables: Record<string, unknown>): string;
}

/** Runs `work`, turning a liquidjs error into `wrap(message)`; other errors pass through unchanged. */
function liquidCall<T>(work: () => T, wrap: (detail: string) => Error): T {
	let outcome: { value: T } | { error: unknown };
	try {
		outcome = { value: work() };
	} catch (error) {
		outcome = { error };
	}
	if ('value' in outcome) return outcome.value;
	throw outcome.error instanceof LiquidError ? wrap(outcome.error.message) : outcome.error;
}

/** Output tags of the simplest kind: a variable or a dotted path, no filter, no whitespace control. */
const PLAIN_OUTPUT = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;
/** Names Liquid reads as literals or computes (size/first/last): left to liquidjs. */
const LIQUID_SPECIAL = new Set(['nil', 'null', 'empty', 'blank', 'true', 'false', 'size', 'first', 'last']);
/** Returned by the direct renderer when a value needs liquidjs' own stringification. */
const NEEDS_LIQUID = Symbol('needs liquidjs');

type DirectRenderer = (variables: Record<string, unknown>) => string | typeof NEEDS_LIQUID;

/**
 * Most SMS templates are text with plain `{{ variable }}` outputs (the default one is). Those are rendered by
 * concatenation: the same result as liquidjs for strings, numbers, booleans and missing values (own properties only),
 * without its per-render machinery. Anything else — tags, filters, whitespace control, an object or array value —
 * goes through liquidjs. Tests check both give the same text.
 */
function directRenderer(source: string): DirectRenderer | undefined {
	const literals: string[] = [];
	const paths: string[][] = [];
	let last = 0;
	for (const match of source.matchAll(PLAIN_OUTPUT)) {
		literals.push(source.slice(last, match.index));
		const path = match[1].split('.');
		if (path.some((key) => LIQUID_SPECIAL.has(key))) return undefined;
		paths.push(path);
		last = match.index + match[0].length;
	}
	literals.push(source.slice(last));
	if (literals.some((literal) => literal.includes('{{') || literal.includes('{%'))) return undefined;
	return (variables) => {
		let out = literals[0];
		for (let i = 0; i < paths.length; i++) {
			let value: unknown = variables;
			for (const key of paths[i]) {
				if (value === undefined || value === null) break;
				if (typeof value !== 'object' || Array.isArray(value)) return NEEDS_LIQUID;
				value = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
			}
			if (typeof value === 'string') out += value;
			else if (typeof value === 'number' || typeof value === 'boolean') out += String(value);
			else if (value !== undefined && value !== null) return NEEDS_LIQUID;
			out += literals[i + 1];
		}
		return out;
	};
}

/** Compiles a template once; throws TemplateSyntaxError when it does not parse. */
export function compileSmsTemplate(source: string): SmsTemplate {
	const liquid = engine();
	const compiled = liquidCall(() => liquid.parse(source), (detail) => new TemplateSyntaxError(detail));
	const viaLiquid = (variables: Record<string, unknown>) =>
		toText(liquidCall(() => liquid.renderSync(compiled, variables), (detail) => new TemplateRenderError(detail)));
	const direct = directRenderer(source);
	return {
		source,
		render: direct
			? (variables) => {
					const text = direct(variables);
					return text === NEEDS_LIQUID ? viaLiquid(variables) : text;
				}
			: viaLiquid,
		renderWithLiquid: viaLiquid,
	};
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
 * Renders the SMS for one comment. The rendered text is smart-encoded (when asked), its trailing spaces and extra blank
 * lines removed and trimmed. Over `maxSegments`, the message itself is cut at a word boundary (with the marker) so that
 * the template's own wording (greeting, reply invitation) stays whole; when that cannot fit (the template's fixed text is
 * itself too long, or it does not show `message`) the rendered text is cut instead.
 */
export function composeSms(
	template: SmsTemplate,
	variables: Record<string, unknown> & { message: string },
	options: SmsOptions,
): Sms {
	const finish = (rendered: string) => {
		const encoded = options.smartEncoding ? smartEncode(rendered) : rendered;
		return tidyText(encoded.includes('\r') ? encoded.replace(/\r\n?/g, '\n') : encoded);
	};
	const full = finish(template.render(variables));
	let text = full;
	let truncated = false;
	let count = countSms(full);
	if (count.segments > options.maxSegments) {
		truncated = true;
		text =
			cutToFit(variables.message, options.maxSegments, TRUNCATION_MARKER, (cut) =>
				finish(template.render({ ...variables, message: cut })),
			) ?? fitToSegments(full, options.maxSegments).text;
		count = countSms(text);
	}
	return { text, encoding: count.encoding, segments: count.segments, characters: count.characters, truncated };
}
