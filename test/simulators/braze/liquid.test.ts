import { renderBrazeLiquid, toStandardLiquid } from '.';

describe('Braze Liquid', () => {
	const context = { externalId: 'u1', attributes: { first_name: 'Ada', phone: '+1555', 'fav color': 'blue' }, triggerProperties: { msg_body: 'Hi "you"\nthere' } };

	it("rewrites Braze's ${name} form to Liquid variables", () => {
		expect(toStandardLiquid('{{api_trigger_properties.${msg_body}}} {{${first_name}}}')).toBe('{{api_trigger_properties["msg_body"]}} {{first_name}}');
	});

	it('renders trigger properties, standard and custom attributes, and json_escape', () => {
		expect(renderBrazeLiquid('{{${first_name}}} ({{${phone_number}}}, {{${user_id}}}): {{api_trigger_properties.${msg_body}}}', context)).toBe(
			'Ada (+1555, u1): Hi "you"\nthere',
		);
		expect(renderBrazeLiquid('{{custom_attribute.${fav color}}}', context)).toBe('blue');
		expect(renderBrazeLiquid('{{api_trigger_properties.${msg_body} | json_escape}}', context)).toBe('Hi \\"you\\"\\nthere');
		expect(renderBrazeLiquid("{{api_trigger_properties.${missing} | default: 'none'}}", context)).toBe('none');
	});
});
