export * from './access-decider.js';
export * from './access-event-schemas.js';
export * from './access-events.js';
export * from './seal-decider.js';
export * from './seal-event-schemas.js';
export * from './seal-events.js';
