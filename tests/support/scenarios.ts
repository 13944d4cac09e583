import type { Scenario } from '../../domain/process/index.js';

/** A tenant's own, simple scenario: a manager approves, then the IT team sets up a printer. */
export const printerSetup = (version = 1): Scenario => ({
  id: 'printer-setup',
  version,
  kind: 'access_request',
  title: { pl: 'Konfiguracja drukarki', en: 'Printer set-up' },
  parameters: [{ name: 'personId', type: 'person_id', required: true, title: { pl: 'Osoba', en: 'Person' } }],
  steps: [
    {
      key: 'approve',
      kind: 'decision',
      title: { pl: 'Zgoda', en: 'Approval' },
      dependsOn: [],
      required: true,
      onReject: 'end',
    },
    {
      key: 'install-driver',
      kind: 'task',
      title: { pl: 'Zainstaluj sterownik', en: 'Install the driver' },
      dependsOn: ['approve'],
      required: true,
    },
  ],
});
