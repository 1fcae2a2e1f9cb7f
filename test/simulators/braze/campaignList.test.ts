import type { AxiosInstance } from 'axios';

import { CAMPAIGN_PAGE_SIZE, startBrazeSimulator, type BrazeSimulator } from '.';
import { brazeClient } from './testClient';

describe('Braze simulator: GET /campaigns/list', () => {
	let sim: BrazeSimulator;
	let api: AxiosInstance;

	beforeAll(async () => {
		sim = await startBrazeSimulator({
			apiKeys: [{ key: 'send-only-key', permissions: ['campaigns.trigger.send', 'users.track'] }],
			campaigns: {
				'reply-id': { name: 'SMS agent reply', template: '{{api_trigger_properties.${msg_body}}}', tags: ['support'] },
				'receipts-id': { name: 'Receipts (API campaign)', kind: 'api', template: '' },
				'old-id': { name: 'Old promo', kind: 'scheduled', template: '', archived: true },
			},
		});
		api = brazeClient(sim);
	});
	afterEach(() => sim.reset());
	afterAll(() => sim.close());

	const list = (query = '', key?: string) => (key ? brazeClient(sim, key) : api).get(`/campaigns/list${query}`);

	it("answers each campaign's id, name, API-campaign flag, tags and last edit, oldest first, archived ones left out", async () => {
		const res = await list();
		expect(res.status).toBe(200);
		expect(res.data).toEqual({
			message: 'success',
			campaigns: [
				{ id: 'reply-id', name: 'SMS agent reply', is_api_campaign: false, tags: ['support'], last_edited: expect.any(String) },
				{ id: 'receipts-id', name: 'Receipts (API campaign)', is_api_campaign: true, tags: [], last_edited: expect.any(String) },
			],
		});
		expect(Number.isNaN(Date.parse(res.data.campaigns[0].last_edited))).toBe(false);
		const all = await list('?include_archived=true&sort_direction=desc');
		expect(all.data.campaigns.map((campaign: { id: string }) => campaign.id)).toEqual(['old-id', 'receipts-id', 'reply-id']);
	});

	it('pages by 100', async () => {
		for (let i = 0; i < 150; i++) sim.addCampaign(`c-${i}`, { name: `Campaign ${i}`, template: '' });
		const pages = await Promise.all([0, 1, 2].map((page) => list(`?page=${page}`)));
		expect(pages.map((page) => page.data.campaigns.length)).toEqual([CAMPAIGN_PAGE_SIZE, 52, 0]);
		expect(pages[1].data.campaigns.at(-1).id).toBe('c-149');
		expect((await list('?page=-1')).status).toBe(400);
	});

	it("answers 403 with Braze's body to a key without campaigns.list", async () => {
		const res = await list('', 'send-only-key');
		expect(res.status).toBe(403);
		expect(res.data).toEqual({ message: "This API key does not have the 'campaigns.list' permission" });
	});
});
