// jest globalTeardown of the real-n8n projects: stops the n8n that globalSetup started for the project's line (a joined
// one keeps running).
import { lineOf } from './realN8n';

export default async function globalTeardown(_globalConfig: unknown, project: { globals?: Record<string, unknown> } = {}): Promise<void> {
	const line = lineOf(project.globals);
	const server = globalThis.__N8N_E2E_SERVERS__?.[line];
	if (globalThis.__N8N_E2E_SERVERS__) delete globalThis.__N8N_E2E_SERVERS__[line];
	await server?.stop();
}
