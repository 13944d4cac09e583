import type { Scenario } from '../scenario.js';

/** A rejected purchase ends the process; the hand-over is optional (a purchase for stock has no user). */
export const purchaseRequestV1: Scenario = {
  id: 'purchase-request',
  version: 1,
  kind: 'purchase_request',
  title: { pl: 'Wniosek o zakup sprzętu', en: 'Hardware purchase request' },
  parameters: [
    { name: 'deviceKind', type: 'device_kind', required: true, title: { pl: 'Rodzaj sprzętu', en: 'Kind' } },
    {
      name: 'justification',
      type: 'text',
      required: true,
      title: { pl: 'Uzasadnienie', en: 'Justification' },
    },
    { name: 'personId', type: 'person_id', required: false, title: { pl: 'Dla kogo', en: 'For whom' } },
  ],
  steps: [
    {
      key: 'quote',
      kind: 'task',
      title: { pl: 'Przygotuj ofertę zakupu', en: 'Prepare a purchase quote' },
      dependsOn: [],
      required: true,
    },
    {
      key: 'approve-purchase',
      kind: 'decision',
      title: { pl: 'Zatwierdź zakup', en: 'Approve the purchase' },
      dependsOn: ['quote'],
      required: true,
      onReject: 'end',
    },
    {
      key: 'order',
      kind: 'task',
      title: { pl: 'Zamów sprzęt u dostawcy', en: 'Order from the supplier' },
      dependsOn: ['approve-purchase'],
      required: true,
    },
    {
      key: 'receive',
      kind: 'task',
      title: { pl: 'Odbierz dostawę', en: 'Receive the delivery' },
      dependsOn: ['order'],
      required: true,
    },
    {
      key: 'register-device',
      kind: 'task',
      title: { pl: 'Zarejestruj urządzenie w ewidencji', en: 'Register the device in the inventory' },
      dependsOn: ['receive'],
      required: true,
      effect: {
        type: 'register_purchased_device',
        args: { deviceId: { outcome: 'deviceId' }, deviceKind: { param: 'deviceKind' } },
      },
    },
    {
      key: 'hand-over',
      kind: 'task',
      title: { pl: 'Przekaż urządzenie użytkownikowi', en: 'Hand the device over to its user' },
      dependsOn: ['register-device'],
      required: false,
      effect: {
        type: 'assign_device',
        args: { deviceId: { outcome: 'deviceId', step: 'register-device' }, personId: { param: 'personId' } },
      },
    },
  ],
};
