// The campaign picker ("From List"): Braze's campaigns, read through the shared transport, searched by campaignList.ts.
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { vendorCredentials, vendorRequest, type RequestContext } from '../../shared/transport';
import { VendorRequestError } from '../../shared/vendorError';
import { pageOf, searchCampaigns as searchCampaignPages } from '../campaignList';
import { redactor } from '../redact';

export async function searchCampaigns(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	// vendorRequest uses only what a load-options context has too (getCredentials, helpers.httpRequestWithAuthentication);
	// the transport's RequestContext type just does not list ILoadOptionsFunctions yet.
	const context = this as unknown as RequestContext;
	const redact = redactor(String((await vendorCredentials(context, 'braze')).apiKey ?? ''));
	const readPage = async (page: number) => {
		const qs = { page, include_archived: false, sort_direction: 'desc' };
		return (await vendorRequest(context, 'braze', { method: 'GET', path: '/campaigns/list', qs })).body;
	};
	try {
		return await searchCampaignPages(readPage, filter, pageOf(paginationToken));
	} catch (error) {
		if (error instanceof VendorRequestError) throw listingError(this, redact(error));
		throw new NodeOperationError(this.getNode(), error as Error);
	}
}

/** What the picker shows when Braze refuses the list: most often a key made for sending only. */
function listingError(context: ILoadOptionsFunctions, error: VendorRequestError): NodeOperationError {
	const byId = 'You can still choose the campaign By ID (Braze: the campaign page → API identifier).';
	if (error.statusCode === 403) {
		return new NodeOperationError(context.getNode(), 'This Braze API key may not list campaigns (permission campaigns.list)', {
			description: `Add campaigns.list to the key's permissions in Braze (Settings → APIs and Identifiers). ${byId}`,
		});
	}
	return new NodeOperationError(context.getNode(), `Could not list Braze campaigns: ${error.message}`, {
		description: `${error.description} ${byId}`,
	});
}
