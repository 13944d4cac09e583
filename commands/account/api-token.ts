import { createHash } from 'node:crypto';

/**
 * The stored form of an API token's secret: SHA-256 in lower-case hex. Unsalted and fast on purpose, unlike a
 * password: the secret is long and random (at least 32 characters), so it cannot be guessed from the hash, and
 * authentication must find the token by its hash alone, in one indexed lookup.
 */
export const hashApiToken = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');
