export * from './seal-decider.js';
export * from './seal-event-schemas.js';
export * from './seal-events.js';
