export { allProjections } from './all-projections.js';
export { type CheckpointTables, migrateCheckpoints, readCheckpoint } from './checkpoints.js';
export { deviceProjection } from './device/device.projection.js';
export {
  type DeviceListFilter,
  deviceCard,
  deviceTimeline,
  listDevices,
  type Page,
} from './device/device.queries.js';
export type { DeviceTables } from './device/device.tables.js';
export type { AnyProjection, Projection } from './projection.js';
export {
  createProjectionRunner,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
} from './projection-runner.js';
