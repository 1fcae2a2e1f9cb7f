// jest globalTeardown of the e2e project: stops the n8n that globalSetup started (a joined one keeps running).
export default async function globalTeardown(): Promise<void> {
	const server = globalThis.__N8N_E2E_SERVER__;
	globalThis.__N8N_E2E_SERVER__ = undefined;
	await server?.stop();
}
