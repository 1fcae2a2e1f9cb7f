import { MAX_PAGES_PER_SEARCH, pageOf, searchCampaigns } from '../../../nodes/BrazeTriggerSend/campaignList';

/** Braze's /campaigns/list over `campaigns`, 100 per page, recording which pages were read. */
function brazePages(campaigns: Array<Record<string, unknown>>) {
	const read: number[] = [];
	const readPage = async (page: number) => {
		read.push(page);
		return { message: 'success', campaigns: campaigns.slice(page * 100, page * 100 + 100) };
	};
	return { read, readPage };
}

const campaign = (id: string, name: string, extra: Record<string, unknown> = {}) => ({ id, name, is_api_campaign: false, tags: [], ...extra });

describe('searchCampaigns', () => {
	it('matches the search in name or id, case-insensitively, and leaves out API campaigns', async () => {
		const { readPage } = brazePages([
			campaign('a1', 'SMS Agent Reply'),
			campaign('a2', 'Receipts', { is_api_campaign: true }),
			campaign('reply-closing', 'Ticket solved'),
			campaign('a4', 'Agent reply (API)', { is_api_campaign: true }),
		]);
		expect(await searchCampaigns(readPage, '  REPLY ')).toEqual({
			results: [
				{ name: 'SMS Agent Reply', value: 'a1' },
				{ name: 'Ticket solved', value: 'reply-closing' },
			],
		});
	});

	it('shows the id for a campaign without a name, and skips entries without an id or a malformed answer', async () => {
		const { readPage } = brazePages([campaign('a1', ''), { name: 'no id' }, campaign('a3', 'Fine')]);
		expect((await searchCampaigns(readPage)).results).toEqual([
			{ name: 'a1', value: 'a1' },
			{ name: 'Fine', value: 'a3' },
		]);
		expect(await searchCampaigns(async () => ({ message: 'success' }))).toEqual({ results: [] });
	});

	it('reads on until it has a page of matches, then hands out the next page as the token', async () => {
		const many = Array.from({ length: 450 }, (_, i) => campaign(`c${i}`, i % 2 === 0 ? `even ${i}` : `odd ${i}`));
		const { read, readPage } = brazePages(many);
		const first = await searchCampaigns(readPage, 'even');
		expect(read).toEqual([0, 1]);
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('2');
		const second = await searchCampaigns(readPage, 'even', pageOf(first.paginationToken));
		expect(second.paginationToken).toBe('4');
		const last = await searchCampaigns(readPage, 'even', pageOf(second.paginationToken));
		expect(last.paginationToken).toBeUndefined();
		expect(read).toEqual([0, 1, 2, 3, 4]);
		expect([...first.results, ...second.results, ...last.results].map((choice) => choice.value)).toEqual(
			many.filter((_, i) => i % 2 === 0).map((entry) => entry.id),
		);
	});

	it(`stops after ${MAX_PAGES_PER_SEARCH} pages for a rare search, leaving the rest to the next scroll`, async () => {
		const { read, readPage } = brazePages(Array.from({ length: 2_000 }, (_, i) => campaign(`c${i}`, i === 1_500 ? 'rare' : 'common')));
		const first = await searchCampaigns(readPage, 'rare');
		expect(first).toEqual({ results: [], paginationToken: String(MAX_PAGES_PER_SEARCH) });
		expect(read).toHaveLength(MAX_PAGES_PER_SEARCH);
		expect((await searchCampaigns(readPage, 'rare', pageOf(first.paginationToken))).results).toEqual([{ name: 'rare', value: 'c1500' }]);
	});

	it('reads page 0 for no token or one it did not hand out', () => {
		expect([pageOf(undefined), pageOf(''), pageOf('x'), pageOf('-1'), pageOf('1.5'), pageOf('3')]).toEqual([0, 0, 0, 0, 0, 3]);
	});
});
