import type { Scenario } from '../scenario.js';

/** Approving the quote means repair, rejecting it means replacement; either way the user gets a device. */
export const hardwareServiceV1: Scenario = {
  id: 'hardware-service',
  version: 1,
  kind: 'hardware_service',
  title: { pl: 'Serwis sprzętu', en: 'Hardware service' },
  parameters: [
    { name: 'deviceId', type: 'device_id', required: true, title: { pl: 'Urządzenie', en: 'Device' } },
    { name: 'problem', type: 'text', required: true, title: { pl: 'Opis usterki', en: 'What is wrong' } },
  ],
  steps: [
    {
      key: 'diagnose',
      kind: 'task',
      title: { pl: 'Zdiagnozuj usterkę', en: 'Diagnose the fault' },
      dependsOn: [],
      required: true,
    },
    {
      key: 'quote',
      kind: 'task',
      title: { pl: 'Przygotuj wycenę naprawy i wymiany', en: 'Quote the repair and the replacement' },
      dependsOn: ['diagnose'],
      required: true,
    },
    {
      key: 'approve-repair',
      kind: 'decision',
      title: {
        pl: 'Zdecyduj: naprawa (zatwierdź) czy wymiana (odrzuć)',
        en: 'Decide: repair (approve) or replace (reject)',
      },
      dependsOn: ['quote'],
      required: true,
      onApprove: { skip: ['replace'] },
      onReject: { skip: ['repair'] },
    },
    {
      key: 'repair',
      kind: 'task',
      title: { pl: 'Napraw urządzenie', en: 'Repair the device' },
      dependsOn: ['approve-repair'],
      required: true,
    },
    {
      key: 'replace',
      kind: 'task',
      title: { pl: 'Wymień urządzenie na nowe', en: 'Replace the device' },
      dependsOn: ['approve-repair'],
      required: true,
    },
    {
      key: 'hand-back',
      kind: 'task',
      title: {
        pl: 'Przekaż sprawne urządzenie użytkownikowi',
        en: 'Hand the working device back to its user',
      },
      dependsOn: ['repair', 'replace'],
      required: true,
    },
  ],
};
