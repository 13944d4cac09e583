import { z } from 'zod';
import { emailPattern, maxEmailLength } from '../domain/shared/index.js';

/** Payload parts every command file writes the same way. */
export const payload = {
  /** A required name-like text: trimmed, 1 to 200 characters. */
  name: z.string().trim().min(1).max(200),
  /** Free text up to `max` characters (may be empty). */
  text: (max = 2000) => z.string().trim().max(max),
  /** An e-mail address, trimmed and lower-cased, in the form the domain accepts. */
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(maxEmailLength)
    .regex(new RegExp(emailPattern, 'u'), 'not an e-mail address'),
  /** Money in minor units of an ISO 4217 currency. */
  money: z.strictObject({ amount: z.number().int().min(0), currency: z.string().regex(/^[A-Z]{3}$/) }),
};
