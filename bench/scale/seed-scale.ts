import type { EventStore } from '../../event-store/index.js';
import { writeTenantHistory } from './tenant-history.js';

export interface ScaleOptions {
  tenants: number;
  /** Index of the first tenant written (default 0): a later call adds tenants beside the earlier ones. */
  firstTenant?: number;
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
  const first = options.firstTenant ?? 0;
  let next = first;
  const worker = async () => {
    for (let tenantIndex = next++; tenantIndex < first + options.tenants; tenantIndex = next++) {
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
