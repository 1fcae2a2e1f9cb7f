// The shipped workflows as a user sees them: each is opened in the real n8n editor (headless Debian Chromium, driven by
// playwright-core), every node of the JSON must be on the canvas with its own icon and none may show as "not installed"
// (n8n draws a question mark and a download badge for a node type it does not know), and a screenshot of the editor is
// saved to .results/screenshots/ (docs/screenshots/ for the README with SAVE_SCREENSHOTS=1). A workflow with a made-up node type proves the check can fail.
// The package's nodes say what they do under their names in words ("Send campaign"), never as raw option values.
// Two node panels are used as a user would, by clicking, and saved as pictures of the panel: Send Agent Reply's campaign
// picker lists the campaigns the Braze simulator's /campaigns/list gives through the Braze credential
// (campaign-picker.png), and Parse Zendesk Comment shows its SMS wording fields with their whole defaults
// (parse-zendesk-comment-wording.png).
//
// beforeAll installs Chromium from Debian when it is missing (scripts/install-chromium.sh, once per machine). The
// browser talks only to the loopback n8n: every other request is aborted.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { DEFAULT_TEXT_AFTER, DEFAULT_TEXT_BEFORE } from '../../nodes/ParseZendeskComment/smsWording';
import { OWNER_EMAIL, repoRoot, type ImportedWorkflow, type WorkflowJson } from '../../scripts/n8n';
import { fillPlaceholders, loadWorkflow, WORKFLOW_FILES, type WorkflowValues } from '../../scripts/sandbox/workflows';
import { eventually } from '../harness/eventually';
import { connectN8n, type N8nApi } from '../harness/realN8n';
import { startBrazeSimulator, type BrazeSimulator } from '../simulators/braze';
import { SANDBOX_CAMPAIGNS, SANDBOX_TEMPLATES } from '../simulators/sandbox';

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
// `npm test` leaves the working tree clean: pictures go to the git-ignored .results/ unless SAVE_SCREENSHOTS=1 asks
// for the README's own copies in docs/screenshots/.
const SCREENSHOTS =
	process.env.SAVE_SCREENSHOTS === '1'
		? path.join(repoRoot(), 'docs', 'screenshots')
		: path.join(repoRoot(), '.results', 'screenshots');
const STICKY_NOTE = 'n8n-nodes-base.stickyNote';
// A node type no package provides: what a user sees when a workflow names a node the installed package does not have.
const MISSING_TYPE = 'n8n-nodes-zendesk-braze.doesNotExist';
const PACKAGE_PREFIX = 'n8n-nodes-zendesk-braze.';
const REPLY_NODE = 'Send Agent Reply';
const PARSE_NODE = 'Parse Zendesk Comment';
/** The key a user makes for the workflows: the two the sends need, and campaigns.list for the campaign picker. */
const BRAZE_PERMISSIONS = ['campaigns.trigger.send', 'users.track', 'campaigns.list'];

/** What each of the package's nodes says under its name on the canvas, by workflow file. */
const SUBTITLES: Record<string, Record<string, string>> = {
	[WORKFLOW_FILES.outbound]: {
		'Zendesk Relay Trigger': 'Agent reply, Ticket solved',
		'Parse Zendesk Comment': 'SMS of at most 10 segments',
		'Send Agent Reply': 'Send campaign',
		'Send Closing SMS': 'Send campaign',
		'Note: SMS Not Sent': 'Add ticket note',
	},
	[WORKFLOW_FILES.inbound]: {
		'Zendesk Ticket Relay': 'Relay inbound message',
		'Remember Ticket in Braze': 'Track attributes',
	},
};

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
	/** The line under the node's name. */
	subtitle: string;
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
	textContent?: string | null;
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
			subtitle: node.querySelector('[class*="_subtitle_"]')?.textContent?.trim() ?? '',
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

/** The subtitles of this package's nodes, by node name. */
const packageSubtitles = (canvas: Canvas) =>
	Object.fromEntries(canvas.nodes.filter((node) => node.type.startsWith(PACKAGE_PREFIX)).map((node) => [node.name, node.subtitle]));

/** The node's panel (NDV), opened by double-clicking the node on the canvas. */
async function openNodePanel(page: Page, nodeName: string): Promise<Locator> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).dblclick();
	const parameters = page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]');
	await parameters.waitFor();
	return parameters;
}

/**
 * A picture of the panel's parameters column (the NDV is as wide as the window; its input and output columns are empty
 * here), from the column's top down to `bottom` (an element inside or over it, e.g. an open dropdown), 16 px below it.
 */
async function screenshotPanel(page: Page, parameters: Locator, bottom: Locator, file: string): Promise<void> {
	const column = await parameters.evaluate((element) => {
		const box = (element.parentElement ?? element).getBoundingClientRect();
		return { x: box.x, y: box.y, width: box.width };
	});
	const last = await bottom.boundingBox();
	if (!last) throw new Error(`screenshot ${file}: the element it should end at is not shown`);
	const height = last.y + last.height + 16 - column.y;
	await page.screenshot({ path: path.join(SCREENSHOTS, file), animations: 'disabled', clip: { ...column, height } });
}

describe('the shipped workflows in the real n8n editor', () => {
	let n8n: N8nApi;
	let braze: BrazeSimulator;
	let credentials: WorkflowValues['credentials'];
	let userDataDir: string;
	let browser: BrowserContext;
	let page: Page;
	const imported: ImportedWorkflow[] = [];

	/** Imports the workflow unpublished (the editor needs no vendor behind it) and opens it on the canvas. */
	async function open(json: WorkflowJson, name?: string): Promise<{ workflow: ImportedWorkflow; canvas: Canvas }> {
		const workflow = await n8n.importWorkflow(json, { credentials, publish: false, name });
		imported.push(workflow);
		await page.goto(`${n8n.baseUrl}/workflow/${workflow.id}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		return { workflow, canvas: await readCanvas(page, json.nodes.length) };
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
		// The workflows are only looked at, never published or run: Zendesk is never called (its credential points at a
		// closed loopback port), and Braze only lists its campaigns for the picker. The credentials carry the names a user
		// gives them, since the panel pictures show them.
		const nowhere = 'http://127.0.0.1:9';
		const brazeKey = 'editor-test-braze-key';
		braze = await startBrazeSimulator({
			campaigns: SANDBOX_TEMPLATES,
			apiKeys: [{ key: brazeKey, permissions: BRAZE_PERMISSIONS }],
		});
		credentials = {
			zendeskRelayApi: await n8n.createCredential(
				'zendeskRelayApi',
				{ hostType: 'url', baseUrl: nowhere, email: 'agent@example.com', apiToken: 'unused' },
				'Zendesk Relay API',
			),
			brazeRelayApi: await n8n.createCredential(
				'brazeRelayApi',
				{ ...braze.credentials, apiKey: brazeKey },
				'Braze Relay API',
			),
			httpHeaderAuth: await n8n.createCredential('httpHeaderAuth', { name: 'X-Relay-Secret', value: 'unused' }, 'Braze webhook secret'),
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
		await braze?.close();
	}, 120_000);

	it.each(Object.values(WORKFLOW_FILES))(
		'%s: every node is drawn as its own type, none as unknown; screenshot saved',
		async (file) => {
			const json = shipped(file);
			const { canvas } = await open(json);

			const stickies = json.nodes.filter((node) => node.type === STICKY_NOTE);
			expect(byName(canvas.nodes)).toEqual(byName(json.nodes.filter((node) => node.type !== STICKY_NOTE)));
			expect(canvas.stickies).toBe(stickies.length);
			expect(unknownNodes(canvas)).toEqual([]);
			expect(packageSubtitles(canvas)).toEqual(SUBTITLES[file]);

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
		const { canvas } = await open({ ...json, nodes }, 'editor test: missing node type');

		expect(canvas.nodes.find((node) => node.name === broken.name)).toMatchObject({
			type: MISSING_TYPE,
			notInstalled: true,
			placeholderIcon: true,
		});
		expect(unknownNodes(canvas)).toEqual([broken.name]);
	}, 300_000);

	it(`${REPLY_NODE}: the Campaign picker lists the Braze campaigns through the credential, and the pick is saved; screenshot saved`, async () => {
		// As the shipped file leaves it (fillPlaceholders sets the campaign; here the user picks it).
		const asShipped = loadWorkflow(WORKFLOW_FILES.outbound).nodes.find((node) => node.name === REPLY_NODE);
		const json = shipped(WORKFLOW_FILES.outbound);
		const nodes = json.nodes.map((node) =>
			node.name === REPLY_NODE ? { ...node, parameters: { ...node.parameters, campaignId: asShipped?.parameters?.campaignId } } : node,
		);
		const { workflow } = await open({ ...json, nodes }, 'editor test: campaign picker');
		const parameters = await openNodePanel(page, REPLY_NODE);

		const campaign = parameters.locator('[data-test-id="parameter-input-campaignId"]');
		// The editor flags the empty campaign (the warning sign next to the field) until one is picked.
		const flagged = parameters.locator('[data-test-id="parameter-input-campaignId"].has-issues');
		await flagged.waitFor({ timeout: 30_000 });
		const field = campaign.locator('[data-test-id="rlc-input"]');
		const listed = page.locator('[data-test-id="rlc-item"]');
		await field.click();
		await listed.first().waitFor();
		const names = (await listed.allInnerTexts()).map((name) => name.trim());
		const campaignName = (id: string) => braze.store.campaigns.get(id)?.name ?? id;
		expect(names.sort()).toEqual([...braze.store.campaigns.keys()].map(campaignName).sort());
		expect(braze.log.map((request) => `${request.method} ${request.path}`)).toContain('GET /campaigns/list');

		const replyName = campaignName(SANDBOX_CAMPAIGNS.reply);
		await listed.filter({ hasText: replyName }).click();
		await flagged.waitFor({ state: 'detached', timeout: 30_000 });
		expect(await field.inputValue()).toBe(replyName);

		// Open again for the picture: the field holds the pick, the list shows it highlighted among Braze's campaigns.
		await field.click();
		await listed.first().waitFor();
		await screenshotPanel(page, parameters, listed.last(), 'campaign-picker.png');
		await page.keyboard.press('Escape');
		await page.locator('[data-test-id="ndv-close-button"]').click();

		await page.keyboard.press('Control+s');
		const saved = await eventually(
			'the picked campaign in the saved workflow',
			async () => (await n8n.request<WorkflowJson>('GET', `/workflows/${workflow.id}`)).nodes.find((node) => node.name === REPLY_NODE),
			(node) => (node?.parameters?.campaignId as { value?: string } | undefined)?.value !== '',
		);
		expect(saved?.parameters?.campaignId).toMatchObject({ __rl: true, mode: 'list', value: SANDBOX_CAMPAIGNS.reply });
	}, 300_000);

	it(`${PARSE_NODE}: the SMS wording fields show their labels and whole defaults; screenshot saved`, async () => {
		await open(shipped(WORKFLOW_FILES.outbound), 'editor test: SMS wording');
		const parameters = await openNodePanel(page, PARSE_NODE);

		const wording = [
			{ name: 'textBefore', label: 'Text Before Message', value: DEFAULT_TEXT_BEFORE },
			{ name: 'textAfter', label: 'Text After Message', value: DEFAULT_TEXT_AFTER },
		];
		for (const { name, label, value } of wording) {
			// The label row also holds the Fixed / Expression switch: the label's own words are looked for.
			expect(await parameters.locator(`label[for="${name}"]`).getByText(label, { exact: true }).isVisible()).toBe(true);
			const box = parameters.locator(`[data-test-id="parameter-input-${name}"] textarea`);
			expect(await box.inputValue()).toBe(value);
			// The whole default is in sight: the box does not hide a line behind a scroll bar.
			expect(await box.evaluate((element) => element.scrollHeight - element.clientHeight)).toBeLessThanOrEqual(0);
		}
		const options = parameters.locator('[data-test-id="parameter-item"]').filter({ visible: true }).last();
		await screenshotPanel(page, parameters, options, 'parse-zendesk-comment-wording.png');
		await page.locator('[data-test-id="ndv-close-button"]').click();
	}, 300_000);
});
