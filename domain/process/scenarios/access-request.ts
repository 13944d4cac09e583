import type { Scenario } from '../scenario.js';
import { person } from './common-parameters.js';

export const accessRequestV1: Scenario = {
  id: 'access-request',
  version: 1,
  kind: 'access_request',
  title: { pl: 'Wniosek o dostęp do systemu', en: 'Access request' },
  parameters: [
    person,
    { name: 'system', type: 'text', required: true, title: { pl: 'System', en: 'System' } },
    {
      name: 'justification',
      type: 'text',
      required: false,
      title: { pl: 'Uzasadnienie', en: 'Justification' },
    },
  ],
  steps: [
    {
      key: 'approve-access',
      kind: 'decision',
      title: { pl: 'Zatwierdź dostęp', en: 'Approve the access' },
      dependsOn: [],
      required: true,
      onReject: 'end',
    },
    {
      key: 'grant-access',
      kind: 'task',
      title: { pl: 'Nadaj dostęp w systemie', en: 'Grant the access in the system' },
      dependsOn: ['approve-access'],
      required: true,
      effect: {
        type: 'grant_access',
        args: { personId: { param: 'personId' }, system: { param: 'system' } },
      },
    },
  ],
};
