/** One task-based endpoint: `POST /api/v1{path}` sends `command` with the body and the path's ids. */
export interface CommandRoute {
  /** Stable name in the OpenAPI document, e.g. `assignDevice`. */
  operationId: string;
  /** The command type it sends, e.g. `AssignDevice`. */
  command: string;
  /** OpenAPI-style path under /api/v1; each `{name}` fills the payload field of that name. */
  path: string;
  summary: string;
  /** OpenAPI tag: the aggregate, e.g. `devices`. */
  tag: string;
  /**
   * The id field the server makes when the body leaves it out; such endpoints create something and
   * answer 201 with the id.
   */
  creates?: string;
  /**
   * A payload field naming a person: when the caller acts as an employee it defaults to, and must be,
   * the employee's own person (an employee opens tickets for themselves only).
   */
  ownPerson?: string;
  /**
   * A payload field the server fills with a new random secret that the answer shows once (an API token).
   */
  secret?: string;
  /**
   * The created id names a new tenant (an organization): the command is sent to that tenant rather than the
   * one the request acts in. Only a role held for every tenant (msp_admin) may send such a command.
   */
  newTenant?: true;
}

const route = (
  tag: string,
  operationId: string,
  command: string,
  path: string,
  summary: string,
  extra: Partial<Pick<CommandRoute, 'creates' | 'ownPerson' | 'secret' | 'newTenant'>> = {},
): CommandRoute => ({ tag, operationId, command, path, summary, ...extra });

/** Every command endpoint of the write API. */
export const commandRoutes: readonly CommandRoute[] = [
  route(
    'organizations',
    'registerOrganization',
    'RegisterOrganization',
    '/organizations',
    'Register a client company (a new tenant)',
    { creates: 'organizationId', newTenant: true },
  ),
  route(
    'organizations',
    'renameOrganization',
    'RenameOrganization',
    '/organizations/{organizationId}/rename',
    'Rename the company',
  ),
  route(
    'organizations',
    'changeTimeZone',
    'ChangeTimeZone',
    '/organizations/{organizationId}/time-zone',
    "Change the company's time zone",
  ),
  route(
    'organizations',
    'changeSlaPolicy',
    'ChangeSlaPolicy',
    '/organizations/{organizationId}/sla-policy',
    'Change the SLA targets per priority',
  ),
  route(
    'organizations',
    'changeLabourRate',
    'ChangeLabourRate',
    '/organizations/{organizationId}/labour-rate',
    'Change the hourly rate for work time',
  ),
  route(
    'organizations',
    'changeReplacementPolicy',
    'ChangeReplacementPolicy',
    '/organizations/{organizationId}/replacement-policy',
    'Change the replacement age per device kind',
  ),
  route(
    'organizations',
    'changeTicketReopenWindow',
    'ChangeTicketReopenWindow',
    '/organizations/{organizationId}/ticket-reopen-window',
    'Change how long a resolved ticket may be reopened',
  ),

  route('people', 'registerPerson', 'RegisterPerson', '/people', 'Register an employee of the company', {
    creates: 'personId',
  }),
  route(
    'people',
    'changePersonDetails',
    'ChangePersonDetails',
    '/people/{personId}/details',
    "Change a person's name, department, cost centre, phone or notes (null removes phone or notes)",
  ),
  route(
    'people',
    'startPerson',
    'StartPerson',
    '/people/{personId}/start',
    'Record that a planned person has started',
  ),
  route(
    'people',
    'startPersonOffboarding',
    'StartOffboarding',
    '/people/{personId}/offboarding',
    'Mark a person as leaving, under an offboarding process',
  ),
  route(
    'people',
    'departPerson',
    'DepartPerson',
    '/people/{personId}/depart',
    'Record that a person has left',
  ),
  route(
    'people',
    'grantAccess',
    'GrantAccess',
    '/people/{personId}/accesses',
    'Grant a person an access or licence',
    { creates: 'accessId' },
  ),
  route(
    'people',
    'revokeAccess',
    'RevokeAccess',
    '/people/{personId}/accesses/{accessId}/revoke',
    "Revoke a person's access",
  ),
  route(
    'people',
    'erasePersonalData',
    'ErasePersonalData',
    '/people/{personId}/erase',
    "Erase a departed person's personal data for good (GDPR)",
  ),

  route('devices', 'registerDevice', 'RegisterDevice', '/devices', 'Register a bought device into stock', {
    creates: 'deviceId',
  }),
  route(
    'devices',
    'assignDevice',
    'AssignDevice',
    '/devices/{deviceId}/assign',
    'Hand a device from stock to a person',
  ),
  route(
    'devices',
    'transferDevice',
    'TransferDevice',
    '/devices/{deviceId}/transfer',
    'Move a device from one person to another',
  ),
  route(
    'devices',
    'returnDevice',
    'ReturnDevice',
    '/devices/{deviceId}/return',
    'Take a device back into stock',
  ),
  route(
    'devices',
    'sendDeviceToService',
    'SendDeviceToService',
    '/devices/{deviceId}/service',
    'Send a device to service',
  ),
  route(
    'devices',
    'completeDeviceRepair',
    'CompleteDeviceRepair',
    '/devices/{deviceId}/repair',
    'Record a finished repair and its cost',
  ),
  route(
    'devices',
    'declareDeviceUnrepairable',
    'DeclareDeviceUnrepairable',
    '/devices/{deviceId}/unrepairable',
    'Record that service could not repair a device',
  ),
  route('devices', 'retireDevice', 'RetireDevice', '/devices/{deviceId}/retire', 'Retire a device for good'),
  route(
    'devices',
    'reportDeviceLost',
    'ReportDeviceLost',
    '/devices/{deviceId}/lost',
    'Report a device lost or stolen',
  ),

  route('tickets', 'openTicket', 'OpenTicket', '/tickets', 'Open a ticket', {
    creates: 'ticketId',
    ownPerson: 'requesterId',
  }),
  route(
    'tickets',
    'startTicketWork',
    'StartTicketWork',
    '/tickets/{ticketId}/start',
    'Start work on a ticket',
  ),
  route(
    'tickets',
    'markTicketWaitingForClient',
    'MarkTicketWaitingForClient',
    '/tickets/{ticketId}/wait',
    'Wait for the client (pauses the SLA clock)',
  ),
  route(
    'tickets',
    'resumeTicket',
    'ResumeTicket',
    '/tickets/{ticketId}/resume',
    'Resume work after the client answered',
  ),
  route('tickets', 'resolveTicket', 'ResolveTicket', '/tickets/{ticketId}/resolve', 'Resolve a ticket'),
  route('tickets', 'reopenTicket', 'ReopenTicket', '/tickets/{ticketId}/reopen', 'Reopen a resolved ticket'),
  route('tickets', 'closeTicket', 'CloseTicket', '/tickets/{ticketId}/close', 'Close a resolved ticket'),
  route(
    'tickets',
    'commentOnTicket',
    'CommentOnTicket',
    '/tickets/{ticketId}/comments',
    'Comment on a ticket, publicly or internally',
    { creates: 'commentId' },
  ),
  route(
    'tickets',
    'assignTicket',
    'AssignTicket',
    '/tickets/{ticketId}/assign',
    'Assign a ticket to a technician',
  ),
  route(
    'tickets',
    'logTicketWork',
    'LogTicketWork',
    '/tickets/{ticketId}/work-logs',
    'Log work time on a ticket',
    { creates: 'workLogId' },
  ),

  route('processes', 'startProcess', 'StartProcess', '/processes', 'Start a process from a scenario', {
    creates: 'processId',
  }),
  route(
    'processes',
    'startProcessStep',
    'StartProcessStep',
    '/processes/{processId}/steps/{stepKey}/start',
    'Start work on a task',
  ),
  route(
    'processes',
    'completeProcessTask',
    'CompleteProcessTask',
    '/processes/{processId}/steps/{stepKey}/complete',
    'Complete a task (its effect follows)',
  ),
  route(
    'processes',
    'answerProcessDecision',
    'AnswerProcessDecision',
    '/processes/{processId}/decisions/{stepKey}',
    'Approve or reject a decision',
  ),
  route(
    'processes',
    'skipProcessStep',
    'SkipProcessStep',
    '/processes/{processId}/steps/{stepKey}/skip',
    'Skip a step, with a reason',
  ),
  route(
    'processes',
    'cancelProcess',
    'CancelProcess',
    '/processes/{processId}/cancel',
    'Cancel a running process',
  ),
  route(
    'processes',
    'addTenantScenario',
    'AddTenantScenario',
    '/scenarios',
    "Add a scenario of the company's own",
  ),

  route(
    'accounts',
    'createAccount',
    'CreateAccount',
    '/accounts',
    'Create an account with its first password',
    { creates: 'accountId' },
  ),
  route(
    'accounts',
    'setAccountPassword',
    'SetAccountPassword',
    '/accounts/{accountId}/password',
    "Set an account's password",
  ),
  route(
    'accounts',
    'grantAccountRole',
    'GrantAccountRole',
    '/accounts/{accountId}/roles',
    'Grant an account a role in a tenant',
  ),
  route(
    'accounts',
    'revokeAccountRole',
    'RevokeAccountRole',
    '/accounts/{accountId}/roles/revoke',
    "Revoke an account's role in a tenant",
  ),
  route(
    'accounts',
    'disableAccount',
    'DisableAccount',
    '/accounts/{accountId}/disable',
    'Disable an account: it can no longer log in',
  ),
  route(
    'accounts',
    'enableAccount',
    'EnableAccount',
    '/accounts/{accountId}/enable',
    'Enable a disabled account again',
  ),
  route(
    'accounts',
    'issueApiToken',
    'IssueApiToken',
    '/accounts/{accountId}/tokens',
    'Issue an API token; the answer shows its secret once',
    { creates: 'tokenId', secret: 'secret' },
  ),
  route(
    'accounts',
    'revokeApiToken',
    'RevokeApiToken',
    '/accounts/{accountId}/tokens/{tokenId}/revoke',
    'Revoke an API token',
  ),
  route(
    'audit',
    'sealHistory',
    'SealHistory',
    '/audit/seals',
    "Seal the tenant's history: record one hash over the heads of all its streams",
  ),
];
