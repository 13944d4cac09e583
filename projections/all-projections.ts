import { accountProjection } from './account/account.projection.js';
import { auditProjection } from './audit/audit.projection.js';
import { costProjection } from './cost/cost.projection.js';
import { deviceProjection } from './device/device.projection.js';
import { organizationProjection } from './organization/organization.projection.js';
import { personProjection } from './person/person.projection.js';
import { processProjection } from './process/process.projection.js';
import type { AnyProjection } from './projection.js';
import { replacementProjection } from './replacement/replacement.projection.js';
import { scenarioProjection } from './scenario/scenario.projection.js';
import { ticketProjection } from './ticket/ticket.projection.js';
import { workloadProjection } from './workload/workload.projection.js';

/** Every projection the runner keeps up to date (STYLE.md: all registered in one array). */
export const allProjections: readonly AnyProjection[] = [
  deviceProjection,
  personProjection,
  ticketProjection,
  processProjection,
  costProjection,
  replacementProjection,
  workloadProjection,
  auditProjection,
  accountProjection,
  organizationProjection,
  scenarioProjection,
];
