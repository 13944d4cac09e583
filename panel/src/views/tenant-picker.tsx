import { chooseTenant } from '../api.js';
import type { ViewProps } from '../view.js';
import { type Texts, textsOf } from '../view.js';

const texts: Texts<'company' | 'choose' | 'chooseFirst'> = {
  en: {
    company: 'Company',
    choose: '— choose —',
    chooseFirst: 'You work for several companies: choose one in the header to see its data.',
  },
  pl: {
    company: 'Firma',
    choose: '— wybierz —',
    chooseFirst: 'Pracujesz dla kilku firm: wybierz jedną w nagłówku, aby zobaczyć jej dane.',
  },
};

/**
 * The company the panel acts in, for an account that serves several (a technician, an MSP administrator).
 * The choice is kept in this browser and sent with every request; `onChosen` reloads who the caller is there.
 */
export const TenantPicker = ({
  me,
  language,
  onChosen,
}: Omit<ViewProps, 'params'> & { onChosen(): void }) => {
  const t = textsOf(texts, language);
  if (me.tenants.length < 2) return null;
  const known = me.tenants.some((tenant) => tenant.tenantId === me.tenantId);
  return (
    <label>
      {t.company}{' '}
      <select
        value={known ? (me.tenantId ?? '') : ''}
        onChange={(event) => {
          const value = (event.currentTarget as HTMLSelectElement).value;
          chooseTenant(value || undefined);
          onChosen();
        }}
      >
        {!known && <option value="">{t.choose}</option>}
        {me.tenants.map((tenant) => (
          <option key={tenant.tenantId} value={tenant.tenantId}>
            {tenant.name}
          </option>
        ))}
      </select>
    </label>
  );
};

/** Shown instead of a page while an account of several companies has not chosen one. */
export const ChooseTenantFirst = ({ language }: Pick<ViewProps, 'language'>) => (
  <p role="status">{textsOf(texts, language).chooseFirst}</p>
);
