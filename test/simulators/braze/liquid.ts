// Braze Liquid: `{{api_trigger_properties.${msg_body}}}`, `{{${first_name}}}`, `{{custom_attribute.${zendesk_ticket}}}`.
// Braze's `${name}` form is rewritten to plain Liquid variable access, then liquidjs renders it.
import { Liquid } from 'liquidjs';

const engine = new Liquid({ strictFilters: false, strictVariables: false });
engine.registerFilter('json_escape', (value: unknown) => JSON.stringify(String(value ?? '')).slice(1, -1));

/** `a.${b c}` → `a["b c"]`, `${name}` → `name`. */
export function toStandardLiquid(template: string): string {
	return template.replace(/\.\$\{([^}]*)\}/g, (_, name: string) => `[${JSON.stringify(name)}]`).replace(/\$\{([^}]*)\}/g, '$1');
}

export interface BrazeLiquidContext {
	externalId: string;
	attributes: Record<string, unknown>;
	triggerProperties: Record<string, unknown>;
}

export function renderBrazeLiquid(template: string, context: BrazeLiquidContext): string {
	const { attributes } = context;
	const scope = {
		api_trigger_properties: context.triggerProperties,
		custom_attribute: attributes,
		user_id: context.externalId,
		first_name: attributes.first_name,
		last_name: attributes.last_name,
		email_address: attributes.email,
		phone_number: attributes.phone,
	};
	return engine.parseAndRenderSync(toStandardLiquid(template), scope);
}
