import { useEffect, useState } from 'preact/hooks';
import { api, type Me } from '../api.js';
import type { Language } from '../i18n.js';
import { PageButtons } from '../page-buttons.js';
import { routes } from '../routes.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import { type Accepted, accountRoles, adminOnly, afterWrite, roleWord } from './accounts-words.js';
import { isNotFound, Link, type ListPage, messageOf } from './directory.js';
import { FieldError, Labelled, TextField, useStatusLine, useWrite, WriteForm } from './form-fields.js';

const texts: Texts<
  | 'title'
  | 'titleOf'
  | 'loading'
  | 'empty'
  | 'caption'
  | 'name'
  | 'email'
  | 'roles'
  | 'status'
  | 'active'
  | 'disabled'
  | 'noRoles'
  | 'everyCompany'
  | 'firstPage'
  | 'nextPage'
  | 'newAccount'
  | 'displayName'
  | 'password'
  | 'passwordHint'
  | 'firstRole'
  | 'firstRoleEverywhere'
  | 'noRole'
  | 'create'
  | 'creating'
  | 'created'
  | 'fixFields'
  | 'back'
  | 'notFound'
  | 'details'
  | 'homeCompany'
  | 'createdAt'
  | 'role'
  | 'company'
  | 'rolesCaption'
  | 'revoke'
  | 'grant'
  | 'granted'
  | 'revoked'
  | 'access'
  | 'reason'
  | 'disable'
  | 'disabledNow'
  | 'enable'
  | 'enabledNow'
  | 'isDisabled'
  | 'isActive'
  | 'tokens'
  | 'tokensCaption'
  | 'noTokens'
  | 'tokenName'
  | 'issuedAt'
  | 'expiresAt'
  | 'never'
  | 'tokenActive'
  | 'tokenRevoked'
  | 'tokenExpired'
  | 'issue'
  | 'issuing'
  | 'expiresOn'
  | 'newToken'
  | 'secret'
  | 'secretWarning'
  | 'copy'
  | 'copied'
  | 'copiedDone'
  | 'revokeToken'
  | 'tokenRevokedNow'
  | 'actions'
> = {
  en: {
    title: 'Accounts',
    titleOf: 'Accounts of',
    loading: 'Loading accounts…',
    empty: 'This company has no accounts yet. Create the first one with the form below.',
    caption: 'Accounts whose home is this company, by e-mail address',
    name: 'Name',
    email: 'E-mail address',
    roles: 'Roles',
    status: 'Status',
    active: 'Active',
    disabled: 'Disabled',
    noRoles: 'no roles',
    everyCompany: 'every company',
    firstPage: 'First page',
    nextPage: 'Next page',
    newAccount: 'New account',
    displayName: 'Display name',
    password: 'First password',
    passwordHint: 'At least 12 characters; the person may change it later.',
    firstRole: 'Role in this company',
    firstRoleEverywhere: 'Role in every company',
    noRole: 'no role yet',
    create: 'Create the account',
    creating: 'Creating…',
    created: 'Account created:',
    fixFields: 'Please correct the marked fields.',
    back: 'Back to accounts',
    notFound: 'Not found: there is no such account in this company.',
    details: 'Details',
    homeCompany: 'Home company',
    createdAt: 'Created',
    role: 'Role',
    company: 'Company',
    rolesCaption: 'Roles the account holds',
    revoke: 'Revoke',
    grant: 'Grant the role',
    granted: 'Role granted.',
    revoked: 'Role revoked.',
    access: 'Access',
    reason: 'Reason for disabling',
    disable: 'Disable the account',
    disabledNow: 'The account is disabled: it can no longer log in.',
    enable: 'Enable the account',
    enabledNow: 'The account is enabled again.',
    isDisabled: 'This account is disabled: it cannot log in.',
    isActive: 'This account is active.',
    tokens: 'API tokens',
    tokensCaption: 'API tokens of the account, oldest first',
    noTokens: 'The account has no API tokens. Issue one below for a script or an integration.',
    tokenName: 'Token name',
    issuedAt: 'Issued',
    expiresAt: 'Expires',
    never: 'never',
    tokenActive: 'Active',
    tokenRevoked: 'Revoked',
    tokenExpired: 'Expired',
    issue: 'Issue a token',
    issuing: 'Issuing…',
    expiresOn: 'Expires on (optional)',
    newToken: 'New API token',
    secret: 'Secret of the new token',
    secretWarning:
      'Copy this secret now and keep it safe: it will not be shown again. Send it as "Authorization: Bearer <secret>".',
    copy: 'Copy the secret',
    copied: 'Copied to the clipboard.',
    copiedDone: 'I have stored the secret',
    revokeToken: 'Revoke',
    tokenRevokedNow: 'Token revoked: it no longer works.',
    actions: 'Actions',
  },
  pl: {
    title: 'Konta',
    titleOf: 'Konta firmy',
    loading: 'Wczytywanie kont…',
    empty: 'Ta firma nie ma jeszcze kont. Utwórz pierwsze formularzem poniżej.',
    caption: 'Konta, których domem jest ta firma, według adresu e-mail',
    name: 'Nazwa',
    email: 'Adres e-mail',
    roles: 'Role',
    status: 'Stan',
    active: 'Aktywne',
    disabled: 'Wyłączone',
    noRoles: 'brak ról',
    everyCompany: 'każda firma',
    firstPage: 'Pierwsza strona',
    nextPage: 'Następna strona',
    newAccount: 'Nowe konto',
    displayName: 'Wyświetlana nazwa',
    password: 'Pierwsze hasło',
    passwordHint: 'Co najmniej 12 znaków; osoba może je później zmienić.',
    firstRole: 'Rola w tej firmie',
    firstRoleEverywhere: 'Rola we wszystkich firmach',
    noRole: 'na razie bez roli',
    create: 'Utwórz konto',
    creating: 'Tworzenie…',
    created: 'Utworzono konto:',
    fixFields: 'Popraw zaznaczone pola.',
    back: 'Wróć do kont',
    notFound: 'Nie znaleziono: w tej firmie nie ma takiego konta.',
    details: 'Szczegóły',
    homeCompany: 'Firma macierzysta',
    createdAt: 'Utworzono',
    role: 'Rola',
    company: 'Firma',
    rolesCaption: 'Role konta',
    revoke: 'Odbierz',
    grant: 'Nadaj rolę',
    granted: 'Nadano rolę.',
    revoked: 'Odebrano rolę.',
    access: 'Dostęp',
    reason: 'Powód wyłączenia',
    disable: 'Wyłącz konto',
    disabledNow: 'Konto jest wyłączone: nie można się już na nie zalogować.',
    enable: 'Włącz konto',
    enabledNow: 'Konto jest znów włączone.',
    isDisabled: 'To konto jest wyłączone: nie można się na nie zalogować.',
    isActive: 'To konto jest aktywne.',
    tokens: 'Tokeny API',
    tokensCaption: 'Tokeny API konta, od najstarszego',
    noTokens: 'Konto nie ma tokenów API. Wydaj token poniżej dla skryptu lub integracji.',
    tokenName: 'Nazwa tokenu',
    issuedAt: 'Wydano',
    expiresAt: 'Wygasa',
    never: 'nigdy',
    tokenActive: 'Aktywny',
    tokenRevoked: 'Unieważniony',
    tokenExpired: 'Wygasły',
    issue: 'Wydaj token',
    issuing: 'Wydawanie…',
    expiresOn: 'Wygasa dnia (opcjonalnie)',
    newToken: 'Nowy token API',
    secret: 'Sekret nowego tokenu',
    secretWarning:
      'Skopiuj ten sekret teraz i przechowuj go bezpiecznie: nie zostanie pokazany ponownie. Wysyłaj go jako „Authorization: Bearer <sekret>”.',
    copy: 'Kopiuj sekret',
    copied: 'Skopiowano do schowka.',
    copiedDone: 'Zapisałem sekret',
    revokeToken: 'Unieważnij',
    tokenRevokedNow: 'Token unieważniony: już nie działa.',
    actions: 'Działania',
  },
};

type T = (typeof texts)['en'];

const clientRoles = ['client_manager', 'employee', 'auditor'] as const;
const itTeamRoles = ['technician', 'msp_admin', 'auditor'] as const;

interface AccountRole {
  role: string;
  tenantId: string | null;
}
interface AccountRow {
  account_id: string;
  email: string;
  display_name: string;
  person_id: string | null;
  disabled: boolean;
  created_at: string;
  roles: AccountRole[];
}
interface ApiToken {
  tokenId: string;
  name: string;
  expiresAt: string | null;
  revokedAt: string | null;
  issuedAt: string;
}
interface AccountCard {
  accountId: string;
  homeTenantId: string;
  email: string;
  displayName: string;
  disabled: boolean;
  roles: AccountRole[];
  createdAt: string;
  apiTokens: ApiToken[];
}

/** The company a role applies to, in words. */
const companyName = (me: Me, t: T, tenantId: string | null) =>
  tenantId === null ? t.everyCompany : (me.tenants.find((x) => x.tenantId === tenantId)?.name ?? tenantId);

const rolesInWords = (me: Me, t: T, language: Language, roles: readonly AccountRole[] | undefined) => {
  if (!roles) return '…';
  if (roles.length === 0) return t.noRoles;
  return roles
    .map((grant) =>
      grant.tenantId === me.tenantId
        ? roleWord(language, grant.role)
        : `${roleWord(language, grant.role)} (${companyName(me, t, grant.tenantId)})`,
    )
    .join(', ');
};

const accountPath = (accountId: string) => `/api/v1/accounts/${encodeURIComponent(accountId)}`;

/** Creates an account in the chosen company, with its first role there if one is chosen. */
const NewAccountForm = ({
  me,
  t,
  language,
  onCreated,
}: {
  me: Me;
  t: T;
  language: Language;
  onCreated(checkpoint: string): void;
}) => {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // A client company's accounts hold its own roles; the IT team's hold theirs for every company.
  const client = me.tenants.some((tenant) => tenant.tenantId === me.tenantId);
  const offered = client ? clientRoles : itTeamRoles;
  const [role, setRole] = useState(offered[0] as string);
  const [done, setDone] = useState('');
  const write = useWrite(t.fixFields);
  const submit = async () => {
    setDone('');
    const created = await write.send('/api/v1/accounts', { displayName, email, password });
    if (!created) return;
    let checkpoint = created.checkpoint;
    const accountId = created.ids.accountId ?? '';
    if (role) {
      const granted = await write.send(`${accountPath(accountId)}/roles`, {
        role,
        tenantId: client ? me.tenantId : null,
      });
      if (granted) checkpoint = granted.checkpoint;
    }
    setDone(`${t.created} ${displayName.trim()} (${email.trim().toLowerCase()})`);
    setDisplayName('');
    setEmail('');
    setPassword('');
    onCreated(checkpoint);
  };
  return (
    <section aria-labelledby="new-account-title">
      <h3 id="new-account-title">{t.newAccount}</h3>
      <WriteForm
        write={write}
        labelledBy="new-account-title"
        button={write.busy ? t.creating : t.create}
        onSubmit={submit}
      >
        <TextField
          id="account-displayName"
          label={t.displayName}
          value={displayName}
          onInput={setDisplayName}
          error={write.fields.displayName}
          maxLength={200}
        />
        <TextField
          id="account-email"
          label={t.email}
          type="email"
          autoComplete="off"
          value={email}
          onInput={setEmail}
          error={write.fields.email}
        />
        <TextField
          id="account-password"
          label={t.password}
          type="password"
          autoComplete="new-password"
          hint={t.passwordHint}
          value={password}
          onInput={setPassword}
          error={write.fields.password}
        />
        <Labelled
          id="account-role"
          label={client ? t.firstRole : t.firstRoleEverywhere}
          error={write.fields.role}
        >
          <select
            id="account-role"
            value={role}
            onChange={(event) => setRole((event.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t.noRole}</option>
            {offered.map((code) => (
              <option key={code} value={code}>
                {roleWord(language, code)}
              </option>
            ))}
          </select>
        </Labelled>
      </WriteForm>
      <p role="status">{done}</p>
    </section>
  );
};

/** The chosen company's accounts with their roles and status, and a form for a new one. */
export const AccountsView = ({ me, language }: ViewProps) => {
  const t = textsOf(texts, language);
  const [cursor, setCursor] = useState<string | undefined>();
  const [checkpoint, setCheckpoint] = useState<string | undefined>();
  const [page, setPage] = useState<ListPage<AccountRow> | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    const path = afterWrite(
      `/api/v1/accounts${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
      checkpoint,
    );
    api<ListPage<AccountRow>>('GET', path)
      .then(
        (answer) => current && setPage(answer),
        (problem: unknown) => current && setError(messageOf(problem)),
      )
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [cursor, checkpoint]);
  const company = me.tenants.find((tenant) => tenant.tenantId === me.tenantId)?.name;
  const heading = company ? `${t.titleOf} ${company}` : t.title;
  return (
    <section aria-labelledby="accounts-title">
      <h2 id="accounts-title">{heading}</h2>
      {error && <p role="alert">{error}</p>}
      <div aria-busy={loading} aria-live="polite">
        {loading && !page && <p>{t.loading}</p>}
        {page && page.items.length === 0 && <p>{t.empty}</p>}
        {page && page.items.length > 0 && (
          <table>
            <caption>{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.email}</th>
                <th scope="col">{t.roles}</th>
                <th scope="col">{t.status}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((row) => (
                <tr key={row.account_id} data-account={row.email}>
                  <th scope="row">
                    <Link href={`/accounts/${row.account_id}`}>{row.display_name}</Link>
                  </th>
                  <td>{row.email}</td>
                  <td>{rolesInWords(me, t, language, row.roles)}</td>
                  <td>{row.disabled ? t.disabled : t.active}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <PageButtons
        cursor={cursor}
        nextCursor={page?.nextCursor}
        loading={loading}
        onPage={setCursor}
        firstLabel={t.firstPage}
        nextLabel={t.nextPage}
      />
      <NewAccountForm
        me={me}
        t={t}
        language={language}
        onCreated={(next) => {
          setCursor(undefined);
          setCheckpoint(next);
        }}
      />
    </section>
  );
};

const tokenState = (token: ApiToken, t: T) => {
  if (token.revokedAt) return t.tokenRevoked;
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) return t.tokenExpired;
  return t.tokenActive;
};

/** The roles of an account: revoke each, grant another in a company. */
const RolesSection = ({
  me,
  t,
  language,
  card,
  onChanged,
}: {
  me: Me;
  t: T;
  language: Language;
  card: AccountCard;
  onChanged(checkpoint: string): void;
}) => {
  const here = me.tenants.some((tenant) => tenant.tenantId === me.tenantId) ? (me.tenantId ?? '*') : '*';
  const [role, setRole] = useState('employee');
  const [company, setCompany] = useState(here);
  const write = useWrite(t.fixFields);
  const status = useStatusLine(onChanged);
  const path = accountPath(card.accountId);
  const grant = async (event: Event) => {
    event.preventDefault();
    await status.run(write, `${path}/roles`, { role, tenantId: company === '*' ? null : company }, t.granted);
  };
  const revoke = (grantToRevoke: AccountRole) =>
    status.run(write, `${path}/roles/revoke`, grantToRevoke, t.revoked);
  return (
    <section aria-labelledby="account-roles-title">
      <h3 id="account-roles-title">{t.roles}</h3>
      {card.roles.length === 0 ? (
        <p>{t.noRoles}</p>
      ) : (
        <table>
          <caption>{t.rolesCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.role}</th>
              <th scope="col">{t.company}</th>
              <th scope="col">{t.actions}</th>
            </tr>
          </thead>
          <tbody>
            {card.roles.map((grant) => {
              const label = `${roleWord(language, grant.role)} (${companyName(me, t, grant.tenantId)})`;
              return (
                <tr key={`${grant.role}:${grant.tenantId ?? '*'}`} data-role={grant.role}>
                  <th scope="row">{roleWord(language, grant.role)}</th>
                  <td>{companyName(me, t, grant.tenantId)}</td>
                  <td>
                    <button
                      type="button"
                      disabled={write.busy}
                      aria-label={`${t.revoke}: ${label}`}
                      onClick={() => void revoke(grant)}
                    >
                      {t.revoke}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <form onSubmit={grant} noValidate aria-label={t.grant}>
        {write.problem && <p role="alert">{write.problem}</p>}
        <p>
          <label for="grant-role">{t.role}</label>{' '}
          <select
            id="grant-role"
            value={role}
            onChange={(event) => setRole((event.currentTarget as HTMLSelectElement).value)}
          >
            {accountRoles.map((code) => (
              <option key={code} value={code}>
                {roleWord(language, code)}
              </option>
            ))}
          </select>{' '}
          <label for="grant-company">{t.company}</label>{' '}
          <select
            id="grant-company"
            value={company}
            onChange={(event) => setCompany((event.currentTarget as HTMLSelectElement).value)}
          >
            <option value="*">{t.everyCompany}</option>
            {me.tenants.map((tenant) => (
              <option key={tenant.tenantId} value={tenant.tenantId}>
                {tenant.name}
              </option>
            ))}
          </select>{' '}
          <button type="submit" disabled={write.busy}>
            {t.grant}
          </button>
        </p>
        <FieldError id="grant-error" message={write.fields.role ?? write.fields.tenantId} />
      </form>
      <p role="status">{status.done}</p>
    </section>
  );
};

/** Disabling (with a reason) and enabling the account. */
const AccessSection = ({
  t,
  card,
  onChanged,
}: {
  t: T;
  card: AccountCard;
  onChanged(checkpoint: string): void;
}) => {
  const [reason, setReason] = useState('');
  const write = useWrite(t.fixFields);
  const status = useStatusLine(onChanged);
  const path = accountPath(card.accountId);
  const disable = async (event: Event) => {
    event.preventDefault();
    if (await status.run(write, `${path}/disable`, { reason }, t.disabledNow)) setReason('');
  };
  const enable = () => status.run(write, `${path}/enable`, {}, t.enabledNow);
  return (
    <section aria-labelledby="account-access-title">
      <h3 id="account-access-title">{t.access}</h3>
      <p>{card.disabled ? t.isDisabled : t.isActive}</p>
      {write.problem && <p role="alert">{write.problem}</p>}
      {card.disabled ? (
        <button type="button" disabled={write.busy} onClick={() => void enable()}>
          {t.enable}
        </button>
      ) : (
        <form onSubmit={disable} noValidate aria-label={t.disable}>
          <TextField
            id="disable-reason"
            label={t.reason}
            value={reason}
            onInput={setReason}
            error={write.fields.reason}
            maxLength={500}
          />
          <button type="submit" disabled={write.busy}>
            {t.disable}
          </button>
        </form>
      )}
      <p role="status">{status.done}</p>
    </section>
  );
};

/** The account's API tokens: issue one (its secret shown once, here), revoke one. */
const TokensSection = ({
  t,
  language,
  card,
  onChanged,
}: {
  t: T;
  language: Language;
  card: AccountCard;
  onChanged(checkpoint: string): void;
}) => {
  const [name, setName] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [issued, setIssued] = useState<{ name: string; secret: string } | undefined>();
  const [copied, setCopied] = useState('');
  const write = useWrite(t.fixFields);
  const status = useStatusLine(onChanged);
  const path = accountPath(card.accountId);
  const { date } = formats(language);
  const issue = async () => {
    setCopied('');
    // A date means "until the end of that day", in the browser's time zone.
    const expiresAt = expiresOn ? new Date(`${expiresOn}T23:59:59`).toISOString() : undefined;
    const answer = await status.run<Accepted & { secret: string }>(write, `${path}/tokens`, {
      name,
      ...(expiresAt ? { expiresAt } : {}),
    });
    if (answer) {
      setIssued({ name: name.trim(), secret: answer.secret });
      setName('');
      setExpiresOn('');
    }
  };
  const revoke = (token: ApiToken) =>
    status.run(write, `${path}/tokens/${encodeURIComponent(token.tokenId)}/revoke`, {}, t.tokenRevokedNow);
  const copy = async (secret: string) => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(t.copied);
    } catch {
      setCopied('');
    }
  };
  return (
    <section aria-labelledby="account-tokens-title">
      <h3 id="account-tokens-title">{t.tokens}</h3>
      {card.apiTokens.length === 0 ? (
        <p>{t.noTokens}</p>
      ) : (
        <table>
          <caption>{t.tokensCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.tokenName}</th>
              <th scope="col">{t.issuedAt}</th>
              <th scope="col">{t.expiresAt}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.actions}</th>
            </tr>
          </thead>
          <tbody>
            {card.apiTokens.map((token) => (
              <tr key={token.tokenId} data-token={token.name}>
                <th scope="row">{token.name}</th>
                <td>{date.format(new Date(token.issuedAt))}</td>
                <td>{token.expiresAt ? date.format(new Date(token.expiresAt)) : t.never}</td>
                <td>{tokenState(token, t)}</td>
                <td>
                  {!token.revokedAt && (
                    <button
                      type="button"
                      disabled={write.busy}
                      aria-label={`${t.revokeToken}: ${token.name}`}
                      onClick={() => void revoke(token)}
                    >
                      {t.revokeToken}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {issued && (
        <section aria-labelledby="new-token-title" data-secret-shown>
          <h4 id="new-token-title">
            {t.newToken}: {issued.name}
          </h4>
          <p>
            <strong id="new-token-warning">{t.secretWarning}</strong>
          </p>
          <p>
            <label for="new-token-secret">{t.secret}</label>
            <br />
            <input
              id="new-token-secret"
              readOnly
              size={60}
              value={issued.secret}
              aria-describedby="new-token-warning"
              spellcheck={false}
              autoComplete="off"
              onFocus={(event) => event.currentTarget.select()}
            />
          </p>
          <p>
            <button type="button" onClick={() => void copy(issued.secret)}>
              {t.copy}
            </button>{' '}
            <button type="button" onClick={() => setIssued(undefined)}>
              {t.copiedDone}
            </button>
          </p>
          <p role="status">{copied}</p>
        </section>
      )}
      <WriteForm write={write} label={t.issue} button={write.busy ? t.issuing : t.issue} onSubmit={issue}>
        <TextField
          id="token-name"
          label={t.tokenName}
          value={name}
          onInput={setName}
          error={write.fields.name}
          maxLength={100}
        />
        <TextField
          id="token-expires"
          label={t.expiresOn}
          type="date"
          required={false}
          value={expiresOn}
          onInput={setExpiresOn}
          error={write.fields.expiresAt}
        />
      </WriteForm>
      <p role="status">{status.done}</p>
    </section>
  );
};

/** One account: its details, roles, access and API tokens. */
export const AccountCardView = ({ me, language, params }: ViewProps) => {
  const t = textsOf(texts, language);
  const accountId = params.accountId ?? '';
  const [checkpoint, setCheckpoint] = useState<string | undefined>();
  const [card, setCard] = useState<AccountCard | undefined>();
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    setError(undefined);
    api<AccountCard>('GET', afterWrite(accountPath(accountId), checkpoint)).then(
      (answer) => current && setCard(answer),
      (problem: unknown) => {
        if (!current) return;
        if (isNotFound(problem)) setMissing(true);
        else setError(messageOf(problem));
      },
    );
    return () => {
      current = false;
    };
  }, [accountId, checkpoint]);
  const back = (
    <p>
      <Link href="/accounts">{t.back}</Link>
    </p>
  );
  if (missing) {
    return (
      <section>
        <p role="alert">{t.notFound}</p>
        {back}
      </section>
    );
  }
  if (error && !card) return <p role="alert">{error}</p>;
  if (!card) return <p aria-busy="true">{t.loading}</p>;
  const { dateTime } = formats(language);
  return (
    <article aria-labelledby="account-title">
      <h2 id="account-title">{card.displayName}</h2>
      {back}
      {error && <p role="alert">{error}</p>}
      <section aria-labelledby="account-details-title">
        <h3 id="account-details-title">{t.details}</h3>
        <dl>
          <dt>{t.email}</dt>
          <dd>{card.email}</dd>
          <dt>{t.homeCompany}</dt>
          <dd>{companyName(me, t, card.homeTenantId)}</dd>
          <dt>{t.status}</dt>
          <dd>{card.disabled ? t.disabled : t.active}</dd>
          <dt>{t.createdAt}</dt>
          <dd>{dateTime.format(new Date(card.createdAt))}</dd>
        </dl>
      </section>
      <RolesSection me={me} t={t} language={language} card={card} onChanged={setCheckpoint} />
      <AccessSection t={t} card={card} onChanged={setCheckpoint} />
      <TokensSection t={t} language={language} card={card} onChanged={setCheckpoint} />
    </article>
  );
};

routes.push(
  { pattern: '/accounts', view: AccountsView, roles: adminOnly, menu: { en: 'Accounts', pl: 'Konta' } },
  { pattern: '/accounts/:accountId', view: AccountCardView, roles: adminOnly },
);
