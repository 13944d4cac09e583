/**
 * What a broken rule looks like to callers: a stable `code` (e.g. `DEVICE_NOT_IN_STOCK`) and a kind.
 * Kinds, not HTTP statuses: the API maps `rule` to 422, `not_found` to 404, `conflict` to 409,
 * `forbidden` to 403 (or 404 across tenants), `invalid` to 400.
 */
export type DomainErrorKind = 'rule' | 'not_found' | 'conflict' | 'forbidden' | 'invalid';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'rule',
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A business rule refused the command (422). */
export const ruleBroken = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'rule', details);

/** The aggregate the command names does not exist (for this tenant) (404). */
export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'not_found', details);

/** The command would duplicate something that must be unique (409). */
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'conflict', details);

/** The actor's role may not do this (403). */
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'forbidden', details);
