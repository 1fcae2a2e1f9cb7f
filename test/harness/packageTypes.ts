// Loads this package's node and credential classes from source (under jest) or from the compiled tools build, keyed the
// way a real n8n keys them once the package is installed: node types `n8n-nodes-zendesk-braze.<description.name>`,
// credential types by their bare `name`.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-zendesk-braze';

/** The repository root: this file sits at test/harness/ (source) or .build/test/harness/ (compiled). */
const ROOT = path.resolve(__dirname, '..', '..');
/** `.ts` under ts-jest, `.js` in the compiled tools build: load siblings of the same kind. */
const EXT = path.extname(__filename);

function filesUnder(dir: string, suffix: string): string[] {
	let entries: string[];
	try {
		entries = readdirSync(dir);
	} catch {
		return [];
	}
	const found: string[] = [];
	for (const entry of entries.sort()) {
		const full = path.join(dir, entry);
		if (statSync(full).isDirectory()) found.push(...filesUnder(full, suffix));
		else if (entry.endsWith(suffix) && !entry.endsWith(`.d${suffix}`)) found.push(full);
	}
	return found;
}

type Constructor<T> = new () => T;

function exportedInstances<T>(file: string, accept: (value: unknown) => value is T): T[] {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const moduleExports = require(file) as Record<string, unknown>;
	const instances: T[] = [];
	for (const exported of Object.values(moduleExports)) {
		if (typeof exported !== 'function') continue;
		let instance: unknown;
		try {
			instance = new (exported as Constructor<unknown>)();
		} catch {
			continue;
		}
		if (accept(instance)) instances.push(instance);
	}
	return instances;
}

const isNodeType = (value: unknown): value is INodeType | IVersionedNodeType =>
	typeof value === 'object' && value !== null && 'description' in value;

const isCredentialType = (value: unknown): value is ICredentialType =>
	typeof value === 'object' && value !== null && 'name' in value && 'properties' in value && !('description' in value);

let nodeCache: Map<string, INodeType | IVersionedNodeType> | undefined;
let credentialCache: Map<string, ICredentialType> | undefined;

/** Every node class under nodes/, by full type (`n8n-nodes-zendesk-braze.<name>`). Loaded once per process. */
export function packageNodeTypes(): Map<string, INodeType | IVersionedNodeType> {
	if (nodeCache) return nodeCache;
	const found = new Map<string, INodeType | IVersionedNodeType>();
	for (const file of filesUnder(path.join(ROOT, 'nodes'), `.node${EXT}`)) {
		for (const nodeType of exportedInstances(file, isNodeType)) {
			found.set(`${PACKAGE_NAME}.${nodeType.description.name}`, nodeType);
		}
	}
	nodeCache = found;
	return found;
}

/** Every credential class under credentials/, by its `name`. Loaded once per process. */
export function packageCredentialTypes(): Map<string, ICredentialType> {
	if (credentialCache) return credentialCache;
	const found = new Map<string, ICredentialType>();
	for (const file of filesUnder(path.join(ROOT, 'credentials'), `.credentials${EXT}`)) {
		for (const credentialType of exportedInstances(file, isCredentialType)) {
			found.set(credentialType.name, credentialType);
		}
	}
	credentialCache = found;
	return found;
}
