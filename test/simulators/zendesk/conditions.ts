// Trigger conditions, with Zendesk's field names and values (conditions reference): the ones the product's triggers use
// plus a few neighbours. Unknown fields are refused when a trigger is saved, so a test never relies on a condition the
// simulator would silently ignore.
import type { TicketChange } from './store';
import { TICKET_STATUSES, VIA_IDS, type SimTicket, type TriggerCondition } from './types';

export const CONDITION_FIELDS = {
	/** 'true' | 'false' | 'not_relevant' (any comment) | 'requester_can_see_comment'. */
	commentIsPublic: 'comment_is_public',
	/** Via id of this update: web 0, mail 4, API 5, rule 8. */
	currentViaId: 'current_via_id',
	/** Via id of the ticket's creation. */
	viaId: 'via_id',
	/** Role of the user making the update: 'end_user' | 'agent' | 'admin' (admins count as agents). */
	role: 'role',
	/** The user making the update: a user id, 'requester_id', 'assignee_id', or a role name. */
	currentUser: 'current_user',
	/** is, is_not, less_than, greater_than, changed, not_changed, value (changed to), value_previous (changed from),
	 * not_value, not_value_previous. */
	status: 'status',
	/** 'Create' | 'Change'. */
	updateType: 'update_type',
	currentTags: 'current_tags',
	requesterId: 'requester_id',
} as const;

const IS = ['is', 'is_not'];

export const SUPPORTED_CONDITIONS: Record<string, string[]> = {
	comment_is_public: IS,
	current_via_id: IS,
	via_id: IS,
	role: IS,
	current_user: IS,
	status: [...IS, 'less_than', 'greater_than', 'changed', 'not_changed', 'value', 'value_previous', 'not_value', 'not_value_previous'],
	update_type: IS,
	current_tags: ['includes', 'not_includes'],
	requester_id: IS,
};

function comment(change: TicketChange) {
	return change.commentId === undefined ? undefined : change.ticket.comments.find((c) => c.id === change.commentId);
}

function roleName(role: string): string {
	return role === 'end-user' ? 'end_user' : role;
}

function roleMatches(actorRole: string, wanted: string): boolean {
	const role = roleName(actorRole);
	return wanted === 'agent' ? role === 'agent' || role === 'admin' : role === wanted;
}

/** The "is" truth of a field for this change (is_not negates it). */
function isTrue(condition: TriggerCondition, change: TicketChange): boolean {
	const value = String(condition.value ?? '');
	const { ticket, actor } = change;
	switch (condition.field) {
		case 'comment_is_public': {
			const added = comment(change);
			if (value === 'not_relevant') return added !== undefined;
			if (value === 'false') return added !== undefined && !added.public;
			return added !== undefined && added.public;
		}
		case 'current_via_id':
			return String(VIA_IDS[change.via.channel]) === value;
		case 'via_id':
			return String(VIA_IDS[ticket.via.channel]) === value;
		case 'role':
			return roleMatches(actor.role, value);
		case 'current_user':
			if (value === 'requester_id') return actor.id === ticket.requester_id;
			if (value === 'assignee_id') return actor.id === ticket.assignee_id;
			if (/^\d+$/.test(value)) return actor.id === Number(value);
			return roleMatches(actor.role, value);
		case 'update_type':
			return change.updateType === value;
		case 'requester_id':
			return String(ticket.requester_id) === value;
		default:
			return false;
	}
}

function statusCondition(condition: TriggerCondition, change: TicketChange): boolean {
	const value = String(condition.value ?? '');
	const current = change.ticket.status;
	const previous = change.previousStatus;
	const changed = previous !== current; // creation counts as a change, as in Zendesk
	const rank = (status: string) => TICKET_STATUSES.indexOf(status as SimTicket['status']);
	switch (condition.operator) {
		case 'less_than':
			return rank(current) < rank(value);
		case 'greater_than':
			return rank(current) > rank(value);
		case 'changed':
			return changed;
		case 'not_changed':
			return !changed;
		case 'value':
			return changed && current === value;
		case 'not_value':
			return !(changed && current === value);
		case 'value_previous':
			return changed && previous === value;
		case 'not_value_previous':
			return !(changed && previous === value);
		default:
			return condition.operator === 'is' ? current === value : current !== value;
	}
}

export function conditionHolds(condition: TriggerCondition, change: TicketChange): boolean {
	if (condition.field === 'status') return statusCondition(condition, change);
	if (condition.field === 'current_tags') {
		const tags = String(condition.value ?? '').split(/\s+/).filter(Boolean);
		const any = tags.some((tag) => change.ticket.tags.includes(tag));
		return condition.operator === 'includes' ? any : !any;
	}
	const truth = isTrue(condition, change);
	return condition.operator === 'is_not' ? !truth : truth;
}

export function conditionsHold(conditions: { all: TriggerCondition[]; any: TriggerCondition[] }, change: TicketChange): boolean {
	const all = conditions.all.every((c) => conditionHolds(c, change));
	const any = conditions.any.length === 0 || conditions.any.some((c) => conditionHolds(c, change));
	return all && any;
}

/** Why a condition cannot be saved, or undefined when it is fine. */
export function conditionProblem(condition: unknown): string | undefined {
	if (typeof condition !== 'object' || condition === null) return 'each condition must be an object {field, operator, value}';
	const { field, operator } = condition as Record<string, unknown>;
	if (typeof field !== 'string' || typeof operator !== 'string') return 'each condition needs a field and an operator';
	const operators = SUPPORTED_CONDITIONS[field];
	if (!operators) return `condition field ${field} is not supported by the simulator`;
	if (!operators.includes(operator)) return `operator ${operator} is not valid for ${field}`;
	return undefined;
}
