import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import {
  answerProcessDecision,
  completeProcessTask,
  skipProcessStep,
  startProcess,
  startProcessStep,
} from '../../commands/process/process-command-handlers.js';
import type { Role } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import { deviceProjection, type ProjectionRunner, personProjection } from '../../projections/index.js';
import { processProjection } from '../../projections/process/process.projection.js';
import {
  decisionsWaiting,
  listProcesses,
  type ProcessCardTables,
  processCard,
} from '../../projections/process/process.queries.js';
import type { ProcessTables } from '../../projections/process/process.tables.js';
import { openProjectionHarness } from '../support/projections.js';

const as = (
  role: Role,
  { tenantId = 'tenant-a', now = '2026-03-02T10:00:00.000Z' } = {},
): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId,
  actor: { id: `${role}-1`, role },
  now,
});

describe('Process projection: list, card with steps, and decisions waiting for the client', () => {
  let store: EventStore;
  let db: Kysely<ProcessTables>;
  let runner: ProjectionRunner;

  // The card also reads the device list and the people's accesses, which the harness projects too.
  const cardDb = () => db as unknown as Kysely<ProcessCardTables>;
  const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env: CommandEnvelope) =>
    executeCommand({ store }, definition, payload, env);
  const settled = async (result: { checkpoint: string | undefined }) => {
    expect(await runner.waitForCheckpoint(result.checkpoint as string, 5_000)).to.equal(true);
  };
  const purchase = async (env = as('client_manager')) => {
    const processId = randomUUID();
    const result = await run(
      startProcess,
      {
        processId,
        scenarioId: 'purchase-request',
        parameters: { deviceKind: 'laptop', justification: 'New hire' },
      },
      env,
    );
    return { processId, result };
  };
  const waitingKeys = async (tenantId = 'tenant-a') =>
    (await decisionsWaiting(db, tenantId)).map((row) => [row.process_id, row.step_key]);

  beforeEach(async () => {
    ({ store, db, runner } = await openProjectionHarness<ProcessTables>([
      processProjection,
      deviceProjection,
      personProjection,
    ]));
  });
  afterEach(async () => {
    runner.stop();
    await store.close();
    await db.destroy();
  });

  it('shows a purchase approval as waiting for the client only between the quote and the answer', async () => {
    const { processId, result } = await purchase();
    await settled(result);
    expect(await waitingKeys()).to.deep.equal([]);

    await run(startProcessStep, { processId, stepKey: 'quote' }, as('technician'));
    const quoted = await run(
      completeProcessTask,
      { processId, stepKey: 'quote', note: '3 offers' },
      as('technician', { now: '2026-03-03T09:00:00.000Z' }),
    );
    await settled(quoted);
    const [waiting] = await decisionsWaiting(db, 'tenant-a');
    expect(waiting).to.include({
      process_id: processId,
      step_key: 'approve-purchase',
      scenario_kind: 'purchase_request',
      title_en: 'Approve the purchase',
    });
    expect(waiting?.waiting_since.toISOString()).to.equal('2026-03-03T09:00:00.000Z');
    expect((await processCard(cardDb(), 'tenant-a', processId))?.waitingForClient).to.deep.equal([
      'approve-purchase',
    ]);

    const answered = await run(
      answerProcessDecision,
      { processId, stepKey: 'approve-purchase', answer: 'approve' },
      as('client_manager'),
    );
    await settled(answered);
    expect(await waitingKeys()).to.deep.equal([]);
    const card = await processCard(cardDb(), 'tenant-a', processId);
    expect(card?.waitingForClient).to.deep.equal([]);
    expect(card?.steps.find((s) => s.step_key === 'approve-purchase')).to.include({
      status: 'done',
      answer: 'approve',
      done_by: 'client_manager-1',
    });
  });

  it('counts progress as done of total, with skipped steps out of both, and records who took a step up', async () => {
    const { processId } = await purchase();
    await run(startProcessStep, { processId, stepKey: 'quote' }, as('technician'));
    await run(completeProcessTask, { processId, stepKey: 'quote' }, as('technician'));
    await run(
      answerProcessDecision,
      { processId, stepKey: 'approve-purchase', answer: 'approve' },
      as('client_manager'),
    );
    await run(startProcessStep, { processId, stepKey: 'order' }, as('msp_admin'));
    const skipped = await run(
      skipProcessStep,
      { processId, stepKey: 'hand-over', reason: 'For stock' },
      as('technician'),
    );
    await settled(skipped);

    const card = await processCard(cardDb(), 'tenant-a', processId);
    expect(card?.process).to.include({
      status: 'running',
      done_steps: 2,
      total_steps: 5,
      title_en: 'Hardware purchase request',
      scenario_id: 'purchase-request',
      scenario_version: 1,
    });
    expect(card?.steps.map((s) => [s.step_key, s.status, s.assignee_id])).to.deep.equal([
      ['quote', 'done', 'technician-1'],
      ['approve-purchase', 'done', null],
      ['order', 'in_progress', 'msp_admin-1'],
      ['receive', 'pending', null],
      ['register-device', 'pending', null],
      ['hand-over', 'skipped', null],
    ]);
    expect(card?.steps[3]?.depends_on).to.deep.equal(['order']);
  });

  it('drops a rejected purchase from the waiting decisions and marks it rejected and finished', async () => {
    const { processId } = await purchase();
    await run(completeProcessTask, { processId, stepKey: 'quote' }, as('technician'));
    const rejected = await run(
      answerProcessDecision,
      { processId, stepKey: 'approve-purchase', answer: 'reject', comment: 'Too expensive' },
      as('client_manager', { now: '2026-03-04T12:00:00.000Z' }),
    );
    await settled(rejected);
    expect(await waitingKeys()).to.deep.equal([]);
    const card = await processCard(cardDb(), 'tenant-a', processId);
    expect(card?.process.status).to.equal('rejected');
    expect(card?.process.finished_at?.toISOString()).to.equal('2026-03-04T12:00:00.000Z');
  });

  it("filters the list by status and kind, pages newest first, and never shows another tenant's", async () => {
    const ids: string[] = [];
    for (const day of ['01', '02', '03']) {
      ids.push((await purchase(as('client_manager', { now: `2026-03-${day}T10:00:00.000Z` }))).processId);
    }
    const first = ids[0] as string;
    await run(completeProcessTask, { processId: first, stepKey: 'quote' }, as('technician'));
    await run(
      answerProcessDecision,
      { processId: first, stepKey: 'approve-purchase', answer: 'reject', comment: 'No budget' },
      as('client_manager'),
    );
    const foreign = await purchase(as('client_manager', { tenantId: 'tenant-b' }));
    await run(
      completeProcessTask,
      { processId: foreign.processId, stepKey: 'quote' },
      as('technician', { tenantId: 'tenant-b' }),
    );
    await settled(foreign.result);
    const settle = await run(
      completeProcessTask,
      { processId: ids[2] as string, stepKey: 'quote' },
      as('technician'),
    );
    await settled(settle);

    const page1 = await listProcesses(db, 'tenant-a', { limit: 2 });
    const page2 = await listProcesses(db, 'tenant-a', { limit: 2, cursor: page1.nextCursor as string });
    expect([...page1.items, ...page2.items].map((p) => p.process_id)).to.deep.equal([...ids].reverse());
    expect(page2.nextCursor).to.equal(undefined);
    expect(
      (await listProcesses(db, 'tenant-a', { status: 'running' })).items.map((p) => p.process_id),
    ).to.deep.equal([ids[2], ids[1]]);
    expect((await listProcesses(db, 'tenant-a', { kind: 'onboarding' })).items).to.deep.equal([]);
    expect(await waitingKeys()).to.deep.equal([[ids[2], 'approve-purchase']]);
    expect(await waitingKeys('tenant-b')).to.deep.equal([[foreign.processId, 'approve-purchase']]);
    expect(await processCard(cardDb(), 'tenant-a', foreign.processId)).to.equal(undefined);
  });
});
