export { accountProjection, everyTenant } from './account/account.projection.js';
export {
  type AccountCard,
  type AccountRole,
  type ApiTokenLookup,
  type ApiTokenSummary,
  accountCard,
  findApiToken,
  findLoginAccount,
  type LoginAccount,
  listAccounts,
  listApiTokens,
} from './account/account.queries.js';
export type {
  AccountListTable,
  AccountRoleTable,
  AccountTables,
  AccountTokenTable,
} from './account/account.tables.js';
export { allProjections } from './all-projections.js';
export { auditProjection } from './audit/audit.projection.js';
export { type AuditLogFilter, auditLog } from './audit/audit.queries.js';
export type { AuditTables } from './audit/audit.tables.js';
export { type CheckpointTables, migrateCheckpoints, readCheckpoint } from './checkpoints.js';
export { costProjection } from './cost/cost.projection.js';
export {
  type CostDimension,
  type CostReportRow,
  type CostsByRow,
  costReport,
  costsBy,
  deviceTotalCost,
  type LicenceMonth,
  licenceMonths,
  type MonthRange,
} from './cost/cost.queries.js';
export { type CostCategory, type CostTables, costCategories } from './cost/cost.tables.js';
export { type Dashboard, type DashboardTables, dashboard } from './dashboard/dashboard.queries.js';
export { deviceProjection } from './device/device.projection.js';
export {
  type DeviceListFilter,
  deviceCard,
  deviceTimeline,
  listDevices,
} from './device/device.queries.js';
export type { DeviceTables } from './device/device.tables.js';
export { organizationProjection } from './organization/organization.projection.js';
export {
  listOrganizations,
  type OrganizationRow,
  organizationCard,
} from './organization/organization.queries.js';
export type { OrganizationListTable, OrganizationTables } from './organization/organization.tables.js';
export { decodeCursor, encodeCursor, type Page, pageLimit } from './pagination.js';
export { personProjection } from './person/person.projection.js';
export { type HeldDevice, listPeople, type PersonListFilter, personCard } from './person/person.queries.js';
export type { PersonTables } from './person/person.tables.js';
export { processProjection } from './process/process.projection.js';
export {
  type CardEffect,
  decisionsWaiting,
  type EffectAccess,
  type EffectDevice,
  listProcesses,
  type ProcessCard,
  type ProcessCardStep,
  type ProcessCardTables,
  type ProcessListFilter,
  processCard,
} from './process/process.queries.js';
export type {
  EffectOutcome,
  ProcessTables,
  StepEffect,
  StepEffectArgument,
} from './process/process.tables.js';
export type { AnyProjection, Projection } from './projection.js';
export {
  createProjectionRunner,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
} from './projection-runner.js';
export {
  listenForProjectionUpdates,
  type ProjectionUpdate,
  type ProjectionUpdates,
} from './projection-updates.js';
export {
  type QueueFilter,
  type QueueItem,
  type QueueTables,
  type QueueTask,
  type QueueTenants,
  type QueueTicket,
  technicianQueue,
} from './queue/queue.queries.js';
export {
  type RebuildManyOptions,
  type RebuildOptions,
  type RebuildProgress,
  rebuildProjection,
  rebuildProjections,
} from './rebuild.js';
export {
  type AsOfRebuild,
  AsOfSchemaError,
  asOfMarkerTable,
  asOfSchemaName,
  dropAsOfRebuild,
  dropRebuildsErasedSince,
  listAsOfRebuilds,
  type RebuildAsOfOptions,
  type RebuildAsOfResult,
  readAsOfRebuild,
  readAsOfRows,
  rebuildTenantAsOf,
} from './rebuild-as-of.js';
export { replacementProjection } from './replacement/replacement.projection.js';
export {
  type ReplacementPlanItem,
  type ReplacementReason,
  replacementPlan,
  warrantyHorizonDays,
} from './replacement/replacement.queries.js';
export type { ReplacementTables } from './replacement/replacement.tables.js';
export {
  type BatchRowStore,
  createRowStore,
  type Need,
  type RowStore,
  type StoredRow,
  type TableSpec,
} from './row-store.js';
export { scenarioProjection } from './scenario/scenario.projection.js';
export { type ListedScenario, listScenarios } from './scenario/scenario.queries.js';
export type { ScenarioTables, TenantScenarioTable } from './scenario/scenario.tables.js';
export { ticketProjection } from './ticket/ticket.projection.js';
export {
  type FirstResponseState,
  listTickets,
  type OpenSlaState,
  type OpenTicketCounts,
  openTicketCounts,
  type SlaState,
  type TicketListFilter,
  ticketCard,
  ticketComments,
  ticketWorkLogs,
} from './ticket/ticket.queries.js';
export {
  type TicketCommentKind,
  type TicketCommentsTable,
  type TicketListTable,
  type TicketTables,
  type TicketWorkLogsTable,
  ticketCommentKinds,
} from './ticket/ticket.tables.js';
export { isoWeek, workloadProjection } from './workload/workload.projection.js';
export {
  type TechnicianWorkload,
  technicianWorkload,
  type WeekMinutes,
  type WeekRange,
} from './workload/workload.queries.js';
export type { WorkloadTables } from './workload/workload.tables.js';
