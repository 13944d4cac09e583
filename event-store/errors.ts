import type { ExpectedRevision } from './event-store.js';

/** What a stream actually was when an append was refused: its last revision, or that it did not exist. */
export type ActualRevision = bigint | 'no_stream';

/** The stream was not at the revision the writer expected: someone else wrote first. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super(`Stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An append was given events that cannot be stored as they are (e.g. an event id reused elsewhere). */
export class InvalidAppendError extends Error {
  readonly code = 'INVALID_APPEND';
  constructor(
    readonly stream: string,
    message: string,
  ) {
    super(`Stream ${stream}: ${message}`);
    this.name = 'InvalidAppendError';
  }
}
