// Braze Trigger Send: how many Braze requests N recipients cost (the node in-process against the Braze simulator,
// counted in the simulator's request log), and the node's own work per item (typing + batching, no I/O). Every third
// recipient is a customer Braze knows only by phone, addressed by braze_id: mixing ids must not cost requests.
import { performance } from 'node:perf_hooks';

import type { IDataObject } from 'n8n-workflow';

import { planTriggerSends, TRIGGER_SEND_MAX_RECIPIENTS, type SendEntry } from '../nodes/BrazeTriggerSend/batching';
import { keyValues, typedAttributes } from '../nodes/BrazeTriggerSend/typedAttributes';
import { runWorkflow, type WorkflowJson } from '../test/harness/inProcess';
import { singleNodeWorkflow } from '../test/harness/singleNode';
import { startBrazeSimulator } from '../test/simulators/braze';
import type { BenchFigure } from './run';

const CAMPAIGN = 'camp-bench';
const NODE = 'Braze Trigger Send';

const workflow: WorkflowJson = singleNodeWorkflow(NODE, 'brazeTriggerSend', {
	operation: 'sendCampaign',
	campaignId: CAMPAIGN,
	externalUserId: '={{ $json.user }}',
	brazeId: '={{ $json.brazeId }}',
	triggerProperties: { property: [{ key: 'msg_body', value: '={{ $json.text }}' }] },
	attributes: {
		attribute: [
			{ key: 'zendesk_ticket', value: '={{ $json.ticket }}', type: 'number' },
			{ key: 'zendesk_ticket_open', value: 'true', type: 'boolean' },
		],
	},
	sendToExistingOnly: false,
});

const items = (count: number): IDataObject[] =>
	Array.from({ length: count }, (_, i) => {
		const anonymous = i % 3 === 2;
		return {
			user: anonymous ? '' : `customer-${i}`,
			brazeId: anonymous ? i.toString(16).padStart(24, '0') : '',
			text: `Reply ${i}`,
			ticket: String(1000 + i),
		};
	});

async function requestsPerRecipients(): Promise<BenchFigure[]> {
	const braze = await startBrazeSimulator({ campaigns: { [CAMPAIGN]: '{{api_trigger_properties.${msg_body}}}' } });
	const figures: BenchFigure[] = [];
	try {
		for (const n of [1, 50, 120, 1000]) {
			braze.reset();
			const started = performance.now();
			const result = await runWorkflow(workflow, { credentials: { brazeRelayApi: braze.credentials }, items: items(n) });
			const elapsed = performance.now() - started;
			if (result.error) throw new Error(`bench run for ${n} recipients failed: ${result.error.message}`);
			const requests = braze.log.filter((entry) => entry.path === '/campaigns/trigger/send').length;
			figures.push({
				name: `requests for ${n} recipients`,
				value: requests,
				unit: 'requests',
				goal: `= ceil(${n}/${TRIGGER_SEND_MAX_RECIPIENTS}) = ${Math.ceil(n / TRIGGER_SEND_MAX_RECIPIENTS)}`,
			});
			if (n === 1000) {
				figures.push({
					name: "in-process run per item (1000 recipients; mostly n8n's expression engine)",
					value: elapsed / n,
					unit: 'ms',
				});
			}
		}
	} finally {
		await braze.close();
	}
	return figures;
}

/** Typing and batching 1,000 items, as the node does between reading parameters and sending. */
function overheadPerItem(): BenchFigure {
	const count = 1000;
	const rounds = 50;
	const plan = () => {
		const entries: SendEntry[] = [];
		for (let i = 0; i < count; i++) {
			entries.push({
				itemIndex: i,
				campaignId: CAMPAIGN,
				user: { externalId: `customer-${i}` },
				sendToExistingOnly: true,
				triggerProperties: keyValues([{ key: 'msg_body', value: `Reply ${i}` }], i, 'Trigger Properties'),
				attributes: typedAttributes(
					[
						{ key: 'zendesk_ticket', value: String(1000 + i), type: 'number' },
						{ key: 'zendesk_ticket_open', value: 'true', type: 'boolean' },
					],
					i,
					'Attributes',
				),
			});
		}
		return planTriggerSends(entries, true);
	};
	plan(); // warm-up
	const started = performance.now();
	for (let round = 0; round < rounds; round++) plan();
	const microsPerItem = ((performance.now() - started) * 1000) / (rounds * count);
	return {
		name: 'node overhead per item (typing + batching)',
		value: microsPerItem,
		unit: 'µs',
		goal: '≪ one Braze round trip (ms)',
	};
}

export async function run(): Promise<BenchFigure[]> {
	return [...(await requestsPerRecipients()), overheadPerItem()];
}
