import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api, chooseTenant, type Dashboard, liveUrl, type Me } from './api.js';
import {
  initialLanguage,
  type Language,
  languages,
  rememberLanguage,
  type TextKey,
  translate,
} from './i18n.js';
import { match, navigate, useLocation } from './router.js';
import { routes } from './routes.js';
import { ChooseTenantFirst, TenantPicker } from './views/tenant-picker.js';
import './views/index.js';

const dashboardRoles = ['client_manager', 'technician', 'msp_admin', 'auditor'];

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

const DashboardView = ({ t, language }: { t(k: TextKey): string; language: Language }) => {
  const [dashboard, setDashboard] = useState<Dashboard | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    const load = (after?: string) =>
      api<Dashboard>('GET', `/api/v1/dashboard${after ? `?after=${encodeURIComponent(after)}` : ''}`).then(
        setDashboard,
        (problem: unknown) => setError(problem instanceof Error ? problem.message : String(problem)),
      );
    void load();
    // Live: the server says when the dashboard's read models changed; read again from that checkpoint.
    const live = new EventSource(liveUrl('/api/v1/live?topics=dashboard'));
    live.addEventListener('update', (event) => {
      const { checkpoint } = JSON.parse((event as MessageEvent<string>).data) as { checkpoint: string };
      void load(checkpoint);
    });
    return () => live.close();
  }, []);
  if (error) return <p role="alert">{error}</p>;
  if (!dashboard) return <p aria-busy="true">{t('loading')}</p>;
  const number = new Intl.NumberFormat(language === 'pl' ? 'pl-PL' : 'en-GB');
  const tiles: Array<[TextKey, number]> = [
    ['openTickets', dashboard.tickets.total],
    ['runningProcesses', dashboard.runningProcesses.total],
    ['decisionsWaiting', dashboard.decisionsWaiting],
    ['warrantiesEnding', dashboard.warrantiesEnding],
  ];
  return (
    <section aria-labelledby="dashboard-title">
      <h2 id="dashboard-title">{t('dashboard')}</h2>
      <dl>
        {tiles.map(([key, value]) => (
          <div key={key} data-tile={key}>
            <dt>{t(key)}</dt>
            <dd>{number.format(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
};

const Menu = ({ me, language, t }: { me: Me; language: Language; t(k: TextKey): string }) => {
  const entries = routes.filter((route) => route.menu && route.roles.some((role) => me.roles.includes(role)));
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
    if (!route.roles.some((role) => me.roles.includes(role))) return <p role="alert">{t('notFound')}</p>;
    const View = route.view;
    return <View me={me} language={language} params={params} />;
  }
  if (match('/', path)) {
    return me.roles.some((role) => dashboardRoles.includes(role)) ? (
      <DashboardView t={t} language={language} />
    ) : (
      <p>{t('noDashboard')}</p>
    );
  }
  return <p role="alert">{t('notFound')}</p>;
};

/** The panel: log in, then the view of the caller's role. */
export const App = () => {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const t = (key: TextKey) => translate(language, key);
  const loadMe = () => api<Me>('GET', '/api/v1/me').then(setMe, () => setMe(null));
  useEffect(() => {
    void loadMe();
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
        {me &&
          (me.tenantId === null && me.tenants.length > 1 ? (
            <ChooseTenantFirst language={language} />
          ) : (
            <Page key={me.tenantId ?? ''} me={me} language={language} t={t} />
          ))}
      </main>
    </>
  );
};
