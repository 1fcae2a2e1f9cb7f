// The words agents read on the ticket, and the facts they are made from. Pure modules, no n8n.
import { NoBrazeUserError } from '../../../nodes/BrazeTriggerSend/brazeUser';
import { brazeRequestFailure, invalidItemFailure, type SendFailure } from '../../../nodes/BrazeTriggerSend/sendFailure';
import { failureNote, readSmsDetails, sentNote, shortenedNote } from '../../../nodes/BrazeTriggerSend/ticketNoteText';
import { FieldValueError } from '../../../nodes/BrazeTriggerSend/typedAttributes';

const REPLY = 'New message from Zendesk:\nYour parcel left today.\n\nFeel free to respond directly to this number!';

describe('brazeRequestFailure', () => {
	const facts = { attempts: 1, brazeMessage: '' };

	it.each([
		[{ statusCode: 401 }, { kind: 'keyRefused' }],
		[{ statusCode: 403 }, { kind: 'keyRefused' }],
		[{ statusCode: 429 }, { kind: 'rateLimited' }],
		[{ statusCode: 503, attempts: 5, brazeMessage: 'Service Unavailable' }, { kind: 'brazeUnavailable', statusCode: 503, tries: 5, brazeMessage: 'Service Unavailable' }],
		[{ statusCode: 408 }, { kind: 'brazeUnavailable', statusCode: 408, tries: 1, brazeMessage: '' }],
		[{ statusCode: 400, brazeMessage: 'Invalid campaign_id' }, { kind: 'brazeRefused', statusCode: 400, brazeMessage: 'Invalid campaign_id' }],
		[{ networkErrorCode: 'ECONNREFUSED', attempts: 5 }, { kind: 'unreachable', code: 'ECONNREFUSED', tries: 5 }],
		[{ networkErrorCode: 'ENOTFOUND' }, { kind: 'unreachable', code: 'ENOTFOUND', tries: 1 }],
		[{ networkErrorCode: 'ECONNRESET' }, { kind: 'noAnswer', code: 'ECONNRESET', tries: 1 }],
		[{ networkErrorCode: 'ETIMEDOUT' }, { kind: 'noAnswer', code: 'ETIMEDOUT', tries: 1 }],
		[{}, { kind: 'noAnswer', code: 'no answer', tries: 1 }],
	])('%j → %j', (given, expected) => {
		expect(brazeRequestFailure({ ...facts, ...given })).toEqual(expected);
	});
});

describe('invalidItemFailure', () => {
	it('tells a customer without Braze identity from any other bad value, without the item number', () => {
		expect(invalidItemFailure(new NoBrazeUserError(3))).toEqual({ kind: 'noBrazeIdentity' });
		expect(invalidItemFailure(new FieldValueError(3, 'Attributes "open"', 'must be true or false, got "yes"'))).toEqual({
			kind: 'invalidItem',
			problem: 'Attributes "open" must be true or false, got "yes"',
		});
		expect(invalidItemFailure(new Error('Item 12: Campaign (campaignId) is empty'))).toEqual({
			kind: 'invalidItem',
			problem: 'Campaign (campaignId) is empty',
		});
	});
});

describe('failureNote', () => {
	it('says plainly that the customer did not get the SMS, quotes it, says why, and gives the administrator the error', () => {
		const note = failureNote({
			failure: { kind: 'brazeUnavailable', statusCode: 503, tries: 5, brazeMessage: 'Service Unavailable' },
			smsText: REPLY,
			technicalDetail: 'Braze POST /campaigns/trigger/send failed (503): Service Unavailable',
		});
		expect(note).toBe(
			'SMS not sent: the customer did NOT get this SMS.\n\n' +
				`The SMS:\n"${REPLY}"\n\n` +
				'Why: Braze, the SMS service, was unavailable (HTTP 503 "Service Unavailable", 5 tries). Nothing was sent, and n8n will not try again by itself.\n\n' +
				'For your n8n administrator: Braze POST /campaigns/trigger/send failed (503): Service Unavailable',
		);
	});

	it('after no answer: may or may not have been sent, not repeated to avoid a double SMS', () => {
		const note = failureNote({ failure: { kind: 'noAnswer', code: 'ETIMEDOUT', tries: 1 }, smsText: REPLY });
		expect(note.split('\n')[0]).toBe('SMS status unknown: this SMS may or may not have reached the customer.');
		expect(note).toContain(
			'Why: Braze, the SMS service, did not answer (ETIMEDOUT), so it may or may not have been sent. It was not repeated, ' +
				'to avoid a double SMS. Check in Braze, or ask the customer, before sending it again.',
		);
		expect(failureNote({ failure: { kind: 'noAnswer', code: 'ETIMEDOUT', tries: 3 } })).toContain(
			'It was tried 3 times, so the customer may even have got it more than once.',
		);
	});

	it.each<[SendFailure, string]>([
		[{ kind: 'brazeRefused', statusCode: 400, brazeMessage: 'Invalid campaign_id' }, 'Braze, the SMS service, refused it: "Invalid campaign_id" (HTTP 400).'],
		[{ kind: 'keyRefused' }, "Braze, the SMS service, refused n8n's access key."],
		[{ kind: 'rateLimited' }, 'was at its sending limit and did not accept more messages in time. Nothing was sent'],
		[{ kind: 'unreachable', code: 'ECONNREFUSED', tries: 5 }, 'n8n could not reach Braze, the SMS service (ECONNREFUSED, 5 tries). Nothing was sent'],
		[{ kind: 'noBrazeIdentity' }, 'The customer has no Braze identity'],
		[{ kind: 'invalidItem', problem: 'Campaign (campaignId) is empty' }, 'The SMS could not be prepared: Campaign (campaignId) is empty.'],
		[{ kind: 'keyRefusedEarlier' }, "It was not tried: Braze refused n8n's access key for an SMS just before."],
		[{ kind: 'runStopped' }, 'It was not tried: n8n stopped when another SMS sent at the same time failed.'],
	])('%j: "the customer did NOT get this SMS" and why', (failure, why) => {
		const note = failureNote({ failure, smsText: 'Hi' });
		expect(note).toMatch(/^SMS not sent: the customer did NOT get this SMS\.\n\nThe SMS:\n"Hi"\n\nWhy: /);
		expect(note).toContain(why);
	});

	it('quotes a long SMS by its first 300 characters, cut between words', () => {
		const text = `${'a'.repeat(250)} ${'b'.repeat(40)} ${'c'.repeat(40)} end`;
		const note = failureNote({ failure: { kind: 'rateLimited' }, smsText: text });
		expect(note).toContain(`The SMS:\n"${'a'.repeat(250)} ${'b'.repeat(40)}…"\n(the first 291 of its 336 characters)`);
	});

	it('counts emoji as one character each and never cuts one in half', () => {
		const text = '😀'.repeat(400);
		const note = failureNote({ failure: { kind: 'rateLimited' }, smsText: text });
		expect(note).toContain(`"${'😀'.repeat(300)}…"\n(the first 300 of its 400 characters)`);
	});

	it('leaves the quote out when the SMS text is unknown', () => {
		expect(failureNote({ failure: { kind: 'runStopped' }, smsText: '  ' })).toBe(
			'SMS not sent: the customer did NOT get this SMS.\n\nWhy: It was not tried: n8n stopped when another SMS sent at the same time failed.',
		);
	});
});

describe('shortenedNote and sentNote', () => {
	const sms = { text: 'Cut reply...', encoding: 'GSM-7', segments: 10, characters: 1530, truncated: true };

	it('shows exactly what the customer received and how many segments it was cut to', () => {
		expect(shortenedNote(sms, 'dispatch-1')).toBe(
			'SMS shortened: the reply was too long, so the SMS was cut to fit 10 segments. The customer received exactly this:\n\n' +
				'"Cut reply..."\n\n(10 segments, GSM-7, 1,530 characters, Braze dispatch ID dispatch-1)',
		);
	});

	it('says one line per SMS sent, with what is known', () => {
		expect(sentNote({ ...sms, segments: 1, characters: 42, truncated: false }, 'dispatch-2')).toBe(
			'SMS sent: 1 segment, GSM-7, 42 characters, Braze dispatch ID dispatch-2.',
		);
		expect(sentNote(undefined, 'dispatch-3')).toBe('SMS sent: Braze dispatch ID dispatch-3.');
		expect(sentNote(undefined, null)).toBe('SMS sent.');
	});
});

describe('readSmsDetails', () => {
	it('reads Parse Zendesk Comment’s sms object or its JSON text, keeping only real counts', () => {
		const sms = { text: 'Hi', encoding: 'UCS-2', segments: 1, characters: 2, truncated: false };
		expect(readSmsDetails(sms)).toEqual(sms);
		expect(readSmsDetails(JSON.stringify({ ...sms, truncated: true }))).toEqual({ ...sms, truncated: true });
		expect(readSmsDetails({ text: 'Hi', segments: '3', characters: -1, truncated: 'yes' })).toEqual({ text: 'Hi', truncated: false });
	});

	it('gives nothing for absent or text-less details (a closing SMS)', () => {
		for (const value of [undefined, null, '', 'not json', [], { text: '  ' }, { segments: 2 }]) {
			expect(readSmsDetails(value)).toBeUndefined();
		}
	});
});
