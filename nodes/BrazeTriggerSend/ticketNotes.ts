// Zendesk Ticket Notes of Send Campaign: agents work in Zendesk, so when an item's SMS could not be sent or was
// shortened to fit, a private note on that item's ticket says so (and, in "Every SMS" mode, each SMS sent leaves a
// line). The words are in ticketNoteText.ts; the write is the shared zendeskTicketNote.ts, with the Zendesk Relay API
// credential.
import type { ICredentialsDisplayOptions, IDataObject, IExecuteFunctions, INodeProperties, NodeParameterValue } from 'n8n-workflow';

import { trimmedText } from '../shared/parameterText';
import { VendorRequestError } from '../shared/vendorError';
import { addPrivateNote, DEFAULT_FAILURE_TAG, isTicketNumber, noteTag } from '../shared/zendeskTicketNote';
import type { OutcomeListener } from './actions/runRequests';
import type { SendFailure } from './sendFailure';
import { failureNote, readSmsDetails, sentNote, shortenedNote, type SmsDetails } from './ticketNoteText';

const DEFAULT_SMS_DETAILS = '={{ $json.sms }}';
/** The trigger property that carries the SMS text by this package's convention (quoted when SMS Details are absent). */
const MESSAGE_PROPERTY = 'msg_body';

type NoteMode = 'failures' | 'everySms';

export const ticketNotesField: INodeProperties = {
	displayName: 'Zendesk Ticket Notes',
	name: 'ticketNotes',
	type: 'collection',
	placeholder: 'Add Ticket Note Setting',
	default: {},
	description:
		"Private notes on the customer's Zendesk ticket, so agents see there when an SMS could not be sent or was " +
		'shortened to fit. On once Ticket ID is added; needs a Zendesk Relay API credential.',
	displayOptions: { show: { operation: ['sendCampaign'] } },
	options: [
		{
			displayName: 'Ticket ID',
			name: 'ticketId',
			type: 'string',
			default: '={{ $json.ticketId }}',
			description: 'The Zendesk ticket of this item. An item without one gets no note.',
		},
		{
			displayName: 'Notes',
			name: 'mode',
			type: 'options',
			default: 'failures',
			options: [
				{
					name: 'Failures Only',
					value: 'failures',
					description: 'A note when the SMS could not be sent, or was shortened to fit',
				},
				{
					name: 'Every SMS',
					value: 'everySms',
					description: 'Also a short note for every SMS sent: segments, encoding, Braze dispatch ID',
				},
			],
		},
		{
			displayName: 'Tag',
			name: 'tag',
			type: 'string',
			default: DEFAULT_FAILURE_TAG,
			description: 'Added to the ticket with a failure note, so agents can build a view of them. Empty: no tag.',
		},
		{
			displayName: 'SMS Details',
			name: 'smsDetails',
			type: 'json',
			default: DEFAULT_SMS_DETAILS,
			description:
				"The SMS as Parse Zendesk Comment describes it ({text, encoding, segments, characters, truncated}): notes " +
				'quote its text, and a shortened SMS gets a note. Absent for other messages (e.g. a closing SMS): notes then ' +
				'quote the msg_body trigger property.',
		},
	],
};

// n8n shows and checks a credential with the parameters' own display rules (NodeHelpers.displayParameter, in the
// editor and when a node asks for it), conditions included; the credential type just does not list them.
const TICKET_ID_SET = { _cnd: { exists: true } } as unknown as NodeParameterValue;

/** The Zendesk credential is shown and needed only once a ticket id is set (an expression counts). */
export const ticketNotesCredentialDisplay: ICredentialsDisplayOptions = {
	show: { operation: ['sendCampaign'], 'ticketNotes.ticketId': [TICKET_ID_SET] },
};

export function ticketNoteWriter(context: IExecuteFunctions): OutcomeListener {
	return new TicketNoteWriter(context);
}

interface NoteTarget {
	ticketId: string;
	mode: NoteMode;
	tag?: string;
	/** Why the tag setting cannot be used: the note is written without it. */
	tagProblem?: string;
	sms?: SmsDetails;
	/** What a failure note quotes. */
	smsText?: string;
}

/** The note for an SMS that went out: always when it was shortened, else only in "Every SMS" mode. */
function sentSmsNote(target: NoteTarget, dispatchId: string | null): { kind: 'shortened' | 'sent'; body: string } | undefined {
	if (target.sms?.truncated) return { kind: 'shortened', body: shortenedNote(target.sms, dispatchId) };
	if (target.mode === 'everySms') return { kind: 'sent', body: sentNote(target.sms, dispatchId) };
	return undefined;
}

/** A Zendesk Ticket Notes setting of one item that cannot be used. */
class NoteSettingError extends Error {}

class TicketNoteWriter implements OutcomeListener {
	/** Set once Zendesk refused the credential (or the node has none): the run's other notes would fail the same way. */
	private credentialProblem?: string;

	constructor(private readonly context: IExecuteFunctions) {}

	async sent(itemIndex: number, json: IDataObject): Promise<IDataObject> {
		const target = this.target(itemIndex);
		if (!target) return {};
		if (target instanceof NoteSettingError) return { ticketNote: { error: target.message } };
		const note = sentSmsNote(target, typeof json.dispatchId === 'string' ? json.dispatchId : null);
		if (!note) return {};
		const problem = await this.write(target.ticketId, note.body);
		return { ticketNote: { ticketId: Number(target.ticketId), note: note.kind, ...(problem ? { error: problem } : {}) } };
	}

	async failed(itemIndex: number, failure: SendFailure, technicalDetail?: string): Promise<string | undefined> {
		const target = this.target(itemIndex);
		if (!target) return undefined;
		if (target instanceof NoteSettingError) return `No note was written on the Zendesk ticket: ${target.message}.`;
		const body = failureNote({ failure, smsText: target.smsText, technicalDetail });
		const problem = await this.write(target.ticketId, body, target.tag);
		if (problem) return `The note for the agent could not be written on Zendesk ticket ${target.ticketId}: ${problem}`;
		const untagged = target.tagProblem ? ` It has no tag: ${target.tagProblem}.` : '';
		return `A private note on Zendesk ticket ${target.ticketId} tells the agent.${untagged}`;
	}

	/** The item's note settings; undefined when it has no ticket id. */
	private target(itemIndex: number): NoteTarget | NoteSettingError | undefined {
		try {
			const ticketId = trimmedText(this.parameter('ticketId', itemIndex, ''));
			if (!ticketId) return undefined;
			if (!isTicketNumber(ticketId)) throw new NoteSettingError(`Ticket ID "${ticketId}" is not a Zendesk ticket number`);
			const sms = this.quietly(itemIndex, () => readSmsDetails(this.parameter('smsDetails', itemIndex, DEFAULT_SMS_DETAILS)));
			return {
				ticketId,
				mode: this.mode(itemIndex),
				...this.tag(itemIndex),
				sms,
				smsText: sms?.text ?? this.quietly(itemIndex, () => this.messageProperty(itemIndex)),
			};
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			this.context.logger.warn(`Braze Trigger Send, item ${itemIndex}: Zendesk Ticket Notes: ${message}`);
			return error instanceof NoteSettingError ? error : new NoteSettingError(message);
		}
	}

	/** What the note quotes is worth a try, never worth losing the note: a failing expression there gives nothing. */
	private quietly<T>(itemIndex: number, read: () => T): T | undefined {
		try {
			return read();
		} catch (error) {
			this.context.logger.warn(`Braze Trigger Send, item ${itemIndex}: Zendesk Ticket Notes: ${(error as Error).message}`);
			return undefined;
		}
	}

	private parameter(name: string, itemIndex: number, fallback: unknown): unknown {
		return this.context.getNodeParameter(`ticketNotes.${name}`, itemIndex, fallback);
	}

	private mode(itemIndex: number): NoteMode {
		const mode = this.parameter('mode', itemIndex, 'failures');
		if (mode === 'failures' || mode === 'everySms') return mode;
		throw new NoteSettingError(`Notes "${String(mode)}" is not one of failures, everySms`);
	}

	private tag(itemIndex: number): Pick<NoteTarget, 'tag' | 'tagProblem'> {
		const { tag, problem } = noteTag(trimmedText(this.parameter('tag', itemIndex, DEFAULT_FAILURE_TAG)));
		return problem ? { tagProblem: problem } : { tag };
	}

	private messageProperty(itemIndex: number): string | undefined {
		const properties = this.context.getNodeParameter('triggerProperties.property', itemIndex, []) as Array<{ key?: unknown; value?: unknown }>;
		const value = properties.find((property) => trimmedText(property.key) === MESSAGE_PROPERTY)?.value;
		return typeof value === 'string' ? value : undefined;
	}

	/** Writes a private comment (and the tag); the problem when it could not, also logged. */
	private async write(ticketId: string, body: string, tag?: string): Promise<string | undefined> {
		if (this.credentialProblem) return this.credentialProblem;
		try {
			await addPrivateNote(this.context, ticketId, body, tag);
			return undefined;
		} catch (error) {
			const problem = error instanceof VendorRequestError ? `${error.message} (${error.description})` : (error as Error).message;
			const credentialRefused = !(error instanceof VendorRequestError) || error.statusCode === 401 || error.statusCode === 403;
			if (credentialRefused) this.credentialProblem = problem;
			this.context.logger.warn(`Braze Trigger Send: no note on Zendesk ticket ${ticketId}: ${problem}`);
			return problem;
		}
	}
}
