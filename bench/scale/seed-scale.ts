import type { EventStore } from '../../event-store/index.js';
import { writeTenantHistory } from './tenant-history.js';

export interface ScaleOptions {
  tenants: number;
  events: number;
  seed: number;
  /** Tenants written at the same time (each tenant's own history is written in order). */
  concurrency?: number;
  onProgress?: (written: number) => void;
}

/** Writes `events` events (a little more: a tenant finishes its last activity) spread over `tenants`. */
export const seedScale = async (store: EventStore, options: ScaleOptions): Promise<{ events: number }> => {
  const perTenant = Math.ceil(options.events / options.tenants);
  let written = 0;
  let next = 0;
  const worker = async () => {
    for (let tenantIndex = next++; tenantIndex < options.tenants; tenantIndex = next++) {
      await writeTenantHistory(store, {
        tenantIndex,
        seed: options.seed,
        events: perTenant,
        onEvents: (count) => {
          written += count;
          options.onProgress?.(written);
        },
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, options.tenants) }, worker));
  return { events: written };
};
