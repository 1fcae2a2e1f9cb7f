// Ticket triggers: create, list, show, update, delete, with shape validation (title, conditions {all, any}, actions).
import { isObject, type Router, type SimResponse } from '../shared/http';
import { sleep } from '../shared/clock';
import { numericId, type ZendeskContext } from './context';
import { conditionProblem } from './conditions';
import { fail, notFound } from './errors';
import { pageOf } from './pagination';
import type { ZendeskStore } from './store';
import type { SimTrigger, SimWebhook, TriggerAction, TriggerCondition } from './types';

/**
 * The action that calls a webhook: value `[webhookId, body]`, the body a string for a JSON or XML webhook and
 * `[[key, value], …]` for a form-encoded one.
 */
export const NOTIFICATION_WEBHOOK = 'notification_webhook';

/** Key-value pairs of a form-encoded webhook's trigger action. */
export type FormPairs = Array<[string, string]>;

export function isFormPairs(value: unknown): value is FormPairs {
	const isPair = (pair: unknown) => Array.isArray(pair) && pair.length === 2 && pair.every((part) => typeof part === 'string');
	return Array.isArray(value) && value.every(isPair);
}

function checkWebhookAction(store: ZendeskStore, target: unknown): void {
	if (!Array.isArray(target) || target.length !== 2) fail('actions', 'Actions: notification_webhook takes [webhook id, body]');
	const webhook: SimWebhook | undefined = store.webhooks.get(String(target[0]));
	if (!webhook) fail('actions', `Actions: webhook ${String(target[0])} does not exist`);
	if (webhook.request_format === 'form_encoded') {
		if (!isFormPairs(target[1])) fail('actions', 'Actions: a form-encoded webhook takes an array of [key, value] string pairs');
	} else if (typeof target[1] !== 'string') {
		fail('actions', `Actions: a ${webhook.request_format} webhook takes its body as a string`);
	}
}

function checkConditions(value: unknown): SimTrigger['conditions'] {
	if (!isObject(value)) fail('conditions', 'Conditions: must be an object with all and any arrays');
	const all = value.all ?? [];
	const any = value.any ?? [];
	if (!Array.isArray(all) || !Array.isArray(any)) fail('conditions', 'Conditions: all and any must be arrays');
	if (all.length + any.length === 0) fail('conditions', 'Conditions: at least one condition is required', 'BlankValue');
	for (const condition of [...all, ...any]) {
		const problem = conditionProblem(condition);
		if (problem) fail('conditions', `Conditions: ${problem}`);
	}
	return { all: all as TriggerCondition[], any: any as TriggerCondition[] };
}

function checkActions(store: ZendeskStore, value: unknown): TriggerAction[] {
	if (!Array.isArray(value) || value.length === 0) fail('actions', 'Actions: at least one action is required', 'BlankValue');
	for (const action of value) {
		if (!isObject(action) || typeof action.field !== 'string') fail('actions', 'Actions: each action needs a field and a value');
		if (action.field === NOTIFICATION_WEBHOOK) checkWebhookAction(store, action.value);
	}
	return value as TriggerAction[];
}

export function saveTrigger(store: ZendeskStore, input: Record<string, unknown>, existing?: SimTrigger): SimTrigger {
	const title = input.title ?? existing?.title;
	if (typeof title !== 'string' || title.trim() === '') fail('title', 'Title: cannot be blank', 'BlankValue');
	const now = store.nowIso();
	const trigger: SimTrigger = {
		id: existing?.id ?? store.nextId('trigger'),
		title: title.trim(),
		active: input.active === undefined ? (existing?.active ?? true) : input.active !== false,
		position: typeof input.position === 'number' ? input.position : (existing?.position ?? store.triggers.size + 1),
		description: typeof input.description === 'string' ? input.description : (existing?.description ?? null),
		conditions: input.conditions === undefined && existing ? existing.conditions : checkConditions(input.conditions),
		actions: input.actions === undefined && existing ? existing.actions : checkActions(store, input.actions),
		created_at: existing?.created_at ?? now,
		updated_at: now,
	};
	store.triggers.set(trigger.id, trigger);
	return trigger;
}

export function serializeTrigger(trigger: SimTrigger, baseUrl: string) {
	return { url: `${baseUrl}/api/v2/triggers/${trigger.id}.json`, ...trigger, raw_title: trigger.title, default: false };
}

function triggerInput(body: unknown): Record<string, unknown> {
	if (!isObject(body) || !isObject(body.trigger)) fail('trigger', 'Trigger: is required', 'BlankValue');
	return body.trigger;
}

function list(ctx: ZendeskContext, activeOnly: boolean): SimResponse {
	const wanted = activeOnly ? 'true' : ctx.query.active;
	const triggers = [...ctx.store.triggers.values()]
		.filter((t) => wanted === undefined || String(t.active) === wanted)
		.sort((a, b) => a.position - b.position || a.id - b.id);
	return pageOf(ctx, triggers, {
		key: 'triggers',
		path: activeOnly ? '/api/v2/triggers/active' : '/api/v2/triggers',
		idOf: (trigger) => trigger.id,
		serialize: (trigger) => serializeTrigger(trigger, ctx.baseUrl),
	});
}

export function registerTriggerRoutes(router: Router<ZendeskContext>): void {
	const find = (ctx: ZendeskContext) => ctx.store.triggers.get(numericId(ctx.params.id) ?? -1);
	router
		.on('POST', '/api/v2/triggers', async (ctx) => {
			const trigger = saveTrigger(ctx.store, triggerInput(ctx.body));
			// Saved, so it fires from now on, however late the answer.
			await sleep(ctx.store.settings.triggerAnswerLagMs);
			return { status: 201, body: { trigger: serializeTrigger(trigger, ctx.baseUrl) } };
		})
		.on('GET', '/api/v2/triggers', (ctx) => list(ctx, false))
		.on('GET', '/api/v2/triggers/active', (ctx) => list(ctx, true))
		.on('GET', '/api/v2/triggers/:id', (ctx) => {
			const trigger = find(ctx);
			return trigger ? { status: 200, body: { trigger: serializeTrigger(trigger, ctx.baseUrl) } } : notFound();
		})
		.on('PUT', '/api/v2/triggers/:id', (ctx) => {
			const trigger = find(ctx);
			if (!trigger) return notFound();
			return { status: 200, body: { trigger: serializeTrigger(saveTrigger(ctx.store, triggerInput(ctx.body), trigger), ctx.baseUrl) } };
		})
		.on('DELETE', '/api/v2/triggers/:id', (ctx) => {
			const trigger = find(ctx);
			return trigger && ctx.store.triggers.delete(trigger.id) ? { status: 204 } : notFound();
		});
}
