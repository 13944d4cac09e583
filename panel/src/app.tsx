import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api, chooseTenant, type Me } from './api.js';
import {
  initialLanguage,
  type Language,
  languages,
  rememberLanguage,
  type TextKey,
  translate,
} from './i18n.js';
import { match, navigate, useLocation } from './router.js';
import { type PanelRoute, routes } from './routes.js';
import { showTimesIn } from './view.js';
import { HomeView } from './views/dashboard.js';
import { ChooseTenantFirst, TenantPicker } from './views/tenant-picker.js';
import './views/index.js';

const LanguageSwitch = ({
  language,
  onChange,
  t,
}: {
  language: Language;
  onChange(l: Language): void;
  t(k: TextKey): string;
}) => (
  <label>
    {t('language')}{' '}
    <select
      value={language}
      onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value as Language)}
    >
      {languages.map((code) => (
        <option key={code} value={code}>
          {code.toUpperCase()}
        </option>
      ))}
    </select>
  </label>
);

const Login = ({ t, onLoggedIn }: { t(k: TextKey): string; onLoggedIn(): void }) => {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', '/api/v1/auth/login', { email, password });
      onLoggedIn();
    } catch (problem) {
      setError(problem instanceof ApiProblem ? problem.message : String(problem));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label={t('logIn')}>
      <p>
        <label>
          {t('email')}
          <br />
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
      </p>
      <p>
        <label>
          {t('password')}
          <br />
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
      </p>
      {error && <p role="alert">{error}</p>}
      <button type="submit" disabled={busy}>
        {busy ? t('loggingIn') : t('logIn')}
      </button>
    </form>
  );
};

/** Whether the user may open `route`: a page across companies counts the roles held in any of them. */
const mayOpen = (me: Me, route: PanelRoute) => {
  const held = route.acrossTenants
    ? [...me.roles, ...me.tenants.flatMap((tenant) => tenant.roles)]
    : me.roles;
  return route.roles.some((role) => held.includes(role));
};

/** True while an account serving several companies has not chosen one: only pages across them open. */
const noTenantYet = (me: Me) => me.tenantId === null && me.tenants.length > 1;

const Menu = ({ me, language, t }: { me: Me; language: Language; t(k: TextKey): string }) => {
  const entries = routes.filter(
    (route) => route.menu && mayOpen(me, route) && (!noTenantYet(me) || route.acrossTenants),
  );
  const follow = (event: MouseEvent, to: string) => {
    event.preventDefault();
    navigate(to);
  };
  return (
    <nav aria-label="Menu">
      <a href="/" onClick={(event) => follow(event, '/')}>
        {t('dashboard')}
      </a>
      {entries.map((route) => (
        <span key={route.pattern}>
          {' · '}
          <a href={route.pattern} onClick={(event) => follow(event, route.pattern)}>
            {route.menu?.[language]}
          </a>
        </span>
      ))}
    </nav>
  );
};

/** The page the path names, if the caller's role may open it; the dashboard at `/`. */
const Page = ({ me, language, t }: { me: Me; language: Language; t(k: TextKey): string }) => {
  const path = useLocation();
  for (const route of routes) {
    const params = match(route.pattern, path);
    if (!params) continue;
    if (noTenantYet(me) && !route.acrossTenants) return <ChooseTenantFirst language={language} />;
    if (!mayOpen(me, route)) return <p role="alert">{t('notFound')}</p>;
    const View = route.view;
    return <View me={me} language={language} params={params} />;
  }
  if (match('/', path)) {
    if (!noTenantYet(me)) return <HomeView me={me} language={language} params={{}} />;
    // Before a company is chosen, the home page offers what spans them all (the IT team's queue).
    const across = routes.filter((route) => route.acrossTenants && !route.pattern.includes(':'));
    const View = across.find((route) => mayOpen(me, route))?.view;
    return (
      <>
        <ChooseTenantFirst language={language} />
        {View && <View me={me} language={language} params={{}} />}
      </>
    );
  }
  return <p role="alert">{t('notFound')}</p>;
};

/** The panel: log in, then the view of the caller's role. */
export const App = () => {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const t = (key: TextKey) => translate(language, key);
  const loadMe = async () => {
    try {
      const who = await api<Me>('GET', '/api/v1/me');
      // Times show in the company's own time zone; a failure here only leaves the browser's.
      const organization = who.tenantId
        ? await api<{ time_zone: string }>('GET', '/api/v1/organization').catch(() => undefined)
        : undefined;
      showTimesIn(organization?.time_zone);
      setMe(who);
    } catch {
      setMe(null);
    }
  };
  useEffect(() => {
    void loadMe();
    // A page chose another company (the queue opening another company's item): who am I there?
    const chosen = () => void loadMe();
    addEventListener('panel:tenant', chosen);
    return () => removeEventListener('panel:tenant', chosen);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('title');
  }, [language]);
  const changeLanguage = (next: Language) => {
    rememberLanguage(next);
    setLanguage(next);
  };
  const logOut = async () => {
    await api('POST', '/api/v1/auth/logout').catch(() => undefined);
    chooseTenant(undefined);
    setMe(null);
  };
  return (
    <>
      <header>
        <h1>{t('title')}</h1>
        <LanguageSwitch language={language} onChange={changeLanguage} t={t} />
        {me && <TenantPicker me={me} language={language} onChosen={() => void loadMe()} />}
        {me && <Menu me={me} language={language} t={t} />}
        {me && (
          <p>
            {t('signedInAs')} {me.displayName}{' '}
            <button type="button" onClick={logOut}>
              {t('logOut')}
            </button>
          </p>
        )}
      </header>
      <main>
        {me === undefined && <p aria-busy="true">{t('loading')}</p>}
        {me === null && <Login t={t} onLoggedIn={() => void loadMe()} />}
        {me && <Page key={me.tenantId ?? ''} me={me} language={language} t={t} />}
      </main>
    </>
  );
};
