export * from './device.js';
export * from './device-commands.js';
export * from './device-custody.js';
export * from './device-decider.js';
export * from './device-event-schemas.js';
export * from './device-events.js';
export * from './device-identifier.js';
