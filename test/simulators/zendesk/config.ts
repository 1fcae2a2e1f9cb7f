// The account's realism switches: how far the simulator departs from a tidy account towards what a real Zendesk account
// does. Set them as constructor options or at run time over `POST /__sim/config`; every default is the tidy behaviour.

export type AccountLocale = 'en' | 'fr' | 'de' | 'es';

export const ACCOUNT_LOCALES: readonly AccountLocale[] = ['en', 'fr', 'de', 'es'];

/** Order in which the webhook calls of triggers fired by one update are sent. */
export type DeliveryOrder = 'fired' | 'reverse' | 'shuffle';

export const DELIVERY_ORDERS: readonly DeliveryOrder[] = ['fired', 'reverse', 'shuffle'];

/** Where a form-encoded POST/PUT/PATCH webhook puts its pairs (GET and DELETE always use the query string). */
export type FormPlacement = 'body' | 'query';

export interface AccountSettings {
	/** JSON-escape placeholder values rendered into JSON bodies; false inserts them raw (a quote breaks the JSON). */
	escapeJsonPlaceholders: boolean;
	/** The account's language: `{{ticket.status}}` renders the status label in it. */
	locale: AccountLocale;
	deliveryOrder: DeliveryOrder;
	/** Seed of the 'shuffle' order, so a run can be repeated. */
	deliverySeed: number;
	/** How far behind the search index is: GET /api/v2/search shows tickets as they were this long ago. */
	searchLagMs: number;
	/**
	 * How long `POST /api/v2/triggers` takes to answer while the trigger it made already fires (a slow answer under load):
	 * the caller cannot have recorded anything about the trigger when its first webhook call arrives.
	 */
	triggerAnswerLagMs: number;
	formEncodedPlacement: FormPlacement;
	/** User fields other apps created before ours (keys `crm_field_001`…), so our fields land past page 1. */
	extraUserFields: number;
	/** Largest upload accepted (Zendesk: 50 MB). */
	uploadMaxBytes: number;
	/** How long an upload token can be used (Zendesk: 60 minutes). */
	uploadTtlMs: number;
}

export const TIDY_SETTINGS: AccountSettings = {
	escapeJsonPlaceholders: true,
	locale: 'en',
	deliveryOrder: 'fired',
	deliverySeed: 1,
	searchLagMs: 0,
	triggerAnswerLagMs: 0,
	formEncodedPlacement: 'body',
	extraUserFields: 0,
	uploadMaxBytes: 50 * 1024 * 1024,
	uploadTtlMs: 60 * 60 * 1000,
};

type Check = (value: unknown) => boolean;

const nonNegative: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const oneOf = (allowed: readonly unknown[]): Check => (value) => allowed.includes(value);

const CHECKS: Record<keyof AccountSettings, Check> = {
	escapeJsonPlaceholders: (value) => typeof value === 'boolean',
	locale: oneOf(ACCOUNT_LOCALES),
	deliveryOrder: oneOf(DELIVERY_ORDERS),
	deliverySeed: (value) => Number.isInteger(value),
	searchLagMs: nonNegative,
	triggerAnswerLagMs: nonNegative,
	formEncodedPlacement: oneOf(['body', 'query']),
	extraUserFields: (value) => Number.isInteger(value) && (value as number) >= 0,
	uploadMaxBytes: nonNegative,
	uploadTtlMs: nonNegative,
};

export const SETTING_NAMES = Object.keys(CHECKS) as Array<keyof AccountSettings>;

/** The settings named in `input` (other keys are ignored, so a whole options object can be passed). */
export function pickSettings(input: object): Partial<AccountSettings> {
	const source = input as Record<string, unknown>;
	const picked: Record<string, unknown> = {};
	for (const name of SETTING_NAMES) {
		if (source[name] === undefined) continue;
		if (!CHECKS[name](source[name])) throw new Error(`invalid ${name}: ${JSON.stringify(source[name])}`);
		picked[name] = source[name];
	}
	return picked as Partial<AccountSettings>;
}

/** Like pickSettings, but an unknown key is an error (a typo over the control route must not pass silently). */
export function parseSettings(input: unknown): Partial<AccountSettings> {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('config must be a JSON object');
	const unknown = Object.keys(input).filter((key) => !SETTING_NAMES.includes(key as keyof AccountSettings));
	if (unknown.length > 0) throw new Error(`unknown setting(s): ${unknown.join(', ')}; known: ${SETTING_NAMES.join(', ')}`);
	return pickSettings(input);
}
