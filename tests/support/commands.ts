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

/** The SLA policy most specs give their tenant. */
export const slaPolicyPayload = {
  P1: { firstResponseMinutes: 15, resolutionMinutes: 240 },
  P2: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  P3: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
  P4: { firstResponseMinutes: 480, resolutionMinutes: 4320 },
};

/** A valid RegisterOrganization payload for the tenant `organizationId`. */
export const organizationPayload = (organizationId: string, overrides: Record<string, unknown> = {}) => ({
  organizationId,
  name: 'Acme',
  defaultCurrency: 'PLN',
  timeZone: 'Europe/Warsaw',
  slaPolicy: slaPolicyPayload,
  labourRate: { amount: 18000, currency: 'PLN' },
  replacementAgeMonths: {},
  ticketReopenWindowDays: 14,
  ...overrides,
});
