import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type pg from 'pg';
import type { Caller } from './auth.js';
import { HttpError } from './http-error.js';

const keyPattern = /^[\x21-\x7e]{1,200}$/;
/** Fields of an answer never stored for a replay: an API token's secret is shown once. */
const secretFields = ['secret'];

/** Canonical JSON (sorted keys), so the same body hashes the same however its keys were ordered. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

const requestHash = (req: Request, caller: Caller) =>
  createHash('sha256')
    .update(`${req.method} ${req.path} ${caller.tenantId}\n${canonical(req.body ?? null)}`)
    .digest('hex');

const replayHeaders = ['x-checkpoint', 'location'];

/**
 * `Idempotency-Key` on a POST: the first request with a key runs and its answer is kept for 24 hours; the
 * same key with the same body answers that again (`Idempotent-Replayed: true`) and runs nothing; the same
 * key with another body is refused (422); while the first is still running, 409. Answers of 5xx are not
 * kept, so a retry after an outage runs again (the command id derived from the key still stops it from
 * recording anything twice).
 */
export const idempotency = (options: { pool: pg.Pool; callerOf(req: Request): Caller }): RequestHandler => {
  const { pool } = options;
  let sincePrune = 0;
  return async (req, res, next) => {
    const key = req.get('Idempotency-Key');
    if (req.method !== 'POST' || key === undefined) {
      next();
      return;
    }
    if (!keyPattern.test(key)) {
      throw new HttpError(
        400,
        'IDEMPOTENCY_KEY_INVALID',
        'Idempotency-Key must be 1 to 200 visible ASCII characters',
      );
    }
    const caller = options.callerOf(req);
    const hash = requestHash(req, caller);
    sincePrune += 1;
    if (sincePrune >= 500) {
      sincePrune = 0;
      await pool.query("delete from http_idempotency where created_at < now() - interval '24 hours'");
    }
    const inserted = await pool.query(
      `insert into http_idempotency (account_id, key, request_hash) values ($1, $2, $3)
       on conflict (account_id, key) do nothing returning key`,
      [caller.accountId, key, hash],
    );
    if (inserted.rowCount === 0) {
      const { rows } = await pool.query<{
        request_hash: string;
        status: number | null;
        headers: Record<string, string> | null;
        body: unknown;
      }>(
        'select request_hash, status, headers, body from http_idempotency where account_id = $1 and key = $2',
        [caller.accountId, key],
      );
      const earlier = rows[0];
      if (!earlier)
        throw new HttpError(409, 'IDEMPOTENCY_KEY_IN_USE', 'Retry: the earlier request just ended');
      if (earlier.request_hash !== hash) {
        throw new HttpError(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for a different request; use a new key for a new request',
        );
      }
      if (earlier.status === null) {
        throw new HttpError(
          409,
          'IDEMPOTENCY_KEY_IN_USE',
          'The first request with this key is still running',
          {
            'Retry-After': '1',
          },
        );
      }
      res.set(earlier.headers ?? {}).set('Idempotent-Replayed', 'true');
      if (earlier.body === null) res.status(earlier.status).end();
      else
        res
          .status(earlier.status)
          .type(earlier.status >= 400 ? 'application/problem+json' : 'application/json')
          .send(JSON.stringify(earlier.body));
      return;
    }
    keep(res, async (status, body) => {
      if (status >= 500) {
        await pool.query('delete from http_idempotency where account_id = $1 and key = $2', [
          caller.accountId,
          key,
        ]);
        return;
      }
      const headers = Object.fromEntries(
        replayHeaders.flatMap((name) => {
          const value = res.getHeader(name);
          return typeof value === 'string' ? [[name, value]] : [];
        }),
      );
      await pool.query(
        'update http_idempotency set status = $3, headers = $4, body = $5 where account_id = $1 and key = $2',
        [caller.accountId, key, status, headers, body === undefined ? null : JSON.stringify(body)],
      );
    });
    next();
  };
};

/** Captures the JSON a handler sends, and stores it before the answer leaves (a retry then finds it). */
const keep = (res: Response, store: (status: number, body: unknown) => Promise<void>) => {
  const send = res.send.bind(res);
  res.send = (chunk?: unknown) => {
    let body: unknown;
    if (typeof chunk === 'string' && chunk.length > 0) {
      try {
        body = JSON.parse(chunk);
      } catch {
        body = undefined;
      }
    } else if (Buffer.isBuffer(chunk) && chunk.length > 0) {
      body = JSON.parse(chunk.toString('utf8'));
    }
    if (body !== null && typeof body === 'object') {
      for (const field of secretFields) {
        if (field in body) (body as Record<string, unknown>)[field] = '(shown only in the first answer)';
      }
    }
    store(res.statusCode, body).then(
      () => send(chunk),
      () => send(chunk),
    );
    return res;
  };
};
