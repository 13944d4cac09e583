import { randomUUID } from 'node:crypto';
import type { EmailReservationCommand, EmailReservationDecider } from '../domain/shared/index.js';
import type { CommandDeps } from './command-definition.js';
import { type CommandEnvelope, type CommandResult, contextOf } from './command-envelope.js';
import { handleCommand } from './handle-command.js';

export interface EmailReservation<Prefix extends string, Owner extends string> {
  decider: EmailReservationDecider<Prefix, Owner>;
  /** The address's reservation stream. */
  stream: string;
  email: string;
  ownerId: string;
  /** The tenant the reservation is recorded under; the command's own when absent. */
  tenantId?: string;
}

/**
 * Reserves the address for its owner, or releases it (a release by anyone but its holder records nothing).
 * Idempotent by owner, not by command id: a retried creation whose earlier reservation was released must be
 * able to reserve again.
 */
export const sendReservation = <Prefix extends string, Owner extends string>(
  deps: CommandDeps,
  envelope: CommandEnvelope,
  reservation: EmailReservation<Prefix, Owner>,
  action: 'Reserve' | 'Release',
): Promise<CommandResult> => {
  const { decider } = reservation;
  return handleCommand(
    deps.store,
    decider,
    reservation.stream,
    {
      type: `${action}${decider.prefix}Email`,
      data: { email: reservation.email, [decider.owner]: reservation.ownerId },
      meta: contextOf(envelope),
    } as EmailReservationCommand<Prefix, Owner>,
    {
      ...envelope,
      tenantId: reservation.tenantId ?? envelope.tenantId,
      commandId: randomUUID(),
      causationId: envelope.commandId,
    },
  );
};

/**
 * Reserves the address for its owner, then runs `create`. A reservation made for a creation that then
 * fails is released, unless the owner already holds that address (the same owner created again must not
 * lose it), so the same command sent again resumes where it stopped.
 */
export const withEmailReservation = async <Prefix extends string, Owner extends string>(
  deps: CommandDeps,
  envelope: CommandEnvelope,
  reservation: EmailReservation<Prefix, Owner>,
  create: () => Promise<CommandResult>,
  /** Whether the owner exists with this very address. */
  holdsAddress: () => Promise<boolean>,
): Promise<CommandResult> => {
  const send = (action: 'Reserve' | 'Release') => sendReservation(deps, envelope, reservation, action);
  await send('Reserve');
  try {
    return await create();
  } catch (error) {
    const release = async () => {
      if (!(await holdsAddress())) await send('Release');
    };
    await release().catch(() => undefined);
    throw error;
  }
};
