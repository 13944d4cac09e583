import { expect } from 'chai';
import { request, startTestWorld, type TestWorld } from '../support/test-app.js';
import { type PlatformApp, problemSummary, setCookiesOf, startPlatformApp } from './platform-support.js';

const problem = (status: number, code: string) => ({ status, contentType: 'application/problem+json', code });

describe('HTTP login', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  it('answers a session token, a CSRF token, its expiry and the account for the right password', async () => {
    const answer = await world.login(world.managerA.email);
    expect(answer.status).to.equal(200);
    expect(answer.body.token).to.match(/^itp_s_[\w-]{40,}$/);
    expect(answer.body.csrfToken).to.be.a('string').with.length.greaterThan(20);
    expect(Date.parse(answer.body.expiresAt)).to.be.greaterThan(Date.now());
    expect(answer.body.account).to.deep.equal({
      accountId: world.managerA.accountId,
      email: world.managerA.email,
      displayName: 'manager-a',
    });
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, for the whole site, and not Secure over plain http', async () => {
    const answer = await world.login(world.managerA.email);
    const session = setCookiesOf(answer).get('itp_session');
    expect(session?.value).to.equal(answer.body.token);
    expect(session?.attributes.get('httponly')).to.equal(true);
    expect(session?.attributes.get('samesite')).to.equal('Lax');
    expect(session?.attributes.get('path')).to.equal('/');
    expect(session?.attributes.has('secure')).to.equal(false);
    expect(Date.parse(String(session?.attributes.get('expires')))).to.be.closeTo(
      Date.parse(answer.body.expiresAt),
      1000,
    );
  });

  it('sets the CSRF cookie readable by the panel (not HttpOnly) with the same value as the answer', async () => {
    const answer = await world.login(world.managerA.email);
    const csrf = setCookiesOf(answer).get('itp_csrf');
    expect(csrf?.value).to.equal(answer.body.csrfToken);
    expect(csrf?.attributes.has('httponly')).to.equal(false);
    expect(csrf?.attributes.get('samesite')).to.equal('Lax');
    expect(csrf?.attributes.get('path')).to.equal('/');
  });

  it('gives every login a session of its own', async () => {
    const first = await world.login(world.managerA.email);
    const second = await world.login(world.managerA.email);
    expect(first.body.token).to.not.equal(second.body.token);
    expect(first.body.csrfToken).to.not.equal(second.body.csrfToken);
  });

  it('accepts the e-mail address in another case and with spaces around it', async () => {
    const answer = await world.login(`  ${world.managerA.email.toUpperCase()} `);
    expect(answer.status).to.equal(200);
    expect(answer.body.account.accountId).to.equal(world.managerA.accountId);
  });

  it('refuses a wrong password and an unknown address alike, so neither reveals which accounts exist', async () => {
    const wrong = await world.login(world.managerA.email, 'not the password at all');
    const unknown = await world.login('nobody-here@example.com');
    expect(problemSummary(wrong)).to.deep.equal(problem(401, 'LOGIN_FAILED'));
    expect(problemSummary(unknown)).to.deep.equal(problem(401, 'LOGIN_FAILED'));
    expect(wrong.body.detail).to.equal(unknown.body.detail);
    expect(wrong.body.title).to.equal(unknown.body.title);
    expect(setCookiesOf(wrong).size).to.equal(0);
  });

  const badBodies: Array<{ name: string; body: unknown; paths: string[] }> = [
    { name: 'no password', body: { email: 'a@example.com' }, paths: ['password'] },
    { name: 'no e-mail address', body: { password: 'x' }, paths: ['email'] },
    { name: 'an empty object', body: {}, paths: ['email', 'password'] },
    {
      name: 'a password that is not a string',
      body: { email: 'a@example.com', password: 12 },
      paths: ['password'],
    },
  ];
  for (const row of badBodies) {
    it(`answers 400 LOGIN_INVALID naming each bad field for a body with ${row.name}`, async () => {
      const answer = await request(world.url, 'POST', '/api/v1/auth/login', { body: row.body });
      expect(problemSummary(answer)).to.deep.equal(problem(400, 'LOGIN_INVALID'));
      const paths = (answer.body.errors as Array<{ path: string }>).map((error) => error.path);
      expect(paths).to.have.members(row.paths);
    });
  }

  it('marks an unknown login field as such', async () => {
    const answer = await request(world.url, 'POST', '/api/v1/auth/login', {
      body: { email: 'a@example.com', password: 'x', remember: true },
    });
    expect(answer.body.errors).to.deep.equal([{ path: 'remember', message: 'unknown field' }]);
  });

  it('answers 400 BODY_NOT_JSON to a login body that is not JSON', async () => {
    const answer = await request(world.url, 'POST', '/api/v1/auth/login', {
      rawBody: '{"email": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(problemSummary(answer)).to.deep.equal(problem(400, 'BODY_NOT_JSON'));
  });
});

describe('HTTP login rate limit', function () {
  this.timeout(60_000);
  let platform: PlatformApp;
  before(async () => {
    platform = await startPlatformApp({ loginLimit: 3 });
  });
  after(() => platform?.close());

  const attempt = (email: string) =>
    request(platform.url, 'POST', '/api/v1/auth/login', {
      body: { email, password: 'guessing the password' },
    });

  it('answers 429 problem+json with Retry-After once one address has used up its attempts', async () => {
    const email = 'victim@example.com';
    const allowed = [await attempt(email), await attempt(email), await attempt(email)];
    expect(allowed.map((answer) => answer.body.code)).to.deep.equal([
      'LOGIN_FAILED',
      'LOGIN_FAILED',
      'LOGIN_FAILED',
    ]);
    const refused = await attempt(email);
    expect(problemSummary(refused)).to.deep.equal(problem(429, 'TOO_MANY_LOGINS'));
    expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
    expect(refused.body.requestId).to.equal(refused.headers.get('x-request-id'));
  });

  it('counts the address whatever its case, so changing case does not buy more attempts', async () => {
    for (const email of ['case@example.com', 'CASE@example.com', 'Case@Example.com']) await attempt(email);
    const refused = await attempt(' case@EXAMPLE.com ');
    expect(refused.status).to.equal(429);
  });

  it('keeps counting other addresses apart', async () => {
    for (let i = 0; i < 4; i += 1) await attempt('blocked@example.com');
    const other = await attempt('someone-else@example.com');
    expect(problemSummary(other)).to.deep.equal(problem(401, 'LOGIN_FAILED'));
  });

  it('refuses even the right password for an address that has used up its attempts', async () => {
    const wrong = () =>
      request(platform.url, 'POST', '/api/v1/auth/login', {
        body: { email: platform.adminEmail, password: 'wrong wrong wrong' },
      });
    for (let i = 0; i < 3; i += 1) await wrong();
    const right = await request(platform.url, 'POST', '/api/v1/auth/login', {
      body: { email: platform.adminEmail, password: 'correct horse battery staple' },
    });
    expect(problemSummary(right)).to.deep.equal(problem(429, 'TOO_MANY_LOGINS'));
  });
});
