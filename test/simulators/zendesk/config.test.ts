import { startZendeskSimulator, TIDY_SETTINGS, ZendeskSimulator } from '.';
import { controlClient } from './testClient';

describe('Zendesk simulator: realism switches over /__sim/config', () => {
	let sim: ZendeskSimulator;

	beforeEach(async () => {
		sim = await startZendeskSimulator({ searchLagMs: 30_000 });
	});
	afterEach(() => sim.close());

	it('shows the switches in force: tidy defaults plus the constructor options', async () => {
		const res = await controlClient(sim).get('/config');
		expect(res.data.config).toEqual({ ...TIDY_SETTINGS, searchLagMs: 30_000 });
		expect(TIDY_SETTINGS).toMatchObject({ escapeJsonPlaceholders: true, locale: 'en', deliveryOrder: 'fired', searchLagMs: 0, extraUserFields: 0 });
	});

	it('changes the switches named, keeps the others, and answers the whole config', async () => {
		const res = await controlClient(sim).post('/config', { locale: 'de', deliveryOrder: 'shuffle', deliverySeed: 3, escapeJsonPlaceholders: false });
		expect(res.status).toBe(200);
		expect(res.data.config).toEqual({ ...TIDY_SETTINGS, searchLagMs: 30_000, locale: 'de', deliveryOrder: 'shuffle', deliverySeed: 3, escapeJsonPlaceholders: false });
		expect(sim.config.locale).toBe('de');
	});

	it.each([
		['an unknown switch', { searchLag: 5 }, /unknown setting\(s\): searchLag/],
		['a bad value', { locale: 'it' }, /invalid locale/],
		['a negative lag', { searchLagMs: -1 }, /invalid searchLagMs/],
		['a wrong type', { escapeJsonPlaceholders: 'no' }, /invalid escapeJsonPlaceholders/],
	])('refuses %s with 400 and changes nothing', async (_, body, message) => {
		const res = await controlClient(sim).post('/config', { deliveryOrder: 'reverse', ...body });
		expect(res.status).toBe(400);
		expect(res.data.error).toMatch(message);
		expect(sim.config.deliveryOrder).toBe('fired');
	});

	it('goes back to the constructor options on /__sim/reset', async () => {
		const control = controlClient(sim);
		await control.post('/config', { searchLagMs: 0, locale: 'fr' });
		expect((await control.post('/reset')).status).toBe(204);
		expect((await control.get('/config')).data.config).toEqual({ ...TIDY_SETTINGS, searchLagMs: 30_000 });
	});

	it('refuses an invalid constructor option', () => {
		expect(() => new ZendeskSimulator({ deliveryOrder: 'random' as never })).toThrow(/invalid deliveryOrder/);
	});
});
