// Braze Liquid: `{{api_trigger_properties.${msg_body}}}`, `{{${first_name}}}`, `{{custom_attribute.${zendesk_ticket}}}`,
// `{{${braze_id}}}`, `{{sms.${inbound_message_body}}}`. Braze's `${name}` form is rewritten to plain Liquid variable
// access, then liquidjs renders it.
import { Liquid } from 'liquidjs';

const engine = new Liquid({ strictFilters: false, strictVariables: false });
engine.registerFilter('json_escape', (value: unknown) => JSON.stringify(String(value ?? '')).slice(1, -1));

/** `a.${b c}` → `a["b c"]`, `${name}` → `name`. */
export function toStandardLiquid(template: string): string {
	return template.replace(/\.\$\{([^}]*)\}/g, (_, name: string) => `[${JSON.stringify(name)}]`).replace(/\$\{([^}]*)\}/g, '$1');
}

export interface BrazeLiquidContext {
	/** The profile's external id; empty for an anonymous profile, as `{{${user_id}}}` renders for it. */
	externalId?: string;
	brazeId?: string;
	/** The attributes Liquid sees (see BrazeStore.liquidAttributes). */
	attributes: Record<string, unknown>;
	triggerProperties?: Record<string, unknown>;
	/** Inbound SMS fields (`inbound_message_body`, `inbound_media_urls`) for webhook campaigns triggered by one. */
	sms?: Record<string, unknown>;
	/** Campaign fields such as `dispatch_id`. */
	campaign?: Record<string, unknown>;
}

export function renderBrazeLiquid(template: string, context: BrazeLiquidContext): string {
	const { attributes } = context;
	const scope = {
		api_trigger_properties: context.triggerProperties ?? {},
		custom_attribute: attributes,
		user_id: context.externalId ?? '',
		braze_id: context.brazeId ?? '',
		first_name: attributes.first_name,
		last_name: attributes.last_name,
		email_address: attributes.email,
		phone_number: attributes.phone,
		sms: context.sms ?? {},
		campaign: context.campaign ?? {},
	};
	return engine.parseAndRenderSync(toStandardLiquid(template), scope);
}
