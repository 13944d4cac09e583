import type { Logger } from 'pino';
import { DomainError, executeCommand, keyIdFor, sealHistory } from '../commands/index.js';
import { type HistorySealed, sealStreamOf } from '../domain/audit/index.js';
import type { EventStore } from '../event-store/index.js';

/** Periodic seals are recorded for the IT team, under an account of their own. */
const actor = { id: 'system:periodic-seal', role: 'msp_admin' } as const;

export interface PeriodicSealOptions {
  store: EventStore;
  intervalMs: number;
  logger: Logger;
  now?: () => Date;
}

/** A tenant as the log has shown it so far: its last event (seals aside) and its last seal's checkpoint. */
interface TenantMark {
  lastEvent: string;
  lastSeal: string | undefined;
}

/**
 * Seals every tenant's history every `intervalMs` (issue 7: "periodically, and on demand"), at the checkpoint
 * of the tenant's own last event, so that a tenant whose history did not move since its last seal gets none:
 * its seal events are left out of that decision, or each seal would call for the next. Each tick reads the
 * log only after where the previous one stopped. The command id comes from the tenant and the checkpoint, so
 * two projectors sealing the same history record it once; a seal behind one already recorded is nothing to do.
 */
export const startPeriodicSealing = (options: PeriodicSealOptions) => {
  const { store, intervalMs, logger } = options;
  const now = options.now ?? (() => new Date());
  const tenants = new Map<string, TenantMark>();
  let after: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const catchUp = async () => {
    for await (const event of store.readAll(after === undefined ? {} : { after })) {
      after = event.checkpoint;
      const tenantId = event.metadata.tenantId;
      if (typeof tenantId !== 'string') continue;
      const mark = tenants.get(tenantId) ?? { lastEvent: '', lastSeal: undefined };
      tenants.set(tenantId, mark);
      if (event.streamName === sealStreamOf(tenantId)) {
        if (event.type === 'HistorySealed') {
          const sealed = (event.data as HistorySealed['data']).checkpoint;
          if (mark.lastSeal === undefined || sealed > mark.lastSeal) mark.lastSeal = sealed;
        }
      } else {
        mark.lastEvent = event.checkpoint;
      }
    }
  };

  const sealTenant = async (tenantId: string, mark: TenantMark) => {
    const checkpoint = mark.lastEvent;
    try {
      const result = await executeCommand(
        { store },
        sealHistory,
        { checkpoint },
        {
          commandId: keyIdFor('periodic-seal', tenantId, checkpoint),
          tenantId,
          actor,
          now: now().toISOString(),
        },
      );
      mark.lastSeal = checkpoint;
      if (result.eventTypes.length > 0) logger.info({ tenantId, checkpoint }, 'history sealed');
    } catch (error) {
      if (error instanceof DomainError && error.code === 'SEAL_BEHIND_LAST_SEAL') {
        mark.lastSeal = checkpoint;
        return;
      }
      logger.error({ err: error, tenantId }, 'periodic seal failed; trying again at the next interval');
    }
  };

  const tick = async () => {
    try {
      await catchUp();
      for (const [tenantId, mark] of tenants) {
        if (stopped) return;
        if (mark.lastEvent === '') continue;
        if (mark.lastSeal !== undefined && mark.lastSeal >= mark.lastEvent) continue;
        await sealTenant(tenantId, mark);
      }
    } catch (error) {
      logger.error(
        { err: error },
        'periodic sealing could not read the log; trying again at the next interval',
      );
    }
  };

  const schedule = () => {
    timer = setTimeout(() => {
      timer = undefined;
      running = tick().finally(() => {
        running = undefined;
        if (!stopped) schedule();
      });
    }, intervalMs);
  };
  schedule();

  return {
    /** Stops the timer and waits for a tick under way. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
};
