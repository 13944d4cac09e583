import type { accountCommandHandlers } from '../../commands/account/account-command-handlers.js';
import type { Actor, Role } from '../../domain/shared/index.js';
import { demoId, type Timeline } from './demo-timeline.js';

/** A login of the demo, printed by `npm start` so that anyone can try each role. */
export interface DemoLogin {
  role: Role;
  email: string;
  password: string;
  /** The account's home tenant: `msp` for the IT team, else the client company's id. */
  tenantId: string;
  displayName: string;
}

/**
 * An account of the demo: its login, and the tenants its one role is granted for when it is created
 * (`null`: every tenant); later grants go through `grantDemoRole`.
 */
export interface DemoAccount extends DemoLogin {
  key: string;
  personId?: string;
  roleTenants: Array<string | null>;
}

export type AccountCommands = ReturnType<typeof accountCommandHandlers>;

export const accountIdOf = (key: string) => demoId(`account:${key}`);

/** The actor an account acts as, in its one role. */
export const actorOf = (account: DemoAccount): Actor => ({
  id: accountIdOf(account.key),
  role: account.role,
  ...(account.personId === undefined ? {} : { personId: account.personId }),
});

export const loginOf = ({ role, email, password, tenantId, displayName }: DemoAccount): DemoLogin => ({
  role,
  email,
  password,
  tenantId,
  displayName,
});

/** The IT team's administrator creates the account in its home tenant, then grants its role for `roleTenants`. */
export const createDemoAccount = (
  timeline: Timeline,
  commands: AccountCommands,
  admin: Actor,
  account: DemoAccount,
  at: number,
) => {
  const story = timeline.story(account.tenantId, at);
  story.run(admin, commands.createAccount, {
    accountId: accountIdOf(account.key),
    email: account.email,
    displayName: account.displayName,
    personId: account.personId ?? null,
    password: account.password,
  });
  for (const tenantId of account.roleTenants) {
    story.run(admin, commands.grantAccountRole, {
      accountId: accountIdOf(account.key),
      role: account.role,
      tenantId,
    });
  }
};

/** Grants the account's role for one more tenant, e.g. the technician's for a company newly registered. */
export const grantDemoRole = (
  timeline: Timeline,
  commands: AccountCommands,
  admin: Actor,
  account: DemoAccount,
  tenantId: string | null,
  at: number,
) =>
  timeline.story(account.tenantId, at).run(admin, commands.grantAccountRole, {
    accountId: accountIdOf(account.key),
    role: account.role,
    tenantId,
  });
