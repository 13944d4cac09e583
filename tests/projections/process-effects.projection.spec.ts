import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { type Kysely, sql } from 'kysely';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { assignDevice, registerDevice } from '../../commands/device/device-command-handlers.js';
import { grantAccess, registerPerson, startPerson } from '../../commands/person/person-command-handlers.js';
import {
  completeProcessTask,
  recordStepEffectOutcome,
  startProcess,
} from '../../commands/process/process-command-handlers.js';
import type { EffectResult } from '../../domain/process/index.js';
import type { Role } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import {
  createProjectionRunner,
  deviceProjection,
  type ProcessCardStep,
  type ProcessCardTables,
  type ProjectionRunner,
  personProjection,
  processCard,
  processProjection,
  rebuildProjection,
} from '../../projections/index.js';
import { laptopPayload } from '../support/commands.js';
import { openProjectionHarness } from '../support/projections.js';

const tenantA = randomUUID();
const tenantB = randomUUID();
const as = (role: Role, { tenantId = tenantA, now = '2026-03-02T10:00:00.000Z' } = {}): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId,
  actor: { id: `${role}-1`, role },
  now,
});

describe("Process projection: what each step's effect is about and how it went", function () {
  this.timeout(60_000);
  let store: EventStore;
  let db: Kysely<ProcessCardTables>;
  let runner: ProjectionRunner;

  const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env: CommandEnvelope) =>
    executeCommand({ store }, definition, payload, env);
  const settled = async (result: { checkpoint: string | undefined }) => {
    expect(await runner.waitForCheckpoint(result.checkpoint as string, 5_000)).to.equal(true);
  };
  const stepsOf = async (processId: string, tenantId = tenantA) => {
    const card = await processCard(db, tenantId, processId);
    return new Map((card?.steps ?? []).map((step) => [step.step_key, step]));
  };
  const step = (steps: Map<string, ProcessCardStep>, key: string) => {
    const found = steps.get(key);
    expect(found, key).to.not.equal(undefined);
    return found as ProcessCardStep;
  };

  const activePerson = async (tenantId = tenantA) => {
    const personId = randomUUID();
    await run(
      registerPerson,
      {
        personId,
        name: 'Olga Odchodząca',
        email: `olga.${personId.slice(0, 8)}@example.pl`,
        department: 'Finance',
        costCentre: 'CC-200',
        plannedStart: '2025-02-01',
      },
      as('technician', { tenantId }),
    );
    await run(startPerson, { personId }, as('technician', { tenantId }));
    return personId;
  };

  /** A person holding two laptops and a VPN access, and the offboarding started for them. */
  const offboarding = async () => {
    const personId = await activePerson();
    const laptops = [
      laptopPayload({ assetTag: `LAP-A-${randomUUID().slice(0, 6)}`, model: 'ThinkPad T14' }),
      laptopPayload({ assetTag: `LAP-B-${randomUUID().slice(0, 6)}`, model: 'MacBook Air' }),
    ];
    for (const laptop of laptops) {
      await run(registerDevice, laptop, as('technician'));
      await run(assignDevice, { deviceId: laptop.deviceId, personId }, as('technician'));
    }
    const accessId = randomUUID();
    await run(
      grantAccess,
      { personId, accessId, system: 'VPN', monthlyCost: { amount: 4900, currency: 'PLN' } },
      as('technician'),
    );
    const processId = randomUUID();
    const started = await run(
      startProcess,
      { processId, scenarioId: 'offboarding', parameters: { personId, lastDay: '2026-03-31' } },
      as('client_manager'),
    );
    await settled(started);
    return { personId, laptops, accessId, processId };
  };

  beforeEach(async () => {
    ({ store, db, runner } = await openProjectionHarness<ProcessCardTables>([
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

  it('names the device of each collect step and the access of the revoke step of an offboarding', async () => {
    const { personId, laptops, accessId, processId } = await offboarding();
    const steps = await stepsOf(processId);
    const [first, second] = laptops as [ReturnType<typeof laptopPayload>, ReturnType<typeof laptopPayload>];

    expect(step(steps, 'back-up-data').effect).to.equal(null);
    expect(step(steps, 'collect-device-1').effect).to.deep.equal({
      type: 'return_device',
      args: {
        deviceId: { value: first.deviceId },
        personId: { value: personId },
        condition: { outcome: 'condition', step: 'collect-device-1' },
      },
      device: { deviceId: first.deviceId, assetTag: first.assetTag, model: 'ThinkPad T14' },
    });
    expect(step(steps, 'collect-device-2').effect?.device).to.deep.equal({
      deviceId: second.deviceId,
      assetTag: second.assetTag,
      model: 'MacBook Air',
    });
    expect(step(steps, 'revoke-access-1').effect).to.deep.equal({
      type: 'revoke_access',
      args: { accessId: { value: accessId }, personId: { value: personId } },
      access: { accessId, system: 'VPN' },
    });
    expect(step(steps, 'depart-person').effect).to.deep.equal({
      type: 'depart_person',
      args: { personId: { value: personId } },
    });
    expect([...steps.values()].map((s) => s.effectOutcome)).to.deep.equal([null, null, null, null, null]);
    expect(await processCard(db, tenantB, processId)).to.equal(undefined);
  });

  it("records an applied effect and a failed one, with the failure's code and message, on their steps", async () => {
    const { processId } = await offboarding();
    const complete = (stepKey: string, condition: string) =>
      run(completeProcessTask, { processId, stepKey, outcome: { condition } }, as('technician'));
    const record = (stepKey: string, result: EffectResult, now: string) =>
      recordStepEffectOutcome({ store }, as('msp_admin', { now }), { processId, stepKey, result });

    await settled(await complete('collect-device-1', 'good'));
    const pending = step(await stepsOf(processId), 'collect-device-1');
    expect(pending).to.include({ status: 'done', effect_status: 'pending', effectOutcome: null });
    expect(pending.effect?.args.condition).to.deep.equal({
      outcome: 'condition',
      step: 'collect-device-1',
      value: 'good',
    });

    await complete('collect-device-2', 'worn');
    await record('collect-device-1', { status: 'applied' }, '2026-03-02T11:00:00.000Z');
    await settled(
      await record(
        'collect-device-2',
        { status: 'failed', errorCode: 'DEVICE_NOT_ASSIGNED', message: 'The device is not assigned' },
        '2026-03-02T11:05:00.000Z',
      ),
    );
    const steps = await stepsOf(processId);
    expect(step(steps, 'collect-device-1').effectOutcome).to.deep.equal({
      status: 'applied',
      appliedAt: '2026-03-02T11:00:00.000Z',
    });
    expect(step(steps, 'collect-device-2').effectOutcome).to.deep.equal({
      status: 'failed',
      errorCode: 'DEVICE_NOT_ASSIGNED',
      message: 'The device is not assigned',
      failedAt: '2026-03-02T11:05:00.000Z',
    });
    expect(step(steps, 'collect-device-2')).to.include({ effect_status: 'failed' });
    expect(step(steps, 'revoke-access-1').effectOutcome).to.equal(null);

    // A retry that succeeds replaces the failure.
    await settled(await record('collect-device-2', { status: 'applied' }, '2026-03-02T12:00:00.000Z'));
    expect(step(await stepsOf(processId), 'collect-device-2').effectOutcome).to.deep.equal({
      status: 'applied',
      appliedAt: '2026-03-02T12:00:00.000Z',
    });
  });

  it("shows an onboarding's hand-over waiting for the prepared laptop, then naming it once it is prepared", async () => {
    const personId = await activePerson();
    const laptop = laptopPayload({ model: 'Latitude 5440' });
    await run(registerDevice, laptop, as('technician'));
    const processId = randomUUID();
    await settled(
      await run(
        startProcess,
        { processId, scenarioId: 'onboarding-office', parameters: { personId, startDate: '2026-04-01' } },
        as('client_manager'),
      ),
    );
    const planned = step(await stepsOf(processId), 'hand-over-laptop');
    expect(planned.effect).to.deep.equal({
      type: 'assign_device',
      args: {
        deviceId: { outcome: 'deviceId', step: 'prepare-laptop' },
        personId: { value: personId },
      },
      device: null,
    });
    expect(step(await stepsOf(processId), 'create-account').effect?.args.system).to.deep.equal({
      value: 'e-mail',
    });

    await settled(
      await run(
        completeProcessTask,
        { processId, stepKey: 'prepare-laptop', outcome: { deviceId: laptop.deviceId } },
        as('technician'),
      ),
    );
    const prepared = step(await stepsOf(processId), 'hand-over-laptop');
    expect(prepared.status).to.equal('pending');
    expect(prepared.effect?.args.deviceId).to.deep.equal({
      outcome: 'deviceId',
      step: 'prepare-laptop',
      value: laptop.deviceId,
    });
    expect(prepared.effect?.device).to.deep.equal({
      deviceId: laptop.deviceId,
      assetTag: laptop.assetTag,
      model: 'Latitude 5440',
    });
  });

  it('rebuilds the same steps, effects and outcomes from the log', async () => {
    const { processId } = await offboarding();
    await run(
      completeProcessTask,
      { processId, stepKey: 'collect-device-1', outcome: { condition: 'good' } },
      as('technician'),
    );
    await run(completeProcessTask, { processId, stepKey: 'back-up-data' }, as('technician'));
    await run(completeProcessTask, { processId, stepKey: 'revoke-access-1' }, as('technician'));
    await recordStepEffectOutcome({ store }, as('msp_admin'), {
      processId,
      stepKey: 'collect-device-1',
      result: { status: 'applied' },
    });
    await settled(
      await recordStepEffectOutcome({ store }, as('msp_admin'), {
        processId,
        stepKey: 'revoke-access-1',
        result: { status: 'failed', errorCode: 'ACCESS_NOT_FOUND', message: 'No such access' },
      }),
    );
    const live = await processCard(db, tenantA, processId);
    expect(live?.steps.map((s) => s.effectOutcome?.status ?? null)).to.deep.equal([
      null,
      'applied',
      null,
      'failed',
      null,
    ]);

    await rebuildProjection({ db, store, projection: processProjection });
    expect(await processCard(db, tenantA, processId)).to.deep.equal(live);
  });

  it('rebuilds tables of the previous version at start, so the steps get their effects', async () => {
    const { processId, accessId } = await offboarding();
    const before = await processCard(db, tenantA, processId);
    runner.stop();
    // The database as version 1 left it: no effect columns.
    await sql`alter table process_steps drop column effect, drop column effect_outcome`.execute(db);
    await sql`update projection_checkpoints set version = 1 where name = 'processes'`.execute(db);

    runner = createProjectionRunner({ db, store, projections: [processProjection], batchMs: 5 });
    await runner.start();
    const after = await processCard(db, tenantA, processId);
    expect(after).to.deep.equal(before);
    expect(after?.steps.find((s) => s.step_key === 'revoke-access-1')?.effect?.access).to.deep.equal({
      accessId,
      system: 'VPN',
    });
    const { rows } = await sql<{ version: number }>`
      select version from projection_checkpoints where name = 'processes'`.execute(db);
    expect(rows[0]?.version).to.equal(processProjection.version);
  });
});
