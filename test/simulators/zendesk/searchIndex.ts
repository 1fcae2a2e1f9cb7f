// Zendesk's search is eventually consistent: a new or changed ticket shows in search results only some time later. The
// index keeps each ticket's versions with the time they were saved, so search can answer as of `searchLagMs` ago.
import type { SimTicket } from './types';

interface Version {
	at: number;
	ticket: SimTicket;
}

export class SearchIndex {
	private versions = new Map<number, Version[]>();

	/** Records the ticket as saved at `at`, forgetting versions no search within `lagMs` can see any more. */
	record(ticket: SimTicket, at: number, lagMs: number): void {
		const copy: SimTicket = { ...ticket, tags: [...ticket.tags], followup_ids: [...ticket.followup_ids], comments: [...ticket.comments] };
		const versions = [...(this.versions.get(ticket.id) ?? []), { at, ticket: copy }];
		const visible = shownIndex(versions, at - lagMs);
		this.versions.set(ticket.id, visible > 0 ? versions.slice(visible) : versions);
	}

	/** Every ticket as the index showed it at `time`; tickets first saved after it are missing. */
	asOf(time: number): SimTicket[] {
		const tickets: SimTicket[] = [];
		for (const versions of this.versions.values()) {
			const shown = shownIndex(versions, time);
			if (shown >= 0) tickets.push(versions[shown].ticket);
		}
		return tickets;
	}

	clear(): void {
		this.versions.clear();
	}
}

/** Index of the newest version saved at or before `time`, or -1. */
function shownIndex(versions: Version[], time: number): number {
	for (let i = versions.length - 1; i >= 0; i--) if (versions[i].at <= time) return i;
	return -1;
}
