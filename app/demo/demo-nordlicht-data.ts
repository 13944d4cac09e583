import type { PersonDetails } from '../../domain/person/index.js';
import type { DemoAccount } from './demo-accounts.js';
import { type DemoDevice, type DemoPerson, deviceBuilder } from './demo-stories.js';
import { demoId } from './demo-timeline.js';

export const nordlichtTenantId = demoId('tenant:nordlicht');
export const nordlichtName = 'Nordlicht Design GmbH';
const domain = 'nordlicht-design.example';

/** A person's optional details: a work phone number and notes about them, as the client's HR gives them. */
type Optional = Pick<PersonDetails, 'phone' | 'notes'>;

const person = (
  key: string,
  fullName: string,
  department: string,
  costCentre: string,
  optional: Optional = {},
) =>
  ({
    key,
    name: fullName,
    email: `${fullName.toLowerCase().replace(' ', '.')}@${domain}`,
    department,
    costCentre,
    ...optional,
  }) satisfies DemoPerson & Optional;

const management = 'KST 1000 Geschäftsführung';
const design = 'KST 2000 Design';
const projects = 'KST 3000 Projekte';
const marketing = 'KST 4000 Marketing';
const administration = 'KST 5000 Verwaltung';

/** People already employed when the company came to the IT team, with their hiring date (days ago). */
export const staff: Array<[DemoPerson, number]> = [
  [
    person('lena', 'Lena Fischer', 'Geschäftsführung', management, {
      phone: '+49 30 2312 5100',
      notes: 'Freigabe für Anschaffungen über 2.000 €. Montags und freitags im Homeoffice.',
    }),
    3300,
  ],
  [
    person('jonas', 'Jonas Becker', 'Design', design, {
      phone: '+49 30 2312 5121',
      notes: 'Arbeitet mit Grafiktablett; Monitor-Kalibrierung einmal im Monat.',
    }),
    2100,
  ],
  [person('mia', 'Mia Schneider', 'Design', design), 1300],
  [person('felix', 'Felix Wagner', 'Projektmanagement', projects, { phone: '+49 170 555 0142' }), 1700],
  [person('hannah', 'Hannah Hoffmann', 'Marketing', marketing), 900],
  [person('sophie', 'Sophie Koch', 'Buchhaltung', administration), 2500],
];
/** People who join during the year. */
export const newcomers = {
  emma: person('emma', 'Emma Klein', 'Marketing', marketing),
  ben: person('ben', 'Ben Wolf', 'Projektmanagement', projects),
  lukas: person('lukas', 'Lukas Schulz', 'Design', design),
  noah: person('noah', 'Noah Richter', 'Design', design),
};

export const device = deviceBuilder('Gravis');

/** What the company owned when it came to the IT team, and who held it (undefined: in stock). */
export const inventory: Array<[DemoDevice, string | undefined]> = [
  [device('ND-MBP-01', 'laptop', 'Apple', 'MacBook Pro 14" M3', 239900, 400), 'lena'],
  [device('ND-MBP-02', 'laptop', 'Apple', 'MacBook Pro 16" M3 Pro', 349900, 400), 'jonas'],
  [device('ND-MBP-03', 'laptop', 'Apple', 'MacBook Pro 16" M1 Pro', 289900, 1150), 'mia'],
  [device('ND-MBA-04', 'laptop', 'Apple', 'MacBook Air 13" M2', 149900, 600, 24), 'felix'],
  [device('ND-MBA-05', 'laptop', 'Apple', 'MacBook Air 13" M2', 149900, 600, 24), 'hannah'],
  [device('ND-MBA-06', 'laptop', 'Apple', 'MacBook Air 13" M2', 149900, 600, 24), 'sophie'],
  [device('ND-MON-01', 'monitor', 'Eizo', 'ColorEdge CS2740', 189900, 700, 60, 'Cyberport'), 'jonas'],
  [device('ND-MON-02', 'monitor', 'Eizo', 'ColorEdge CS2740', 189900, 700, 60, 'Cyberport'), 'mia'],
  [device('ND-MON-03', 'monitor', 'Dell', 'UltraSharp U2723QE', 62900, 500, 36, 'Cyberport'), 'felix'],
  [device('ND-PHN-01', 'phone', 'Apple', 'iPhone 14', 99900, 650, 24, 'Telekom'), 'lena'],
  [device('ND-PHN-02', 'phone', 'Apple', 'iPhone 13', 79900, 800, 24, 'Telekom'), 'felix'],
  [device('ND-PHN-03', 'phone', 'Apple', 'iPhone 13', 79900, 800, 24, 'Telekom'), 'hannah'],
  [device('ND-TAB-01', 'tablet', 'Apple', 'iPad Pro 12.9"', 139900, 500, 24), 'mia'],
  [device('ND-PRN-01', 'printer', 'Canon', 'imagePROGRAF PRO-300', 89900, 900, 24, 'Cyberport'), undefined],
  [device('ND-NET-01', 'network', 'Lancom', '1900EF', 69900, 1000, 36, 'Cyberport'), undefined],
];

/** Monthly licence prices in euro cents. */
export const licence = {
  'e-mail': 600,
  'office-suite': 1040,
  'Adobe Creative Cloud': 8600,
  Figma: 1500,
  vpn: 500,
  DATEV: 4500,
};
export type NordlichtSystem = keyof typeof licence;
export const office: NordlichtSystem[] = ['e-mail', 'office-suite'];
/** Who had which licence when the company came, in the order they were granted. */
export const accesses: Record<string, NordlichtSystem[]> = {
  lena: [...office, 'DATEV'],
  jonas: [...office, 'Adobe Creative Cloud', 'Figma'],
  mia: [...office, 'Adobe Creative Cloud', 'Figma'],
  felix: [...office, 'Adobe Creative Cloud', 'vpn'],
  hannah: [...office, 'Adobe Creative Cloud', 'Figma'],
  sophie: [...office, 'DATEV'],
};

export const nordlichtManager: DemoAccount = {
  key: 'nordlicht-manager',
  role: 'client_manager',
  displayName: 'Lena Fischer',
  email: `lena.fischer@${domain}`,
  password: 'demo-nordlicht-2026',
  tenantId: nordlichtTenantId,
  roleTenants: [nordlichtTenantId],
};
