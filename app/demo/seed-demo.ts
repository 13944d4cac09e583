import { accountCommandHandlers } from '../../commands/account/account-command-handlers.js';
import type { ScryptCost } from '../../commands/account/password.js';
import { type CommandDeps, executeCommand } from '../../commands/command-definition.js';
import type { CommandResult } from '../../commands/command-envelope.js';
import { eventIdFor } from '../../commands/event-id.js';
import { reactToProcessEvent } from '../../commands/process/process-manager.js';
import type { Actor } from '../../domain/shared/index.js';
import type { EventStore, RecordedEvent } from '../../event-store/index.js';
import { actorOf, createDemoAccount, type DemoLogin, loginOf } from './demo-accounts.js';
import { planKowalski } from './demo-kowalski.js';
import { mspAdmin, mspTechnician } from './demo-logins.js';
import { planNordlicht } from './demo-nordlicht.js';
import { createTimeline } from './demo-timeline.js';

export interface DemoSeedResult {
  tenants: Array<{ tenantId: string; name: string }>;
  logins: DemoLogin[];
  /** How many events the seed appended. */
  events: number;
}

export interface DemoSeedOptions {
  /** The demo's history is the year before `now`. */
  now: Date;
  /** scrypt cost of the demo accounts' password hashes; production's by default, tests pass a cheap one. */
  passwordCost?: ScryptCost;
}

/** Whether the log holds no event at all: only then is the demo seeded. */
export const isEmpty = async (store: EventStore): Promise<boolean> => {
  for await (const _event of store.readAll({ maxCount: 1 })) return false;
  return true;
};

/** Who creates the first administrator: there is no account yet to act as. */
const bootstrap: Actor = { id: 'system:demo-seed', role: 'msp_admin' };

/** Counts what is appended through it; everything else goes straight to `store`. */
const counting = (store: EventStore) => {
  let appended = 0;
  const counted: EventStore = {
    async appendToStream(stream, events, opts) {
      const result = await store.appendToStream(stream, events, opts);
      appended += events.length;
      return result;
    },
    readStream: (stream, opts) => store.readStream(stream, opts),
    readAll: (opts) => store.readAll(opts),
    subscribeToAll: (opts) => store.subscribeToAll(opts),
    close: () => store.close(),
  };
  return { store: counted, appended: () => appended };
};

/**
 * Does what the process manager would for the events a process command just recorded (the offboarded
 * person marked leaving, a done step's effect applied), at once and at the command's own time: the running
 * manager would stamp its commands with the wall clock. The commands get the ids the manager derives from
 * the same events, so a manager that later reads the log from its start repeats none of them.
 */
const actAsProcessManager = async (deps: CommandDeps, result: CommandResult, at: Date) => {
  if (result.events.length === 0) return;
  const recorded: RecordedEvent[] = [];
  for await (const event of deps.store.readStream(result.stream, {
    fromRevision: result.revision - BigInt(result.events.length) + 1n,
    maxCount: result.events.length,
  })) {
    recorded.push(event);
  }
  for (const event of recorded) await reactToProcessEvent(deps, { ...event, recordedAt: at });
};

/**
 * Seeds the demo: the IT team's accounts and two client companies with a year of history before `now`
 * (people, devices, licences, tickets, processes), written only through the command handlers, in time
 * order. Ids are derived from names, so the demo is the same everywhere except for its dates.
 */
export const seedDemo = async (store: EventStore, options: DemoSeedOptions): Promise<DemoSeedResult> => {
  const counted = counting(store);
  const deps: CommandDeps = { store: counted.store };
  const timeline = createTimeline(options.now);
  const accounts = accountCommandHandlers(options.passwordCost ? { passwordCost: options.passwordCost } : {});
  const admin = actorOf(mspAdmin);
  createDemoAccount(timeline, accounts, bootstrap, mspAdmin, timeline.clock.day(364, '08:00'));
  createDemoAccount(timeline, accounts, admin, mspTechnician, timeline.clock.day(364, '08:30'));
  const context = { timeline, accounts, admin, technician: mspTechnician };
  const companies = [planKowalski(context), planNordlicht(context)];

  for (const [index, command] of timeline.commands().entries()) {
    const at = new Date(command.at);
    const envelope = {
      commandId: eventIdFor('demo:command', index),
      tenantId: command.tenantId,
      actor: command.actor,
      now: at.toISOString(),
    };
    const result = await executeCommand(deps, command.definition, command.payload, envelope).catch(
      (error: unknown) => {
        throw new Error(`Demo command ${index} (${command.definition.type}) failed: ${String(error)}`, {
          cause: error,
        });
      },
    );
    if (result.stream.startsWith('process-')) await actAsProcessManager(deps, result, at);
  }

  return {
    tenants: companies.map(({ tenantId, name }) => ({ tenantId, name })),
    logins: [mspAdmin, mspTechnician, ...companies.flatMap((company) => company.accounts)].map(loginOf),
    events: counted.appended(),
  };
};
