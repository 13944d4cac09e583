import type { Scenario } from '../scenario.js';
import { person } from './common-parameters.js';

/** Plans one "collect device" step per held device and one "revoke access" step per access. */
export const offboardingV1: Scenario = {
  id: 'offboarding',
  version: 1,
  kind: 'offboarding',
  title: { pl: 'Odejście pracownika', en: 'Offboarding of an employee' },
  parameters: [
    person,
    {
      name: 'lastDay',
      type: 'date',
      required: true,
      title: { pl: 'Ostatni dzień pracy', en: 'Last working day' },
    },
  ],
  steps: [
    {
      key: 'back-up-data',
      kind: 'task',
      title: {
        pl: 'Zabezpiecz dane pracownika (poczta i pliki)',
        en: "Back up the employee's mail and files",
      },
      dependsOn: [],
      required: true,
    },
    {
      key: 'collect-device',
      kind: 'task',
      forEach: 'held_device',
      title: { pl: 'Odbierz urządzenie {n} z {count}', en: 'Collect device {n} of {count}' },
      dependsOn: [],
      required: true,
      effect: {
        type: 'return_device',
        args: {
          deviceId: { item: 'deviceId' },
          personId: { param: 'personId' },
          condition: { outcome: 'condition' },
        },
      },
    },
    {
      key: 'revoke-access',
      kind: 'task',
      forEach: 'access',
      title: { pl: 'Odbierz dostęp: {system}', en: 'Revoke access: {system}' },
      dependsOn: ['back-up-data'],
      required: true,
      effect: {
        type: 'revoke_access',
        args: { accessId: { item: 'accessId' }, personId: { param: 'personId' } },
      },
    },
    {
      key: 'depart-person',
      kind: 'task',
      title: { pl: 'Zamknij kartę pracownika', en: "Close the employee's record" },
      dependsOn: ['back-up-data', 'collect-device', 'revoke-access'],
      required: true,
      effect: { type: 'depart_person', args: { personId: { param: 'personId' } } },
    },
  ],
};
