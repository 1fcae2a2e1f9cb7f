// Reading a real n8n's executions through the public API, every page of them (it pages by cursor, 250 at most).
import type { Execution, N8nApi } from '../../scripts/n8n';

export interface ExecutionQuery {
	/** Default: every workflow. */
	workflowId?: string;
	status?: string;
	includeData?: boolean;
}

export async function allExecutions(n8n: N8nApi, query: ExecutionQuery = {}): Promise<Execution[]> {
	const executions: Execution[] = [];
	let cursor: string | undefined;
	do {
		const params = new URLSearchParams({ includeData: String(query.includeData ?? false), limit: '250' });
		if (query.workflowId) params.set('workflowId', query.workflowId);
		if (query.status) params.set('status', query.status);
		if (cursor) params.set('cursor', cursor);
		const page = await n8n.request<{ data: Execution[]; nextCursor?: string | null }>('GET', `/executions?${params.toString()}`);
		executions.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return executions;
}
