import { MSP_TENANT } from '../../domain/account/index.js';
import { type DemoAccount, type DemoLogin, loginOf } from './demo-accounts.js';
import { kowalskiAuditor, kowalskiEmployee, kowalskiManager } from './demo-kowalski-data.js';
import { nordlichtManager } from './demo-nordlicht-data.js';

/** The IT team's administrator: manages tenants and accounts, for every tenant. */
export const mspAdmin: DemoAccount = {
  key: 'msp-admin',
  role: 'msp_admin',
  displayName: 'Marta Zielińska',
  email: 'admin@proit-serwis.example',
  password: 'demo-admin-2026',
  tenantId: MSP_TENANT,
  roleTenants: [null],
};

/** The IT team's technician: granted the technician role for each company as it is registered. */
export const mspTechnician: DemoAccount = {
  key: 'msp-technician',
  role: 'technician',
  displayName: 'Jakub Nowicki',
  email: 'technik@proit-serwis.example',
  password: 'demo-technician-2026',
  tenantId: MSP_TENANT,
  roleTenants: [],
};

/** Every account of the demo, one login per role (and a manager for each company). */
export const demoAccounts: readonly DemoAccount[] = [
  mspAdmin,
  mspTechnician,
  kowalskiManager,
  kowalskiEmployee,
  kowalskiAuditor,
  nordlichtManager,
];

/** The demo's logins, to print: they are the same on every machine. */
export const demoLogins: readonly DemoLogin[] = demoAccounts.map(loginOf);
