import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Router } from 'express';
import { laptopPayload } from '../../support/commands.js';
import { type Answer, request } from '../support/test-app.js';
import { type PlatformApp, startPlatformApp } from './platform-support.js';

const internalMessage = 'relation "secret_salaries" does not exist';
const databaseHost = '10.13.37.5:5432';

/** Routes that fail the way a bug or an outage would: the extension point the app offers, not a patch. */
const failingRoutes = () => {
  const router = Router();
  router.get('/test-failures/bug', () => {
    throw new Error(`${internalMessage} (query at /srv/app/projections/salaries.ts:42)`);
  });
  router.get('/test-failures/database-down', () => {
    throw Object.assign(new Error(`connect ECONNREFUSED ${databaseHost}`), { code: 'ECONNREFUSED' });
  });
  return router;
};

const problemKeys = ['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId', 'errors'];

describe('HTTP problem details', function () {
  this.timeout(60_000);
  let platform: PlatformApp;
  before(async () => {
    platform = await startPlatformApp({ extra: failingRoutes });
  });
  after(() => platform?.close());

  const bearer = () => ({ Authorization: `Bearer ${platform.adminToken}` });
  const { deviceId: _id, ...deviceBody } = laptopPayload();

  const rows: Array<{
    name: string;
    status: number;
    code: string;
    send(): Promise<Answer>;
    instance?: string;
  }> = [
    {
      name: 'an unknown route under /api/v1',
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      instance: '/api/v1/no-such-thing?x=1',
      send: () => request(platform.url, 'GET', '/api/v1/no-such-thing?x=1', { headers: bearer() }),
    },
    {
      name: 'an unknown POST route',
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      send: () => request(platform.url, 'POST', '/api/v1/devices/x/fly', { body: {}, headers: bearer() }),
    },
    {
      name: 'a POST outside the API (the panel only answers GETs for its pages)',
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      instance: '/no-such-page',
      send: () => request(platform.url, 'POST', '/no-such-page'),
    },
    {
      name: 'an anonymous request under /api/v1, which learns nothing of the routes',
      status: 401,
      code: 'UNAUTHENTICATED',
      send: () => request(platform.url, 'GET', '/api/v1/no-such-thing'),
    },
    {
      name: 'a body over 100 kB',
      status: 413,
      code: 'BODY_TOO_LARGE',
      send: () =>
        request(platform.url, 'POST', '/api/v1/devices', {
          body: { ...deviceBody, supplier: 'x'.repeat(110_000) },
          headers: bearer(),
        }),
    },
    {
      name: 'malformed JSON',
      status: 400,
      code: 'BODY_NOT_JSON',
      send: () =>
        request(platform.url, 'POST', '/api/v1/devices', {
          rawBody: '{"assetTag": "LAP-1",',
          headers: { ...bearer(), 'Content-Type': 'application/json' },
        }),
    },
    {
      name: 'a JSON string instead of an object',
      status: 400,
      code: 'BODY_NOT_JSON',
      send: () =>
        request(platform.url, 'POST', '/api/v1/devices', {
          rawBody: '"LAP-1"',
          headers: { ...bearer(), 'Content-Type': 'application/json' },
        }),
    },
    {
      name: 'a JSON array instead of an object',
      status: 400,
      code: 'BODY_NOT_AN_OBJECT',
      send: () => request(platform.url, 'POST', '/api/v1/devices', { body: [deviceBody], headers: bearer() }),
    },
    {
      name: 'a text/plain body',
      status: 415,
      code: 'CONTENT_TYPE_UNSUPPORTED',
      send: () =>
        request(platform.url, 'POST', '/api/v1/devices', {
          rawBody: JSON.stringify(deviceBody),
          headers: { ...bearer(), 'Content-Type': 'text/plain' },
        }),
    },
    {
      name: 'a form-encoded body',
      status: 415,
      code: 'CONTENT_TYPE_UNSUPPORTED',
      send: () =>
        request(platform.url, 'POST', '/api/v1/devices', {
          rawBody: 'assetTag=LAP-1',
          headers: { ...bearer(), 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
    },
    {
      name: 'a command payload with a missing and an unknown field',
      status: 400,
      code: 'COMMAND_INVALID',
      send: () => {
        const { assetTag: _tag, ...rest } = deviceBody;
        return request(platform.url, 'POST', '/api/v1/devices', {
          body: { ...rest, colour: 'red' },
          headers: bearer(),
        });
      },
    },
    {
      name: 'a handler failing with an unexpected error',
      status: 500,
      code: 'INTERNAL_ERROR',
      send: () => request(platform.url, 'GET', '/api/v1/test-failures/bug', { headers: bearer() }),
    },
    {
      name: 'a handler failing because the database cannot be reached',
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      send: () => request(platform.url, 'GET', '/api/v1/test-failures/database-down', { headers: bearer() }),
    },
  ];

  for (const row of rows) {
    it(`answers ${row.status} ${row.code} as problem+json, with its request id, to ${row.name}`, async () => {
      const answer = await row.send();
      expect(answer.status, answer.text).to.equal(row.status);
      expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(answer.body.code).to.equal(row.code);
      expect(answer.body.status).to.equal(row.status);
      expect(answer.body.type).to.equal(
        `urn:it-ops-panel:problem:${row.code.toLowerCase().replaceAll('_', '-')}`,
      );
      expect(answer.body.title).to.be.a('string').and.not.equal('');
      expect(answer.body.detail).to.be.a('string').and.not.equal('');
      expect(answer.body.requestId).to.be.a('string').and.equal(answer.headers.get('x-request-id'));
      if (row.instance) expect(answer.body.instance).to.equal(row.instance);
      expect(Object.keys(answer.body).filter((key) => !problemKeys.includes(key))).to.deep.equal([]);
      expect(answer.text, 'a stack frame').to.not.match(/\bat \S+ \(|\.ts:\d+|node_modules/);
    });
  }

  it('names each invalid command field in errors: a missing one by its path, an unknown one as unknown', async () => {
    const { assetTag: _tag, ...rest } = deviceBody;
    const answer = await request(platform.url, 'POST', '/api/v1/devices', {
      body: { ...rest, colour: 'red' },
      headers: bearer(),
    });
    const errors = answer.body.errors as Array<{ path: string; message: string }>;
    expect(errors.map((error) => error.path)).to.have.members(['assetTag', 'colour']);
    expect(errors.find((error) => error.path === 'colour')?.message).to.equal('unknown field');
    expect(errors.find((error) => error.path === 'assetTag')?.message)
      .to.be.a('string')
      .and.not.equal('');
  });

  it('tells nothing of the internal error in a 500: a fixed detail, no message, no stack', async () => {
    const answer = await request(platform.url, 'GET', '/api/v1/test-failures/bug', { headers: bearer() });
    expect(answer.body.detail).to.equal('Something went wrong on our side; it has been logged');
    expect(answer.text).to.not.include('secret_salaries');
    expect(answer.text).to.not.include('/srv/app');
    expect(answer.body).to.not.have.any.keys('stack', 'message', 'cause');
  });

  it('asks to retry later when the database is unreachable, without naming its address', async () => {
    const answer = await request(platform.url, 'GET', '/api/v1/test-failures/database-down', {
      headers: bearer(),
    });
    expect(answer.headers.get('retry-after')).to.equal('5');
    expect(answer.text).to.not.include(databaseHost);
    expect(answer.text).to.not.include('ECONNREFUSED');
  });

  it('echoes a request id the client sends, in the header and in the problem', async () => {
    const id = `trace-${randomUUID()}`;
    const answer = await request(platform.url, 'GET', '/api/no-such-page', {
      headers: { 'X-Request-Id': id },
    });
    expect(answer.headers.get('x-request-id')).to.equal(id);
    expect(answer.body.requestId).to.equal(id);
    const ok = await request(platform.url, 'GET', '/healthz', { headers: { 'X-Request-Id': id } });
    expect(ok.headers.get('x-request-id')).to.equal(id);
  });

  it('replaces a request id that is not a short token with one of its own', async () => {
    for (const sent of ['has spaces in it', 'x'.repeat(101), 'semi;colon']) {
      const answer = await request(platform.url, 'GET', '/api/no-such-page', {
        headers: { 'X-Request-Id': sent },
      });
      expect(answer.headers.get('x-request-id'), sent).to.match(/^[0-9a-f-]{36}$/);
      expect(answer.body.requestId, sent).to.equal(answer.headers.get('x-request-id'));
    }
  });

  it('gives every request an id of its own when the client sends none', async () => {
    const ids = new Set<string | null>();
    for (let i = 0; i < 3; i += 1)
      ids.add((await request(platform.url, 'GET', '/healthz')).headers.get('x-request-id'));
    expect([...ids].every((id) => typeof id === 'string' && id.length > 0)).to.equal(true);
    expect(ids.size).to.equal(3);
  });
});
