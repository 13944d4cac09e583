/** What one process does; `npm start` does all three. */
export const appRoles = ['write-api', 'read-api', 'projector'] as const;
export type AppRole = (typeof appRoles)[number];
