// The campaign picker's list: Braze's GET /campaigns/list pages (100 campaigns each), filtered by the search text.
// Pure: no n8n import; the node hands in the function that reads one page.
//
// Braze's "API campaigns" (`is_api_campaign: true`) are left out: they are ids for /messages/send analytics, and
// /campaigns/trigger/send refuses them. The list cannot tell an API-triggered campaign from a scheduled one, so every
// other campaign is offered, newest first (the caller asks Braze for `sort_direction=desc`): a reply campaign just
// made for this workflow is at the top.

export const CAMPAIGN_LIST_PAGE_SIZE = 100;
/** Braze pages one search may read before leaving the rest to the next scroll (a rare search in a huge workspace). */
export const MAX_PAGES_PER_SEARCH = 10;

export interface CampaignChoice {
	name: string;
	value: string;
}

export interface CampaignChoices {
	results: CampaignChoice[];
	/** The Braze page to read next, when there is one. */
	paginationToken?: string;
}

/** The campaign entries of one /campaigns/list answer. */
function entriesOf(answer: unknown): unknown[] {
	const campaigns = (answer as { campaigns?: unknown } | undefined)?.campaigns;
	return Array.isArray(campaigns) ? campaigns : [];
}

/** The picker's choice for one entry, or undefined when it is not offered (an API campaign, no match, no id). */
function choiceFor(entry: unknown, search: string): CampaignChoice | undefined {
	const { id, name, is_api_campaign: isApiCampaign } = (entry ?? {}) as Record<string, unknown>;
	if (typeof id !== 'string' || id === '' || isApiCampaign === true) return undefined;
	const shown = typeof name === 'string' && name.trim() ? name : id;
	const wanted = search.trim().toLocaleLowerCase();
	const found = shown.toLocaleLowerCase().includes(wanted) || id.toLocaleLowerCase().includes(wanted);
	return found ? { name: shown, value: id } : undefined;
}

/** The Braze page a pagination token names (0 for none or a token this code did not hand out). */
export function pageOf(paginationToken: string | undefined): number {
	const page = Number(paginationToken);
	return Number.isInteger(page) && page >= 0 ? page : 0;
}

/**
 * Reads pages from `firstPage` until it has a page's worth of matches or Braze has no more (a short page is the last),
 * reading at most MAX_PAGES_PER_SEARCH pages; the token says where the next scroll goes on.
 */
export async function searchCampaigns(
	readPage: (page: number) => Promise<unknown>,
	search = '',
	firstPage = 0,
): Promise<CampaignChoices> {
	const results: CampaignChoice[] = [];
	for (let page = firstPage; page < firstPage + MAX_PAGES_PER_SEARCH; page++) {
		const entries = entriesOf(await readPage(page));
		for (const entry of entries) {
			const choice = choiceFor(entry, search);
			if (choice) results.push(choice);
		}
		if (entries.length < CAMPAIGN_LIST_PAGE_SIZE) return { results };
		if (results.length >= CAMPAIGN_LIST_PAGE_SIZE) return { results, paginationToken: String(page + 1) };
	}
	return { results, paginationToken: String(firstPage + MAX_PAGES_PER_SEARCH) };
}
