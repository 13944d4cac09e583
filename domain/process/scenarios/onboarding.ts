import type { Scenario } from '../scenario.js';
import { person, startDate } from './common-parameters.js';

export const onboardingOfficeV1: Scenario = {
  id: 'onboarding-office',
  version: 1,
  kind: 'onboarding',
  title: { pl: 'Wdrożenie pracownika biurowego', en: 'Onboarding of an office employee' },
  parameters: [person, startDate],
  steps: [
    {
      key: 'create-account',
      kind: 'task',
      title: { pl: 'Załóż konto i skrzynkę e-mail', en: 'Create the account and the mailbox' },
      dependsOn: [],
      required: true,
      effect: {
        type: 'grant_access',
        args: { personId: { param: 'personId' }, system: { value: 'e-mail' } },
      },
    },
    {
      key: 'grant-office-suite',
      kind: 'task',
      title: { pl: 'Przydziel licencję pakietu biurowego', en: 'Assign an office suite licence' },
      dependsOn: ['create-account'],
      required: true,
      effect: {
        type: 'grant_access',
        args: { personId: { param: 'personId' }, system: { value: 'office-suite' } },
      },
    },
    {
      key: 'prepare-laptop',
      kind: 'task',
      title: { pl: 'Przygotuj laptop z magazynu', en: 'Prepare a laptop from stock' },
      dependsOn: [],
      required: true,
    },
    {
      key: 'hand-over-laptop',
      kind: 'task',
      title: { pl: 'Przekaż laptop pracownikowi', en: 'Hand the laptop over to the employee' },
      dependsOn: ['prepare-laptop', 'create-account'],
      required: true,
      effect: {
        type: 'assign_device',
        args: { deviceId: { outcome: 'deviceId', step: 'prepare-laptop' }, personId: { param: 'personId' } },
      },
    },
    {
      key: 'first-day-support',
      kind: 'task',
      title: { pl: 'Wsparcie w pierwszym dniu pracy', en: 'First-day support' },
      dependsOn: ['hand-over-laptop', 'grant-office-suite'],
      required: false,
    },
  ],
};

/** Version 2 adds an IT security training; processes started on version 1 keep their five steps. */
export const onboardingOfficeV2: Scenario = {
  ...onboardingOfficeV1,
  version: 2,
  steps: [
    ...onboardingOfficeV1.steps,
    {
      key: 'security-training',
      kind: 'task',
      title: { pl: 'Przeprowadź szkolenie z bezpieczeństwa IT', en: 'Run the IT security training' },
      dependsOn: ['create-account'],
      required: false,
    },
  ],
};

export const onboardingDeveloperV1: Scenario = {
  id: 'onboarding-developer',
  version: 1,
  kind: 'onboarding',
  title: { pl: 'Wdrożenie programisty', en: 'Onboarding of a developer' },
  parameters: [person, startDate],
  steps: [
    {
      key: 'create-account',
      kind: 'task',
      title: { pl: 'Załóż konto i skrzynkę e-mail', en: 'Create the account and the mailbox' },
      dependsOn: [],
      required: true,
      effect: {
        type: 'grant_access',
        args: { personId: { param: 'personId' }, system: { value: 'e-mail' } },
      },
    },
    {
      key: 'grant-vpn',
      kind: 'task',
      title: { pl: 'Nadaj dostęp do VPN', en: 'Grant VPN access' },
      dependsOn: ['create-account'],
      required: true,
      effect: { type: 'grant_access', args: { personId: { param: 'personId' }, system: { value: 'vpn' } } },
    },
    {
      key: 'grant-repository',
      kind: 'task',
      title: { pl: 'Nadaj dostęp do repozytorium kodu', en: 'Grant access to the code repository' },
      dependsOn: ['create-account'],
      required: true,
      effect: {
        type: 'grant_access',
        args: { personId: { param: 'personId' }, system: { value: 'code-repository' } },
      },
    },
    {
      key: 'approve-ide-licence',
      kind: 'decision',
      title: { pl: 'Zatwierdź zakup licencji IDE', en: 'Approve the purchase of an IDE licence' },
      dependsOn: [],
      required: true,
      onReject: { skip: ['grant-ide-licence'] },
    },
    {
      key: 'grant-ide-licence',
      kind: 'task',
      title: { pl: 'Przydziel licencję IDE', en: 'Assign the IDE licence' },
      dependsOn: ['approve-ide-licence', 'create-account'],
      required: true,
      effect: {
        type: 'grant_access',
        args: { personId: { param: 'personId' }, system: { value: 'ide-licence' } },
      },
    },
    {
      key: 'prepare-workstation',
      kind: 'task',
      title: { pl: 'Przygotuj laptop programisty', en: "Prepare a developer's laptop" },
      dependsOn: [],
      required: true,
    },
    {
      key: 'hand-over-workstation',
      kind: 'task',
      title: { pl: 'Przekaż laptop pracownikowi', en: 'Hand the laptop over to the employee' },
      dependsOn: ['prepare-workstation', 'create-account'],
      required: true,
      effect: {
        type: 'assign_device',
        args: {
          deviceId: { outcome: 'deviceId', step: 'prepare-workstation' },
          personId: { param: 'personId' },
        },
      },
    },
    {
      key: 'first-day-support',
      kind: 'task',
      title: { pl: 'Wsparcie w pierwszym dniu pracy', en: 'First-day support' },
      dependsOn: ['hand-over-workstation', 'grant-vpn', 'grant-repository'],
      required: false,
    },
  ],
};
