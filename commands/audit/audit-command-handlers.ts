import { z } from 'zod';
import { sealDecider, sealStreamOf } from '../../domain/audit/index.js';
import { ruleBroken } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import { createHeadCollector, type SealedHeads } from '../../event-store/stream-heads.js';
import { type CommandDefinition, defineCommand } from '../command-definition.js';
import { handleCommand } from '../handle-command.js';

const checkpointPattern = /^\d{20}:\d{20}$/;

/**
 * The heads of a tenant's streams at `checkpoint` (the log's end when absent) and the log's end: one pass
 * over the whole log, keeping one head per stream.
 */
export const readSealedHeads = async (
  store: EventStore,
  tenantId: string,
  checkpoint?: string,
): Promise<{ sealed: SealedHeads; logEnd: string }> => {
  const collector = createHeadCollector(tenantId);
  let logEnd = '';
  for await (const event of store.readAll()) {
    logEnd = event.checkpoint;
    if (checkpoint !== undefined && event.checkpoint > checkpoint) continue;
    collector.add(event);
  }
  return { sealed: collector.heads(checkpoint), logEnd };
};

/**
 * Records a seal of the caller's tenant: the heads of all its streams, at the log's end or at a given
 * checkpoint already in the log (the CLI passes the one its export file was taken at, so the recorded hash is
 * the file's). Auditors seal on demand; the projector role seals periodically as msp_admin.
 */
export const sealHistory = defineCommand({
  type: 'SealHistory',
  schema: z.strictObject({
    checkpoint: z.string().regex(checkpointPattern, 'not a checkpoint (<20 digits>:<20 digits>)').optional(),
  }),
  roles: ['auditor', 'msp_admin'],
  async run({ store }, input, envelope) {
    const { sealed, logEnd } = await readSealedHeads(store, envelope.tenantId, input.checkpoint);
    if (logEnd === '') throw ruleBroken('NOTHING_TO_SEAL', 'the log is empty');
    if (input.checkpoint !== undefined && input.checkpoint > logEnd) {
      throw ruleBroken('SEAL_CHECKPOINT_AHEAD', `the log ends at ${logEnd}, before ${input.checkpoint}`);
    }
    return handleCommand(
      store,
      sealDecider,
      sealStreamOf(envelope.tenantId),
      {
        type: 'SealHistory',
        tenantId: envelope.tenantId,
        checkpoint: sealed.checkpoint,
        streams: sealed.heads.length,
        headsHash: sealed.hash,
        sealedAt: envelope.now,
      },
      envelope,
    );
  },
});

export const auditCommands: CommandDefinition<unknown>[] = [sealHistory as CommandDefinition<unknown>];
