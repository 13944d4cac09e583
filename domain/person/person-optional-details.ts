import { type JsonSchema, ruleBroken } from '../shared/index.js';

/**
 * A work phone number, loosely: an optional leading `+`, then digits, spaces and the separators `-`, `(`,
 * `)`, `.` and `/`, with at least three digits. No letters (no "ext. 12", no "call reception"); numbering
 * plans are not checked: the number is for people to dial, not for a switch.
 */
export const phonePattern = '^(?=(?:\\D*\\d){3})\\+?[\\d ()./-]+$';
/** A phone number's length after trimming: from "112" to a generously spaced international number. */
export const minPhoneLength = 3;
export const maxPhoneLength = 32;
/** The most characters of free text about a person. */
export const maxNotesLength = 2000;

const phoneShape = new RegExp(phonePattern, 'u');

/** The JSON Schema of a phone number in an event. */
export const phoneSchema: JsonSchema = {
  type: 'string',
  minLength: minPhoneLength,
  maxLength: maxPhoneLength,
  pattern: phonePattern,
};
/** The JSON Schema of notes in an event: never blank, since blank notes are recorded as none. */
export const notesSchema: JsonSchema = { type: 'string', minLength: 1, maxLength: maxNotesLength };

/** The phone number trimmed, or a broken rule when it is not one (`phonePattern`). */
export const validPhone = (value: string) => {
  const trimmed = value.trim();
  if (trimmed.length < minPhoneLength || trimmed.length > maxPhoneLength || !phoneShape.test(trimmed)) {
    const allowed = 'digits, spaces, a leading + and - ( ) . /';
    throw ruleBroken(
      'PERSON_PHONE_INVALID',
      `A phone number has ${minPhoneLength} to ${maxPhoneLength} characters: ${allowed}`,
    );
  }
  return trimmed;
};

/** The notes trimmed; blank notes are no notes (undefined), as a form's emptied text field sends them. */
export const validNotes = (value: string) => {
  const trimmed = value.trim();
  if (trimmed.length > maxNotesLength) {
    throw ruleBroken(
      'PERSON_NOTES_TOO_LONG',
      `Notes about a person have at most ${maxNotesLength} characters`,
      { length: trimmed.length },
    );
  }
  return trimmed.length === 0 ? undefined : trimmed;
};
