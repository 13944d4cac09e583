import { randomUUID } from 'node:crypto';

/** A valid RegisterDevice payload with a fresh id, asset tag and serial number. */
export const laptopPayload = (overrides: Record<string, unknown> = {}) => ({
  deviceId: randomUUID(),
  assetTag: `LAP-${randomUUID().slice(0, 8)}`,
  serialNumber: `SN-${randomUUID()}`,
  kind: 'laptop',
  model: 'ThinkPad T14',
  vendor: 'Lenovo',
  purchaseDate: '2025-01-15',
  purchaseCost: { amount: 549900, currency: 'PLN' },
  warrantyEnd: '2028-01-15',
  supplier: 'Komputronik',
  ...overrides,
});

/** The error a command failed with, or undefined when it succeeded. */
export const failureOf = (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => undefined,
    (error: unknown) => error,
  );
