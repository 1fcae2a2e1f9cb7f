// Zendesk placeholders for webhook bodies, rendered with Liquid: {{ticket.id}}, {{ticket.requester.custom_fields.x}},
// {{ticket.latest_public_comment}}, {% for comment in ticket.public_comments limit:1 %}…, {{current_user.name}}.
// Placeholders render as text (not HTML); in a JSON body each value is JSON-escaped so the body stays valid JSON, unless
// the account is switched to raw values (`escapeJsonPlaceholders: false`).
import { Liquid } from 'liquidjs';

import type { AccountLocale } from './config';
import type { ZendeskStore } from './store';
import type { SimComment, SimTicket, SimUser } from './types';

type StatusLabels = Record<SimTicket['status'], string>;

/** How {{ticket.status}} shows a status in an English account: Zendesk's labels, never the API value. */
export const STATUS_NAMES: StatusLabels = {
	new: 'New',
	open: 'Open',
	pending: 'Pending',
	hold: 'On-hold',
	solved: 'Solved',
	closed: 'Closed',
};

/** The status labels of Zendesk's agent interface in each account language the simulator offers. */
export const STATUS_LABELS: Record<AccountLocale, StatusLabels> = {
	en: STATUS_NAMES,
	fr: { new: 'Nouveau', open: 'Ouvert', pending: 'En attente', hold: 'En pause', solved: 'Résolu', closed: 'Clos' },
	de: { new: 'Neu', open: 'Offen', pending: 'Wartend', hold: 'Angehalten', solved: 'Gelöst', closed: 'Geschlossen' },
	es: { new: 'Nuevo', open: 'Abierto', pending: 'Pendiente', hold: 'En espera', solved: 'Resuelto', closed: 'Cerrado' },
};

const VIA_LABELS: Record<SimTicket['via']['channel'], string> = { api: 'Web Service', web: 'Web Form', email: 'Mail', rule: 'Rule' };

export const COMMENT_SEPARATOR = '----------------------------------------------';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Jun 10, 2026, 09:05" (the account's time zone: UTC here). */
export function zendeskDate(iso: string): string {
	const d = new Date(iso);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function userDrop(store: ZendeskStore, user: SimUser | undefined) {
	if (!user) return {};
	const [first, ...rest] = user.name.split(' ');
	const customFields: Record<string, unknown> = {};
	for (const field of store.userFields.values()) customFields[field.key] = user.user_fields[field.key] ?? '';
	return {
		id: user.id,
		name: user.name,
		first_name: first,
		last_name: rest.join(' '),
		email: user.email ?? '',
		phone: user.phone ?? '',
		external_id: user.external_id ?? '',
		role: user.role,
		custom_fields: customFields,
	};
}

/** Zendesk's formatted comment: separator, blank line, "Name, Date", blank line, the text (and attachments). */
export function formatComment(store: ZendeskStore, comment: SimComment): string {
	const author = store.user(comment.author_id)?.name ?? 'Unknown';
	const files = comment.attachments.map((file) => `${file.file_name} - ${file.content_url}`);
	const attachments = files.length ? `\n\nAttachment(s):\n${files.join('\n')}` : '';
	return `${COMMENT_SEPARATOR}\n\n${author}, ${zendeskDate(comment.created_at)}\n\n${comment.body}${attachments}`;
}

function commentDrop(store: ZendeskStore, comment: SimComment) {
	return {
		id: comment.id,
		value: comment.body,
		value_rich: comment.body,
		is_public: comment.public,
		author: userDrop(store, store.user(comment.author_id)),
		created_at: zendeskDate(comment.created_at),
		created_at_with_time: zendeskDate(comment.created_at),
		attachments: comment.attachments.map((file) => ({ filename: file.file_name, url: file.content_url })),
	};
}

export function placeholderScope(store: ZendeskStore, ticket: SimTicket, actor: SimUser, baseUrl: string, locale: AccountLocale) {
	const newestFirst = [...ticket.comments].reverse();
	const publicNewestFirst = newestFirst.filter((c) => c.public);
	const latest = newestFirst[0];
	const latestPublic = publicNewestFirst[0];
	const host = baseUrl.replace(/^https?:\/\//, '');
	return {
		ticket: {
			id: ticket.id,
			title: ticket.subject,
			description: ticket.description,
			status: STATUS_LABELS[locale][ticket.status],
			priority: ticket.priority ?? '',
			ticket_type: ticket.type ?? '',
			tags: ticket.tags.join(' '),
			external_id: ticket.external_id ?? '',
			via: VIA_LABELS[ticket.via.channel],
			url: `${host}/agent/tickets/${ticket.id}`,
			link: `${baseUrl}/agent/tickets/${ticket.id}`,
			requester: userDrop(store, store.user(ticket.requester_id)),
			assignee: userDrop(store, ticket.assignee_id === null ? undefined : store.user(ticket.assignee_id)),
			latest_comment: latest ? formatComment(store, latest) : '',
			latest_comment_html: latest ? formatComment(store, latest) : '',
			latest_public_comment: latestPublic ? formatComment(store, latestPublic) : '',
			latest_public_comment_html: latestPublic ? formatComment(store, latestPublic) : '',
			comments_formatted: newestFirst.map((c) => formatComment(store, c)).join('\n\n'),
			public_comments_formatted: publicNewestFirst.map((c) => formatComment(store, c)).join('\n\n'),
			comments: newestFirst.map((c) => commentDrop(store, c)),
			public_comments: publicNewestFirst.map((c) => commentDrop(store, c)),
		},
		current_user: userDrop(store, actor),
		satisfaction: {},
	};
}

const jsonEngine = new Liquid({
	outputEscape: (value: unknown) => (typeof value === 'string' ? JSON.stringify(value).slice(1, -1) : String(value ?? '')),
});
const textEngine = new Liquid();

/** Renders a trigger's webhook body; `json` escapes every placeholder value for a JSON string, `text` leaves it raw. */
export function renderPlaceholders(template: string, scope: object, escaping: 'json' | 'text'): string {
	return (escaping === 'json' ? jsonEngine : textEngine).parseAndRenderSync(template, scope);
}
