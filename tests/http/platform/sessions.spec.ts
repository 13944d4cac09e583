import { expect } from 'chai';
import { laptopPayload } from '../../support/commands.js';
import { type Answer, request, startTestWorld, type TestWorld } from '../support/test-app.js';
import { password, problemSummary, setCookiesOf } from './platform-support.js';

const problem = (status: number, code: string) => ({ status, contentType: 'application/problem+json', code });
const { deviceId: _omitted, ...deviceBody } = laptopPayload();
const newDevice = () => ({
  ...deviceBody,
  assetTag: `LAP-${Math.random().toString(36).slice(2, 10)}`,
  serialNumber: `SN-${Math.random()}`,
});

/** What a browser sends after this login: both cookies. */
const browserCookies = (login: Answer) => `itp_session=${login.body.token}; itp_csrf=${login.body.csrfToken}`;

describe('HTTP sessions', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  const me = (headers: Record<string, string>) => request(world.url, 'GET', '/api/v1/me', { headers });

  describe('credentials', () => {
    it('answers 401 UNAUTHENTICATED to a request with neither a cookie nor an Authorization header', async () => {
      expect(problemSummary(await me({}))).to.deep.equal(problem(401, 'UNAUTHENTICATED'));
    });

    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer two tokens', 'itp_s_abc']) {
      it(`answers 401 AUTHORIZATION_INVALID to the malformed Authorization "${header}"`, async () => {
        expect(problemSummary(await me({ Authorization: header }))).to.deep.equal(
          problem(401, 'AUTHORIZATION_INVALID'),
        );
      });
    }

    it('answers 401 SESSION_EXPIRED to a Bearer session token it never issued', async () => {
      const answer = await me({ Authorization: 'Bearer itp_s_made-up-token' });
      expect(problemSummary(answer)).to.deep.equal(problem(401, 'SESSION_EXPIRED'));
    });

    it('answers 401 TOKEN_INVALID to an API token it never issued', async () => {
      const answer = await me({ Authorization: `Bearer itp_t_${'x'.repeat(43)}` });
      expect(problemSummary(answer)).to.deep.equal(problem(401, 'TOKEN_INVALID'));
    });
  });

  describe('cookie sessions', () => {
    it('serves a GET authenticated by the session cookie alone', async () => {
      const login = await world.login(world.managerA.email);
      const answer = await me({ Cookie: `itp_session=${login.body.token}` });
      expect(answer.status).to.equal(200);
      expect(answer.body.accountId).to.equal(world.managerA.accountId);
    });

    it('refuses a cookie-authenticated POST without X-CSRF-Token with 403 CSRF_TOKEN_INVALID and records nothing', async () => {
      const login = await world.login(world.technician.email);
      const body = newDevice();
      const answer = await request(world.url, 'POST', '/api/v1/devices', {
        body,
        headers: { Cookie: browserCookies(login), 'X-Tenant-Id': world.tenantA },
      });
      expect(problemSummary(answer)).to.deep.equal(problem(403, 'CSRF_TOKEN_INVALID'));
      const stored = await world.app.database.pool.query(
        "select 1 from es_events where data->>'assetTag' = $1",
        [body.assetTag],
      );
      expect(stored.rowCount).to.equal(0);
    });

    it("refuses a cookie-authenticated POST carrying another session's CSRF token", async () => {
      const login = await world.login(world.technician.email);
      const other = await world.login(world.technician.email);
      const answer = await request(world.url, 'POST', '/api/v1/devices', {
        body: newDevice(),
        headers: {
          Cookie: browserCookies(login),
          'X-Tenant-Id': world.tenantA,
          'X-CSRF-Token': other.body.csrfToken,
        },
      });
      expect(problemSummary(answer)).to.deep.equal(problem(403, 'CSRF_TOKEN_INVALID'));
    });

    it('runs a cookie-authenticated POST that repeats the CSRF token in X-CSRF-Token', async () => {
      const login = await world.login(world.technician.email);
      const body = newDevice();
      const answer = await request(world.url, 'POST', '/api/v1/devices', {
        body,
        headers: {
          Cookie: browserCookies(login),
          'X-Tenant-Id': world.tenantA,
          'X-CSRF-Token': login.body.csrfToken,
        },
      });
      expect(answer.status).to.equal(201);
      expect(answer.body.events).to.deep.equal(['DeviceRegistered']);
      const stored = await world.app.database.pool.query(
        "select 1 from es_events where data->>'assetTag' = $1",
        [body.assetTag],
      );
      expect(stored.rowCount).to.equal(1);
    });

    it('runs a Bearer POST without any CSRF token: a header cannot be forged by another site', async () => {
      const answer = await world.technician.post('/devices', newDevice());
      expect(answer.status).to.equal(201);
    });
  });

  describe('logout', () => {
    it('answers 204, clears both cookies and ends the session so its token answers 401', async () => {
      const login = await world.login(world.managerA.email);
      const auth = { Authorization: `Bearer ${login.body.token}` };
      expect((await me(auth)).status).to.equal(200);
      const answer = await request(world.url, 'POST', '/api/v1/auth/logout', { headers: auth });
      expect(answer.status).to.equal(204);
      const cleared = setCookiesOf(answer);
      for (const name of ['itp_session', 'itp_csrf']) {
        expect(cleared.get(name)?.value, name).to.equal('');
        expect(Date.parse(String(cleared.get(name)?.attributes.get('expires'))), name).to.be.lessThan(
          Date.now(),
        );
      }
      expect(problemSummary(await me(auth))).to.deep.equal(problem(401, 'SESSION_EXPIRED'));
    });

    it('ends only the session logged out: other sessions of the same account go on', async () => {
      const login = await world.login(world.managerA.email);
      await request(world.url, 'POST', '/api/v1/auth/logout', {
        headers: { Authorization: `Bearer ${login.body.token}` },
      });
      expect((await world.managerA.get('/me')).status).to.equal(200);
    });

    it('refuses a cookie logout without the CSRF token, so another site cannot log the user out', async () => {
      const login = await world.login(world.managerA.email);
      const answer = await request(world.url, 'POST', '/api/v1/auth/logout', {
        headers: { Cookie: browserCookies(login) },
      });
      expect(problemSummary(answer)).to.deep.equal(problem(403, 'CSRF_TOKEN_INVALID'));
      expect((await me({ Cookie: browserCookies(login) })).status).to.equal(200);
    });

    it('ends a cookie session logged out with its CSRF token', async () => {
      const login = await world.login(world.managerA.email);
      const cookie = { Cookie: browserCookies(login) };
      const answer = await request(world.url, 'POST', '/api/v1/auth/logout', {
        headers: { ...cookie, 'X-CSRF-Token': login.body.csrfToken },
      });
      expect(answer.status).to.equal(204);
      expect(problemSummary(await me(cookie))).to.deep.equal(problem(401, 'SESSION_EXPIRED'));
    });

    it('answers 204 to a logout without any session, so logging out twice is harmless', async () => {
      const answer = await request(world.url, 'POST', '/api/v1/auth/logout');
      expect(answer.status).to.equal(204);
    });
  });

  describe('disabled accounts', () => {
    it('refuses the login, the sessions and the API tokens of a disabled account, and lets them in again once enabled', async () => {
      const email = `leaver-${Date.now()}@example.com`;
      const created = await world.mspAdmin.post('/accounts', { email, displayName: 'Leaver', password });
      expect(created.status).to.equal(201);
      const { accountId } = created.body.ids as { accountId: string };
      await world.mspAdmin.post(`/accounts/${accountId}/roles`, {
        role: 'client_manager',
        tenantId: world.tenantA,
      });
      const issued = await world.mspAdmin.post(`/accounts/${accountId}/tokens`, { name: 'reporting' });
      expect(issued.status).to.equal(201);
      await world.settle();
      const login = await world.login(email);
      expect(login.status).to.equal(200);
      const bearer = { Authorization: `Bearer ${login.body.token}` };
      const token = { Authorization: `Bearer ${issued.body.secret}` };
      expect((await me(bearer)).status).to.equal(200);
      expect((await me(token)).status).to.equal(200);

      const disabled = await world.mspAdmin.post(`/accounts/${accountId}/disable`, {
        reason: 'left the company',
      });
      expect(disabled.body.events).to.deep.equal(['AccountDisabled']);
      await world.settle();
      expect(problemSummary(await world.login(email))).to.deep.equal(problem(401, 'LOGIN_FAILED'));
      expect(problemSummary(await me(bearer))).to.deep.equal(problem(401, 'ACCOUNT_UNAVAILABLE'));
      expect(problemSummary(await me({ Cookie: browserCookies(login) }))).to.deep.equal(
        problem(401, 'ACCOUNT_UNAVAILABLE'),
      );
      expect(problemSummary(await me(token))).to.deep.equal(problem(401, 'ACCOUNT_UNAVAILABLE'));

      await world.mspAdmin.post(`/accounts/${accountId}/enable`, {});
      await world.settle();
      expect((await world.login(email)).status).to.equal(200);
    });
  });
});

describe('HTTP session expiry', function () {
  this.timeout(60_000);
  const hour = 60 * 60 * 1000;
  let offset = 0;
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld({ now: () => new Date(Date.now() + offset) });
  });
  after(() => world?.close());

  const me = (token: string) =>
    request(world.url, 'GET', '/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });

  it('gives a new session eight hours of idle time by the server clock', async () => {
    offset += 100 * hour;
    const login = await world.login(world.managerA.email);
    expect(Date.parse(login.body.expiresAt)).to.be.closeTo(Date.now() + offset + 8 * hour, 60_000);
  });

  it('answers 401 SESSION_EXPIRED to a session unused for longer than its idle time', async () => {
    const login = await world.login(world.managerA.email);
    offset += 8 * hour + 60_000;
    expect(problemSummary(await me(login.body.token))).to.deep.equal(problem(401, 'SESSION_EXPIRED'));
    expect(
      problemSummary(
        await request(world.url, 'GET', '/api/v1/me', {
          headers: { Cookie: `itp_session=${login.body.token}` },
        }),
      ),
    ).to.deep.equal(problem(401, 'SESSION_EXPIRED'));
  });

  it('moves the expiry forward on every request, so a session in use does not expire', async () => {
    const login = await world.login(world.managerA.email);
    for (let step = 0; step < 3; step += 1) {
      offset += 7 * hour;
      expect((await me(login.body.token)).status, `after ${7 * (step + 1)} h`).to.equal(200);
    }
  });

  it('refuses an API token after its own expiry with 401 TOKEN_INVALID', async () => {
    const admin = await world.login(world.mspAdmin.email);
    const issued = await request(world.url, 'POST', `/api/v1/accounts/${world.managerA.accountId}/tokens`, {
      body: { name: 'short-lived', expiresAt: new Date(Date.now() + offset + hour).toISOString() },
      headers: { Authorization: `Bearer ${admin.body.token}`, 'X-Tenant-Id': world.tenantA },
    });
    expect(issued.status).to.equal(201);
    await world.settle();
    expect((await me(issued.body.secret)).status).to.equal(200);
    offset += 2 * hour;
    expect(problemSummary(await me(issued.body.secret))).to.deep.equal(problem(401, 'TOKEN_INVALID'));
    expect((await me(admin.body.token)).status).to.equal(200);
  });
});
