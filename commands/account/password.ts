import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt's cost: CPU/memory cost `N` (a power of two), block size `r`, parallelism `p`. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt minimum (about 32 MiB per hash); tests pass a cheaper cost. */
export const defaultScryptCost: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

const saltBytes = 16;
const keyBytes = 32;
/** Bounds a stored hash must keep, so a forged or corrupt hash cannot make verification exhaust memory. */
const maxN = 2 ** 20;
const maxR = 32;
const maxP = 16;
const base64url = /^[A-Za-z0-9_-]+$/;
const decimal = /^[1-9][0-9]{0,9}$/;

const derive = (password: string, salt: Buffer, length: number, { N, r, p }: ScryptCost) =>
  new Promise<Buffer>((resolve, reject) => {
    // scrypt needs 128 * N * r bytes; Node's default ceiling (32 MiB) is just too low for N = 2^15, r = 8.
    const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });

/** Hashes a password as `scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>`, with a fresh 16-byte salt. */
export const hashPassword = async (
  password: string,
  cost: ScryptCost = defaultScryptCost,
): Promise<string> => {
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, keyBytes, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
};

/** Whether `password` is the one `hash` was made from; false, never an error, for a malformed hash. */
export const verifyPassword = async (password: string, hash: string): Promise<boolean> => {
  try {
    const parts = hash.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
    if (![n, r, p].every((part) => decimal.test(part))) return false;
    if (!base64url.test(salt) || !base64url.test(key)) return false;
    const cost = { N: Number(n), r: Number(r), p: Number(p) };
    const powerOfTwo = cost.N > 1 && (cost.N & (cost.N - 1)) === 0;
    if (!powerOfTwo || cost.N > maxN || cost.r > maxR || cost.p > maxP) return false;
    const saltBuffer = Buffer.from(salt, 'base64url');
    const expected = Buffer.from(key, 'base64url');
    // Exactly the lengths hashPassword writes: scrypt's output for a shorter length is a prefix of the longer
    // one, so a truncated hash would otherwise still verify.
    if (saltBuffer.length !== saltBytes || expected.length !== keyBytes) return false;
    if (saltBuffer.toString('base64url') !== salt || expected.toString('base64url') !== key) return false;
    const actual = await derive(password, saltBuffer, keyBytes, cost);
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
};
