import type { PersonDetails } from '../../domain/person/index.js';
import type { DemoAccount } from './demo-accounts.js';
import { type DemoDevice, type DemoPerson, deviceBuilder } from './demo-stories.js';
import { demoId } from './demo-timeline.js';

export const kowalskiTenantId = demoId('tenant:kowalski');
export const kowalskiName = 'Kowalski Logistics sp. z o.o.';
const tenantId = kowalskiTenantId;
const domain = 'kowalski-logistics.example';

/** A person's optional details: a work phone number and notes about them, as the client's HR gives them. */
type Optional = Pick<PersonDetails, 'phone' | 'notes'>;

const person = (
  key: string,
  fullName: string,
  email: string,
  department: string,
  costCentre: string,
  optional: Optional = {},
) =>
  ({
    key,
    name: fullName,
    email: `${email}@${domain}`,
    department,
    costCentre,
    ...optional,
  }) satisfies DemoPerson & Optional;

const board = 'MPK-100 Zarząd';
const finance = 'MPK-200 Finanse';
const forwarding = 'MPK-300 Spedycja';
const warehouse = 'MPK-400 Magazyn';
const sales = 'MPK-500 Sprzedaż';

/** People already employed when the company came to the IT team, with their hiring date (days ago). */
export const staff: Array<[DemoPerson, number]> = [
  [
    person('anna', 'Anna Kowalska', 'anna.kowalska', 'Zarząd', board, {
      phone: '+48 22 612 40 01',
      notes: 'Zatwierdza zakupy sprzętu powyżej 10 000 zł. W podróży służbowej najlepiej przez SMS.',
    }),
    4100,
  ],
  [
    person('tomasz', 'Tomasz Wiśniewski', 'tomasz.wisniewski', 'Spedycja', forwarding, {
      phone: '+48 601 244 318',
    }),
    1900,
  ],
  [
    person('katarzyna', 'Katarzyna Nowak', 'katarzyna.nowak', 'Finanse i księgowość', finance, {
      phone: '+48 22 612 40 12',
      notes:
        'Hybrydowo: w biurze we wtorki i czwartki. Zamknięcie miesiąca do 5. dnia: wtedy bez przestojów ERP.',
    }),
    2600,
  ],
  [
    person('piotr', 'Piotr Zieliński', 'piotr.zielinski', 'Magazyn', warehouse, {
      phone: '+48 (22) 612-40-30',
      notes: 'Leworęczny: mysz dla leworęcznych.\nZmiana 6:00–14:00, telefon w magazynie nie zawsze słyszy.',
    }),
    3100,
  ],
  [person('magdalena', 'Magdalena Wójcik', 'magdalena.wojcik', 'Sprzedaż', sales), 1500],
  [person('krzysztof', 'Krzysztof Lewandowski', 'krzysztof.lewandowski', 'Spedycja', forwarding), 1200],
  [person('agnieszka', 'Agnieszka Kamińska', 'agnieszka.kaminska', 'Kadry', board), 2200],
  [person('ewa', 'Ewa Mazur', 'ewa.mazur', 'Magazyn', warehouse), 800],
];
/** People who join during the year. */
export const newcomers = {
  marek: person('marek', 'Marek Grabowski', 'marek.grabowski', 'Spedycja', forwarding),
  michal: person('michal', 'Michał Dąbrowski', 'michal.dabrowski', 'Sprzedaż', sales),
  pawel: person('pawel', 'Paweł Kaczmarek', 'pawel.kaczmarek', 'Rozwój systemów', board),
  zofia: person('zofia', 'Zofia Pawłowska', 'zofia.pawlowska', 'Finanse i księgowość', finance),
};

export const device = deviceBuilder('x-kom Biznes');

/** What the company owned when it came to the IT team, and who held it (undefined: in stock). */
export const inventory: Array<[DemoDevice, string | undefined]> = [
  [device('KL-LAP-001', 'laptop', 'Dell', 'Latitude 5440', 529900, 700), 'anna'],
  [device('KL-LAP-002', 'laptop', 'Dell', 'Latitude 5440', 529900, 700), 'katarzyna'],
  [device('KL-LAP-003', 'laptop', 'Lenovo', 'ThinkPad E14 Gen 4', 389900, 1020, 36, 'Komputronik'), 'tomasz'],
  [
    device('KL-LAP-004', 'laptop', 'Lenovo', 'ThinkPad E14 Gen 4', 389900, 1020, 36, 'Komputronik'),
    'krzysztof',
  ],
  [device('KL-LAP-005', 'laptop', 'HP', 'ProBook 450 G8', 419900, 1600, 36, 'Action S.A.'), 'magdalena'],
  [device('KL-LAP-006', 'laptop', 'HP', 'ProBook 450 G8', 419900, 1600, 36, 'Action S.A.'), 'agnieszka'],
  [device('KL-DES-001', 'desktop', 'Dell', 'OptiPlex 7010', 349900, 1300), 'piotr'],
  [device('KL-DES-002', 'desktop', 'Dell', 'OptiPlex 7010', 349900, 1300), 'ewa'],
  [device('KL-MON-001', 'monitor', 'Dell', 'P2423', 99900, 700), 'anna'],
  [device('KL-MON-002', 'monitor', 'Dell', 'P2423', 99900, 700), 'katarzyna'],
  [device('KL-PHN-001', 'phone', 'Samsung', 'Galaxy A54', 179900, 500, 24, 'Orange Polska'), 'tomasz'],
  [device('KL-PHN-002', 'phone', 'Samsung', 'Galaxy A54', 179900, 500, 24, 'Orange Polska'), 'krzysztof'],
  [device('KL-PHN-003', 'phone', 'Samsung', 'Galaxy A34', 139900, 800, 24, 'Orange Polska'), 'piotr'],
  [device('KL-TAB-001', 'tablet', 'Samsung', 'Galaxy Tab Active3', 249900, 900), 'piotr'],
  [device('KL-PRN-001', 'printer', 'HP', 'LaserJet Pro M404dn', 159900, 2200), undefined],
  [
    device('KL-NET-001', 'network', 'Ubiquiti', 'UniFi Dream Machine Pro', 219900, 900, 24, 'Senetic'),
    undefined,
  ],
];

/** Monthly licence prices in grosz. */
export const licence = {
  'e-mail': 1750,
  'office-suite': 4950,
  'ERP Comarch XL': 12000,
  vpn: 1500,
  'WMS Magazyn': 8000,
};
export type KowalskiSystem = keyof typeof licence;
export const office: KowalskiSystem[] = ['e-mail', 'office-suite'];
/** Who had which licence when the company came, in the order they were granted. */
export const accesses: Record<string, KowalskiSystem[]> = {
  anna: [...office, 'ERP Comarch XL'],
  tomasz: [...office, 'ERP Comarch XL', 'vpn'],
  katarzyna: [...office, 'ERP Comarch XL'],
  piotr: ['e-mail', 'WMS Magazyn'],
  magdalena: [...office, 'ERP Comarch XL'],
  krzysztof: [...office, 'ERP Comarch XL', 'vpn'],
  agnieszka: [...office, 'vpn'],
  ewa: ['e-mail', 'WMS Magazyn'],
};

const account = (
  key: string,
  role: DemoAccount['role'],
  displayName: string,
  email: string,
  password: string,
) => ({ key, role, displayName, email, password, tenantId, roleTenants: [tenantId] }) satisfies DemoAccount;

export const kowalskiManager = account(
  'kowalski-manager',
  'client_manager',
  'Anna Kowalska',
  `anna.kowalska@${domain}`,
  'demo-manager-2026',
);
export const kowalskiEmployee: DemoAccount = {
  ...account(
    'kowalski-employee',
    'employee',
    'Tomasz Wiśniewski',
    `tomasz.wisniewski@${domain}`,
    'demo-employee-2026',
  ),
  personId: demoId('kowalski:person:tomasz'),
};
export const kowalskiAuditor = account(
  'kowalski-auditor',
  'auditor',
  'Barbara Król (audyt)',
  `audyt@${domain}`,
  'demo-auditor-2026',
);
