import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { pino } from 'pino';
import { loadConfig } from '../../../app/config.js';
import { type RunningApp, startApp } from '../../../app/start-app.js';
import { accountCommandHandlers, executeCommand } from '../../../commands/index.js';
import { allProjections } from '../../../projections/index.js';
import { laptopPayload } from '../../support/commands.js';
import { createTestDatabase } from '../../support/database.js';
import { cheapPasswords, request, startTestWorld, type TestWorld } from '../support/test-app.js';

const projectionNames = allProjections.map((projection) => projection.name);

/** The value of one sample in Prometheus text, or undefined when the metric has no such line. */
const sample = (text: string, name: string, labels: Record<string, string> = {}) => {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
};

describe('HTTP operations endpoints', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  const metrics = async () => {
    const answer = await request(world.url, 'GET', '/metrics');
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('content-type')).to.match(/^text\/plain/);
    return answer.text;
  };

  it('answers /healthz with 200 without logging in', async () => {
    const answer = await request(world.url, 'GET', '/healthz');
    expect(answer.status).to.equal(200);
    expect(answer.body).to.deep.equal({ status: 'ok' });
  });

  it('answers /readyz with 200 and no lag for any projection once they have caught up', async () => {
    await world.technician.post('/devices', laptopPayload());
    await world.settle();
    const answer = await request(world.url, 'GET', '/readyz');
    expect(answer.status).to.equal(200);
    expect(answer.body).to.include({ status: 'ready', database: 'up' });
    expect(answer.body.projectionLag).to.deep.equal(
      Object.fromEntries(projectionNames.map((name) => [name, 0])),
    );
    expect(answer.body).to.not.have.property('behind');
  });

  it('counts answered requests by method, route pattern and status, never by the ids in the path', async () => {
    const created = await world.technician.post('/devices', laptopPayload());
    const { deviceId } = created.body.ids;
    await world.technician.get(`/devices/${deviceId}?after=${created.body.checkpoint}`);
    const text = await metrics();
    expect(
      sample(text, 'http_requests_total', {
        method: 'GET',
        route: '/api/v1/devices/:deviceId',
        status: '200',
      }),
    ).to.be.at.least(1);
    expect(
      sample(text, 'http_requests_total', { method: 'POST', route: '/api/v1/devices', status: '201' }),
    ).to.be.at.least(1);
    expect(text).to.not.include(deviceId);
  });

  it('counts requests no route answered under one label', async () => {
    await request(world.url, 'GET', `/api/no-such-page/${randomUUID()}`);
    const text = await metrics();
    expect(sample(text, 'http_requests_total', { route: 'unmatched', status: '404' })).to.be.at.least(1);
  });

  it('times requests in the http_request_duration_seconds histogram', async () => {
    await world.managerA.get('/dashboard');
    const text = await metrics();
    const count = sample(text, 'http_request_duration_seconds_count', {
      method: 'GET',
      route: '/api/v1/dashboard',
    });
    const infinite = sample(text, 'http_request_duration_seconds_bucket', {
      route: '/api/v1/dashboard',
      le: '+Inf',
    });
    expect(count).to.be.at.least(1);
    expect(infinite).to.equal(count);
  });

  it('counts commands by type and outcome, refusals apart from successes', async () => {
    const before = await metrics();
    const ok = sample(before, 'commands_total', { command: 'RegisterDevice', outcome: '2xx' }) ?? 0;
    const refused = sample(before, 'commands_total', { command: 'RegisterDevice', outcome: '4xx' }) ?? 0;
    await world.technician.post('/devices', laptopPayload());
    await world.managerA.post('/devices', laptopPayload());
    const after = await metrics();
    expect(sample(after, 'commands_total', { command: 'RegisterDevice', outcome: '2xx' })).to.equal(ok + 1);
    expect(sample(after, 'commands_total', { command: 'RegisterDevice', outcome: '4xx' })).to.equal(
      refused + 1,
    );
  });

  it('reports each projection lag in projection_lag_events, 0 when caught up', async () => {
    await world.settle();
    const text = await metrics();
    for (const name of projectionNames)
      expect(sample(text, 'projection_lag_events', { projection: name }), name).to.equal(0);
  });
});

describe('HTTP readiness of a process whose projections are behind', function () {
  this.timeout(60_000);
  let app: RunningApp;
  before(async () => {
    // Only the read API: no projector applies what is appended below.
    app = await startApp({
      config: loadConfig({
        DATABASE_URL: await createTestDatabase('platform'),
        PORT: '0',
        LOG_LEVEL: 'silent',
      }),
      roles: ['read-api'],
      logger: pino({ level: 'silent' }),
      passwordCost: cheapPasswords,
      readyLagEvents: 1,
    });
    const accounts = accountCommandHandlers({ passwordCost: cheapPasswords });
    for (let i = 0; i < 2; i += 1) {
      const accountId = randomUUID();
      await executeCommand(
        { store: app.database.store },
        accounts.createAccount,
        {
          accountId,
          email: `lag-${accountId.slice(0, 8)}@example.com`,
          displayName: 'Lag',
          password: 'a long enough password',
        },
        {
          commandId: randomUUID(),
          tenantId: 'msp',
          actor: { id: randomUUID(), role: 'msp_admin' },
          now: new Date().toISOString(),
        },
      );
    }
  });
  after(() => app?.close());

  it('answers /readyz with 503, the lag of each projection and the ones behind', async () => {
    const answer = await request(app.url as string, 'GET', '/readyz');
    expect(answer.status).to.equal(503);
    expect(answer.body).to.include({ status: 'not ready', database: 'up' });
    expect(answer.body.behind).to.have.members(projectionNames);
    for (const name of projectionNames) expect(answer.body.projectionLag[name], name).to.be.greaterThan(1);
  });

  it('stays alive on /healthz while not ready', async () => {
    expect((await request(app.url as string, 'GET', '/healthz')).status).to.equal(200);
  });

  it('reports the same lag in projection_lag_events', async () => {
    const readiness = await request(app.url as string, 'GET', '/readyz');
    const text = (await request(app.url as string, 'GET', '/metrics')).text;
    for (const name of projectionNames) {
      expect(sample(text, 'projection_lag_events', { projection: name }), name).to.equal(
        readiness.body.projectionLag[name],
      );
    }
  });
});
