// The shipped workflows as a user sees them: each is opened in the real n8n editor (headless Debian Chromium, driven by
// playwright-core), every node of the JSON must be on the canvas with its own icon and none may show as "not installed"
// (n8n draws a question mark and a download badge for a node type it does not know), and a screenshot of the editor is
// saved to docs/screenshots/<workflow>.png for the README. A workflow with a made-up node type proves the check can fail.
//
// beforeAll installs Chromium from Debian when it is missing (scripts/install-chromium.sh, once per machine). The
// browser talks only to the loopback n8n: every other request is aborted.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { OWNER_EMAIL, repoRoot, type ImportedWorkflow, type WorkflowJson } from '../../scripts/n8n';
import { fillPlaceholders, loadWorkflow, WORKFLOW_FILES, type WorkflowValues } from '../../scripts/sandbox/workflows';
import { connectN8n, type N8nApi } from '../harness/realN8n';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const SCREENSHOTS = path.join(repoRoot(), 'docs', 'screenshots');
const STICKY_NOTE = 'n8n-nodes-base.stickyNote';
// A node type no package provides: what a user sees when a workflow names a node the installed package does not have.
const MISSING_TYPE = 'n8n-nodes-zendesk-braze.doesNotExist';

/** What the editor shows for one canvas node (sticky notes are drawn separately). */
interface RenderedNode {
	name: string;
	type: string;
	/** n8n's "node not installed" badge is on it. */
	notInstalled: boolean;
	/** The question-mark placeholder stands where the node's icon should be. */
	placeholderIcon: boolean;
	/** Every icon image of the node loaded (a missing SVG would be a broken image). */
	iconLoaded: boolean;
}

interface Canvas {
	nodes: RenderedNode[];
	stickies: number;
}

async function installChromium(): Promise<void> {
	await promisify(execFile)('bash', [path.join(repoRoot(), 'scripts', 'install-chromium.sh')], {
		timeout: 15 * 60_000,
		maxBuffer: 16 * 1024 * 1024,
	});
}

// The page's DOM, typed only as far as readCanvas reads it (the tools tsconfig has no DOM lib; this stays in this module).
interface PageElement {
	dataset: Record<string, string | undefined>;
	complete?: boolean;
	naturalWidth?: number;
	querySelector(selector: string): PageElement | null;
	querySelectorAll(selector: string): ArrayLike<PageElement>;
}
declare const document: PageElement;

/**
 * The editor's view of the open workflow, once it shows `expected` canvas items (nodes and sticky notes) and every node
 * icon has finished loading. If it never shows them all, it is read as it is: the assertions then name what is missing.
 */
async function readCanvas(page: Page, expected: number): Promise<Canvas> {
	await page
		.waitForFunction(
			(count) => document.querySelectorAll('[data-test-id="canvas-node"], [data-test-id="sticky"]').length >= count,
			expected,
			{ timeout: 30_000 },
		)
		.catch(() => undefined);
	await page.waitForFunction(() =>
		Array.from(document.querySelectorAll('[data-test-id="canvas-node"] img')).every((img) => img.complete),
	);
	return await page.evaluate(() => ({
		nodes: Array.from(document.querySelectorAll('[data-test-id="canvas-node"]')).map((node) => ({
			name: node.dataset.nodeName ?? '',
			type: node.dataset.nodeType ?? '',
			notInstalled: node.querySelector('[data-test-id="node-not-installed"]') !== null,
			placeholderIcon: node.querySelector('[class*="nodeIconPlaceholder"]') !== null,
			iconLoaded: Array.from(node.querySelectorAll('.n8n-node-icon img')).every((img) => (img.naturalWidth ?? 0) > 0),
		})),
		stickies: document.querySelectorAll('[data-test-id="sticky"]').length,
	}));
}

/** Nodes the editor cannot draw as their own type. */
const unknownNodes = (canvas: Canvas) =>
	canvas.nodes.filter((node) => node.notInstalled || node.placeholderIcon || !node.iconLoaded).map((node) => node.name);

/** Names and types, in name order (the canvas lists nodes in its own order). */
const byName = (nodes: Array<{ name: string; type: string }>) =>
	nodes.map(({ name, type }) => ({ name, type })).sort((a, b) => a.name.localeCompare(b.name));

describe('the shipped workflows in the real n8n editor', () => {
	let n8n: N8nApi;
	let credentials: WorkflowValues['credentials'];
	let userDataDir: string;
	let browser: BrowserContext;
	let page: Page;
	const imported: ImportedWorkflow[] = [];

	/** Imports the workflow unpublished (the editor needs no vendor behind it) and opens it on the canvas. */
	async function open(json: WorkflowJson, name?: string): Promise<Canvas> {
		const workflow = await n8n.importWorkflow(json, { credentials, publish: false, name });
		imported.push(workflow);
		await page.goto(`${n8n.baseUrl}/workflow/${workflow.id}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		return await readCanvas(page, json.nodes.length);
	}

	const shipped = (file: string) =>
		fillPlaceholders(loadWorkflow(file), {
			credentials,
			campaigns: { reply: 'reply-campaign-id', closing: 'closing-campaign-id' },
		});

	beforeAll(async () => {
		await installChromium();
		n8n = await connectN8n();
		const { ownerPassword } = n8n.connection;
		if (!ownerPassword) throw new Error('the n8n connection has no owner password: start it with this repository\'s harness');
		// Never called: the workflows are only looked at, so the credentials point at a closed loopback port.
		const nowhere = 'http://127.0.0.1:9';
		credentials = {
			zendeskRelayApi: await n8n.createCredential('zendeskRelayApi', {
				hostType: 'url',
				baseUrl: nowhere,
				email: 'agent@example.com',
				apiToken: 'unused',
			}),
			brazeRelayApi: await n8n.createCredential('brazeRelayApi', { instance: 'custom', customUrl: nowhere, apiKey: 'unused' }),
			httpHeaderAuth: await n8n.createCredential('httpHeaderAuth', { name: 'X-Relay-Secret', value: 'unused' }),
		};

		userDataDir = mkdtempSync(path.join(os.tmpdir(), 'editor-chromium-'));
		browser = await chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: { width: 1440, height: 810 },
		});
		// The editor is a large app: on a busy 2-core machine its first load alone can pass Playwright's 30 s default.
		browser.setDefaultTimeout(120_000);
		const loopback = new URL(n8n.baseUrl).origin;
		await browser.route('**/*', async (route) => {
			const url = route.request().url();
			if (url.startsWith(`${loopback}/`) || url.startsWith('data:') || url.startsWith('blob:')) await route.continue();
			else await route.abort();
		});
		// Logging in through the REST API sets the session cookie in the browser's own cookie jar.
		const login = await browser.request.post(`${n8n.baseUrl}/rest/login`, {
			data: { emailOrLdapLoginId: OWNER_EMAIL, password: ownerPassword },
		});
		if (login.status() !== 200) throw new Error(`editor login failed (${login.status()})`);
		page = await browser.newPage();
		mkdirSync(SCREENSHOTS, { recursive: true });
	}, 20 * 60_000);

	afterAll(async () => {
		await browser?.close();
		if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
		for (const workflow of imported) await n8n.deleteWorkflow(workflow.id);
		for (const ref of Object.values(credentials ?? {})) await n8n.deleteCredential(ref.id);
	}, 120_000);

	it.each(Object.values(WORKFLOW_FILES))(
		'%s: every node is drawn as its own type, none as unknown; screenshot saved',
		async (file) => {
			const json = shipped(file);
			const canvas = await open(json);

			const stickies = json.nodes.filter((node) => node.type === STICKY_NOTE);
			expect(byName(canvas.nodes)).toEqual(byName(json.nodes.filter((node) => node.type !== STICKY_NOTE)));
			expect(canvas.stickies).toBe(stickies.length);
			expect(unknownNodes(canvas)).toEqual([]);

			const screenshot = path.join(SCREENSHOTS, `${path.basename(file, '.json')}.png`);
			await page.screenshot({ path: screenshot, animations: 'disabled' });
		},
		300_000,
	);

	it('shows a node whose type is not installed as unknown (the check above can fail)', async () => {
		const json = shipped(WORKFLOW_FILES.outbound);
		const broken = json.nodes.find((node) => node.type === 'n8n-nodes-zendesk-braze.parseZendeskComment');
		if (!broken) throw new Error('the outbound workflow has no Parse Zendesk Comment node');
		const nodes = json.nodes.map((node) => (node === broken ? { ...node, type: MISSING_TYPE } : node));
		const canvas = await open({ ...json, nodes }, 'editor test: missing node type');

		expect(canvas.nodes.find((node) => node.name === broken.name)).toMatchObject({
			type: MISSING_TYPE,
			notInstalled: true,
			placeholderIcon: true,
		});
		expect(unknownNodes(canvas)).toEqual([broken.name]);
	}, 300_000);
});
