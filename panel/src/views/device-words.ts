import type { Language } from '../i18n.js';
import type { Texts } from '../view.js';

/** One row of GET /api/v1/devices (and the device card without its total cost). */
export interface DeviceRow {
  device_id: string;
  asset_tag: string;
  serial_number: string;
  kind: string;
  model: string;
  vendor: string;
  supplier: string | null;
  status: string;
  holder_id: string | null;
  purchase_date: string;
  purchase_cost: string | number;
  currency: string;
  repair_cost: string | number;
  warranty_end: string;
}

export const deviceStatuses = ['in_stock', 'assigned', 'in_service', 'retired', 'lost'] as const;

/** The kinds of device the API knows, in the order the forms offer them. */
export const deviceKinds = [
  'laptop',
  'desktop',
  'monitor',
  'phone',
  'tablet',
  'printer',
  'network',
  'peripheral',
  'other',
] as const;

const deviceWords: Texts<(typeof deviceStatuses)[number] | (typeof deviceKinds)[number]> = {
  en: {
    in_stock: 'In stock',
    assigned: 'Assigned',
    in_service: 'In service',
    retired: 'Retired',
    lost: 'Lost',
    laptop: 'Laptop',
    desktop: 'Desktop computer',
    monitor: 'Monitor',
    phone: 'Phone',
    tablet: 'Tablet',
    printer: 'Printer',
    network: 'Network device',
    peripheral: 'Peripheral',
    other: 'Other',
  },
  pl: {
    in_stock: 'W magazynie',
    assigned: 'Przydzielone',
    in_service: 'W serwisie',
    retired: 'Wycofane',
    lost: 'Zgubione',
    laptop: 'Laptop',
    desktop: 'Komputer stacjonarny',
    monitor: 'Monitor',
    phone: 'Telefon',
    tablet: 'Tablet',
    printer: 'Drukarka',
    network: 'Urządzenie sieciowe',
    peripheral: 'Akcesorium',
    other: 'Inne',
  },
};

/** A device status or kind in words; an unknown code stays as it is. */
export const deviceWord = (language: Language, code: string) =>
  (deviceWords[language] as Record<string, string>)[code] ?? code;
