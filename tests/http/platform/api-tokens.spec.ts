import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { laptopPayload } from '../../support/commands.js';
import { request, startTestWorld, type TestWorld } from '../support/test-app.js';
import { problemSummary } from './platform-support.js';

const problem = (status: number, code: string) => ({ status, contentType: 'application/problem+json', code });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('HTTP API tokens', function () {
  this.timeout(60_000);
  let world: TestWorld;
  /** A token of the client manager of tenant A, issued once for the whole block. */
  let issued: {
    status: number;
    tokenId: string;
    secret: string;
    events: string[];
    ids: Record<string, string>;
  };
  before(async () => {
    world = await startTestWorld();
    const answer = await world.mspAdmin.post(`/accounts/${world.managerA.accountId}/tokens`, {
      name: 'CI export',
    });
    issued = { status: answer.status, tokenId: answer.body.ids.tokenId, ...answer.body };
    await world.settle();
  });
  after(() => world?.close());

  const as = (secret: string, path: string, headers: Record<string, string> = {}) =>
    request(world.url, 'GET', `/api/v1${path}`, {
      headers: { Authorization: `Bearer ${secret}`, ...headers },
    });
  const storedText = async (sql: string) => {
    const { rows } = await world.app.database.pool.query<{ text: string }>(sql);
    return rows.map((row) => row.text).join('\n');
  };

  it('lets an msp_admin issue a token and shows its secret in the answer, with the token id the server made', () => {
    expect(issued.status).to.equal(201);
    expect(issued.events).to.deep.equal(['AccountApiTokenIssued']);
    expect(issued.ids).to.deep.equal({ accountId: world.managerA.accountId, tokenId: issued.tokenId });
    expect(issued.tokenId).to.match(/^[0-9a-f-]{36}$/);
    expect(issued.secret).to.match(/^itp_t_[\w-]{43}$/);
  });

  it("authenticates a Bearer request with the secret as the token's account, with that account's roles", async () => {
    const me = await as(issued.secret, '/me');
    expect(me.status).to.equal(200);
    expect(me.body).to.include({ accountId: world.managerA.accountId, tenantId: world.tenantA });
    expect(me.body.roles).to.deep.equal(['client_manager']);
    expect((await as(issued.secret, '/dashboard')).status).to.equal(200);
  });

  it("refuses what the account's roles do not allow, also through a token", async () => {
    const answer = await request(world.url, 'POST', '/api/v1/devices', {
      body: laptopPayload(),
      headers: { Authorization: `Bearer ${issued.secret}` },
    });
    expect(problemSummary(answer)).to.deep.equal(problem(403, 'ROLE_NOT_ALLOWED'));
    const elsewhere = await as(issued.secret, '/me', { 'X-Tenant-Id': world.tenantB });
    expect(problemSummary(elsewhere)).to.deep.equal(problem(404, 'TENANT_NOT_FOUND'));
  });

  it('does not reveal the secret again when the issue is replayed with the same Idempotency-Key', async () => {
    const key = `issue-${randomUUID()}`;
    const body = { name: 'nightly backup check' };
    const path = `/accounts/${world.managerA.accountId}/tokens`;
    const first = await world.mspAdmin.post(path, body, { idempotencyKey: key });
    const replay = await world.mspAdmin.post(path, body, { idempotencyKey: key });
    expect(first.status).to.equal(201);
    expect(first.body.secret).to.match(/^itp_t_/);
    expect(replay.status).to.equal(201);
    expect(replay.headers.get('idempotent-replayed')).to.equal('true');
    expect(replay.body.ids).to.deep.equal(first.body.ids);
    expect(replay.body.secret).to.not.equal(first.body.secret);
    expect(replay.text).to.not.include('itp_t_');
    const kept = await storedText(`select body::text as text from http_idempotency where key = '${key}'`);
    expect(kept).to.include(first.body.ids.tokenId);
    expect(kept).to.not.include(first.body.secret);
    await world.settle();
    expect((await as(first.body.secret, '/me')).status).to.equal(200);
    const { rows } = await world.app.database.pool.query(
      "select 1 from es_events where type = 'AccountApiTokenIssued' and data->>'tokenId' = $1",
      [first.body.ids.tokenId],
    );
    expect(rows).to.have.length(1);
  });

  it('refuses a secret chosen by the client: the server makes it', async () => {
    const answer = await world.mspAdmin.post(`/accounts/${world.managerA.accountId}/tokens`, {
      name: 'mine',
      secret: `itp_t_${'a'.repeat(43)}`,
    });
    expect(problemSummary(answer)).to.deep.equal(problem(400, 'COMMAND_INVALID'));
    expect(answer.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['secret']);
  });

  it('lets only an msp_admin issue tokens', async () => {
    const answer = await world.managerA.post(`/accounts/${world.managerA.accountId}/tokens`, {
      name: 'my own',
    });
    expect(problemSummary(answer)).to.deep.equal(problem(403, 'ROLE_NOT_ALLOWED'));
  });

  it('keeps no plain secret in the event log, the read model or the idempotency records, only its SHA-256', async () => {
    const events = await storedText(
      "select data::text || metadata::text as text from es_events where type = 'AccountApiTokenIssued'",
    );
    const readModel = await storedText('select row_to_json(t)::text as text from account_tokens t');
    const replays = await storedText("select coalesce(body::text, '') as text from http_idempotency");
    for (const [where, text] of Object.entries({ events, readModel, replays })) {
      expect(text, where).to.not.include(issued.secret);
      expect(text, where).to.not.include(issued.secret.slice('itp_t_'.length));
    }
    expect(events).to.include(sha256(issued.secret));
    expect(readModel).to.include(sha256(issued.secret));
  });

  it('refuses a revoked token with 401 TOKEN_INVALID', async () => {
    const answer = await world.mspAdmin.post(`/accounts/${world.managerA.accountId}/tokens`, {
      name: 'to revoke',
    });
    const { tokenId } = answer.body.ids;
    await world.settle();
    expect((await as(answer.body.secret, '/me')).status).to.equal(200);
    const revoked = await world.mspAdmin.post(
      `/accounts/${world.managerA.accountId}/tokens/${tokenId}/revoke`,
      {},
    );
    expect(revoked.status).to.equal(200);
    expect(revoked.body.events).to.deep.equal(['AccountApiTokenRevoked']);
    expect(revoked.body.ids).to.deep.equal({ accountId: world.managerA.accountId, tokenId });
    await world.settle();
    expect(problemSummary(await as(answer.body.secret, '/me'))).to.deep.equal(problem(401, 'TOKEN_INVALID'));
    expect((await as(issued.secret, '/me')).status, 'the other token').to.equal(200);
  });

  it('answers 409 to revoking a token twice and 404 to revoking one that was never issued', async () => {
    const answer = await world.mspAdmin.post(`/accounts/${world.managerA.accountId}/tokens`, {
      name: 'twice',
    });
    const path = `/accounts/${world.managerA.accountId}/tokens/${answer.body.ids.tokenId}/revoke`;
    expect((await world.mspAdmin.post(path, {})).status).to.equal(200);
    expect(problemSummary(await world.mspAdmin.post(path, {}))).to.deep.equal(
      problem(409, 'API_TOKEN_ALREADY_REVOKED'),
    );
    const unknown = await world.mspAdmin.post(
      `/accounts/${world.managerA.accountId}/tokens/${randomUUID()}/revoke`,
      {},
    );
    expect(problemSummary(unknown)).to.deep.equal(problem(404, 'API_TOKEN_NOT_FOUND'));
  });
});
