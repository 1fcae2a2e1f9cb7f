// Ticket attachments: POST /api/v2/uploads?filename=… with the file's raw bytes gives a token; a comment's `uploads`
// uses it once, within the token's lifetime (60 minutes), and then carries the attachment. The bytes are served at the
// attachment's content_url, behind the same authentication as the API.
import { randomBytes } from 'node:crypto';

import type { Router, SimResponse } from '../shared/http';
import { numericId, type ZendeskContext } from './context';
import { fail, invalid, notFound } from './errors';
import type { PendingUpload, ZendeskStore } from './store';
import type { SimAttachment } from './types';

export const UPLOADS_PATH = '/api/v2/uploads';

/** Zendesk-like opaque token (letters and digits). */
function token(): string {
	return randomBytes(18).toString('base64').replace(/[^a-zA-Z0-9]/g, '').slice(0, 24);
}

export function serializeAttachment(attachment: SimAttachment) {
	return {
		...attachment,
		mapped_content_url: attachment.content_url,
		width: null,
		height: null,
		inline: false,
		deleted: false,
		malware_access_override: false,
		malware_scan_result: 'malware_not_found',
		thumbnails: [],
	};
}

function tooLarge(maxBytes: number): SimResponse {
	const limit = `${Math.round(maxBytes / 1024 / 1024)} MB`;
	return { status: 413, body: { error: 'RequestEntityTooLarge', description: `Attachment is larger than the ${limit} limit` } };
}

function upload(ctx: ZendeskContext): SimResponse {
	const { store } = ctx;
	const fileName = ctx.query.filename?.trim();
	if (!fileName) return invalid('filename', 'Filename: cannot be blank', 'BlankValue');
	if (ctx.rawBytes.length > store.settings.uploadMaxBytes) return tooLarge(store.settings.uploadMaxBytes);
	const contentToken = token();
	const id = store.nextId('attachment');
	const attachment: SimAttachment = {
		id,
		url: `${ctx.baseUrl}/api/v2/attachments/${id}.json`,
		file_name: fileName,
		content_type: ctx.headers['content-type']?.split(';')[0].trim() || 'application/binary',
		size: ctx.rawBytes.length,
		content_url: `${ctx.baseUrl}/attachments/token/${contentToken}/?name=${encodeURIComponent(fileName)}`,
	};
	store.files.set(contentToken, { attachment, bytes: Buffer.from(ctx.rawBytes) });
	const pending: PendingUpload = { token: token(), attachment, expiresAt: store.clock() + store.settings.uploadTtlMs };
	store.uploads.set(pending.token, pending);
	const shown = serializeAttachment(attachment);
	const expiresAt = new Date(pending.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
	return { status: 201, body: { upload: { token: pending.token, expires_at: expiresAt, attachment: shown, attachments: [shown] } } };
}

/**
 * The attachments of a comment's `uploads` tokens, or Zendesk's 422 for a token that is unknown, expired or already used.
 * Nothing is consumed here: the update may still fail after this check (see consumeUploads).
 */
export function claimUploads(store: ZendeskStore, tokens: unknown): SimAttachment[] {
	if (tokens === undefined) return [];
	if (!Array.isArray(tokens)) fail('uploads', 'Uploads: must be an array of upload tokens');
	return tokens.map((value) => {
		const pending = store.uploads.get(String(value));
		if (!pending || pending.expiresAt <= store.clock()) fail('uploads', `Uploads: ${String(value)} is not a valid upload token`);
		return pending.attachment;
	});
}

/** A saved comment used its tokens: each one works once. */
export function consumeUploads(store: ZendeskStore, tokens: readonly string[]): void {
	for (const used of tokens) store.uploads.delete(used);
}

function content(ctx: ZendeskContext): SimResponse {
	const file = ctx.store.files.get(ctx.params.token);
	if (!file) return notFound();
	return { status: 200, body: file.bytes, headers: { 'Content-Type': file.attachment.content_type } };
}

function showAttachment(ctx: ZendeskContext): SimResponse {
	const id = numericId(ctx.params.id);
	const file = [...ctx.store.files.values()].find((candidate) => candidate.attachment.id === id);
	return file ? { status: 200, body: { attachment: serializeAttachment(file.attachment) } } : notFound();
}

export function registerUploadRoutes(router: Router<ZendeskContext>): void {
	router
		.on('POST', UPLOADS_PATH, upload)
		.on('DELETE', `${UPLOADS_PATH}/:token`, (ctx) => (ctx.store.uploads.delete(ctx.params.token) ? { status: 204 } : notFound()))
		.on('GET', '/api/v2/attachments/:id', showAttachment)
		.on('GET', '/attachments/token/:token/', content)
		.on('GET', '/attachments/token/:token', content);
}
