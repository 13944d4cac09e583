export * from './person.js';
export * from './person-commands.js';
export * from './person-decider.js';
export * from './person-email.js';
export * from './person-event-schemas.js';
export * from './person-events.js';
export * from './person-optional-details.js';
export * from './personal-data.js';
