/** The roles of DESIGN.md: client side (one tenant), IT team side, and auditors. */
export const roles = ['client_manager', 'employee', 'technician', 'msp_admin', 'auditor'] as const;
export type Role = (typeof roles)[number];

/** Who issues a command: an account id and the role it acts in. */
export interface Actor {
  id: string;
  role: Role;
  /** For an `employee`, the person record that is them (their own tickets and devices). */
  personId?: string;
}

/** What every command carries besides its payload; `now` is the only clock the domain sees. */
export interface CommandContext {
  tenantId: string;
  actor: Actor;
  /** ISO 8601 instant at which the command was accepted. */
  now: string;
}
