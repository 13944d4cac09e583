import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import {
  type CommandDefinition,
  CommandValidationError,
  executeCommand,
} from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { heldDevices } from '../../commands/device/custody.js';
import { assignDevice, registerDevice } from '../../commands/device/device-command-handlers.js';
import { loadAggregate } from '../../commands/handle-command.js';
import { grantAccess, registerPerson, startPerson } from '../../commands/person/person-command-handlers.js';
import {
  addTenantScenario,
  answerProcessDecision,
  completeProcessTask,
  startProcess,
} from '../../commands/process/process-command-handlers.js';
import { reactToProcessEvent, startProcessManager } from '../../commands/process/process-manager.js';
import { deviceStream, personStream, processStream } from '../../commands/streams.js';
import { deviceDecider } from '../../domain/device/index.js';
import { activeAccesses, personDecider } from '../../domain/person/index.js';
import { processDecider, processProgress } from '../../domain/process/index.js';
import type { Role } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import { failureOf, laptopPayload as laptop } from '../support/commands.js';
import { collect } from '../support/events.js';
import { printerSetup } from '../support/scenarios.js';
import { commandStores } from '../support/stores.js';

const tenantId = 'tenant-a';
const as = (role: Role): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId,
  actor: { id: `${role}-1`, role },
  now: '2026-03-02T10:00:00.000Z',
});

for (const { name, create } of commandStores()) {
  describe(`Processes end to end at the command level (${name})`, () => {
    let store: EventStore;
    let handledUpTo: string | undefined;
    const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, role: Role = 'technician') =>
      executeCommand({ store }, definition, payload, as(role));
    /** What a running process manager would do: react to every event not handled yet, in log order. */
    const manage = async () => {
      for await (const event of store.readAll(handledUpTo === undefined ? {} : { after: handledUpTo })) {
        await reactToProcessEvent({ store }, event);
        handledUpTo = event.checkpoint;
      }
    };
    const processState = async (processId: string) =>
      (await loadAggregate(store, processStream(processId), processDecider, tenantId)).state;

    beforeEach(async () => {
      store = await create();
      handledUpTo = undefined;
    });
    afterEach(async () => {
      await store.close();
    });

    const activePerson = async () => {
      const personId = randomUUID();
      await run(registerPerson, {
        personId,
        name: 'Anna Nowak',
        email: `anna.${personId.slice(0, 8)}@example.pl`,
        department: 'Sales',
        costCentre: 'CC-100',
        plannedStart: '2026-01-05',
      });
      await run(startPerson, { personId });
      return personId;
    };

    it('offboards a person with 2 devices and 3 accesses: all returned and revoked, then departed', async () => {
      const personId = await activePerson();
      const devices = [laptop(), laptop()];
      for (const device of devices) {
        await run(registerDevice, device);
        await run(assignDevice, { deviceId: device.deviceId, personId });
      }
      for (const system of ['e-mail', 'VPN', 'ERP']) {
        await run(grantAccess, {
          personId,
          accessId: randomUUID(),
          system,
          monthlyCost: { amount: 2500, currency: 'PLN' },
        });
      }

      const processId = randomUUID();
      await run(
        startProcess,
        { processId, scenarioId: 'offboarding', parameters: { personId, lastDay: '2026-03-31' } },
        'client_manager',
      );
      await manage();
      const started = await processState(processId);
      expect(started.status).to.equal('running');
      const keys = started.status === 'running' ? started.steps.map((s) => s.step.key) : [];
      expect(keys).to.include.members([
        'collect-device-1',
        'collect-device-2',
        'revoke-access-1',
        'revoke-access-2',
        'revoke-access-3',
      ]);
      expect(
        (await loadAggregate(store, personStream(personId), personDecider, tenantId)).state.status,
      ).to.equal('leaving');

      await run(completeProcessTask, { processId, stepKey: 'back-up-data' });
      for (const stepKey of ['collect-device-1', 'collect-device-2']) {
        await run(completeProcessTask, { processId, stepKey, outcome: { condition: 'good' } });
      }
      for (const stepKey of ['revoke-access-1', 'revoke-access-2', 'revoke-access-3']) {
        await run(completeProcessTask, { processId, stepKey });
      }
      await manage();
      await run(completeProcessTask, { processId, stepKey: 'depart-person' });
      await manage();

      const finished = await processState(processId);
      expect(finished.status).to.equal('completed');
      expect(processProgress(finished)).to.include({ done: 7, total: 7 });
      if (finished.status === 'completed') {
        const effects = finished.steps.flatMap((s) =>
          s.status === 'done' && s.result.kind === 'task' && s.result.effect
            ? [s.result.effect.progress.status]
            : [],
        );
        expect(effects).to.deep.equal(Array(6).fill('applied'));
      }
      const person = (await loadAggregate(store, personStream(personId), personDecider, tenantId)).state;
      expect(person.status).to.equal('departed');
      if (person.status === 'departed') expect(activeAccesses(person)).to.deep.equal([]);
      expect(await heldDevices(store, tenantId, personId)).to.deep.equal([]);
      for (const device of devices) {
        const state = (await loadAggregate(store, deviceStream(device.deviceId), deviceDecider, tenantId))
          .state;
        expect(state.status).to.equal('in_stock');
      }

      // a restarted process manager sees every event again and changes nothing
      const before = (await collect(store.readAll())).length;
      handledUpTo = undefined;
      await manage();
      expect((await collect(store.readAll())).length).to.equal(before);
    });

    it('runs live: a started offboarding marks the person as leaving without anyone polling', async () => {
      const personId = await activePerson();
      const handled: string[] = [];
      const errors: unknown[] = [];
      const manager = startProcessManager(
        { store },
        { onHandled: (checkpoint) => handled.push(checkpoint), onError: (error) => errors.push(error) },
      );
      try {
        const processId = randomUUID();
        const started = await run(
          startProcess,
          { processId, scenarioId: 'offboarding', parameters: { personId, lastDay: '2026-03-31' } },
          'client_manager',
        );
        const deadline = Date.now() + 10_000;
        let status = '';
        while (Date.now() < deadline) {
          status = (await loadAggregate(store, personStream(personId), personDecider, tenantId)).state.status;
          if (status === 'leaving') break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(status).to.equal('leaving');
        expect(handled).to.include(started.checkpoint);
        expect(errors).to.deep.equal([]);
      } finally {
        manager.unsubscribe();
      }
    });

    it('records a refused effect on the step instead of losing it: departing while a device is still held', async () => {
      const personId = await activePerson();
      const device = laptop();
      await run(registerDevice, device);
      await run(assignDevice, { deviceId: device.deviceId, personId });
      const processId = randomUUID();
      await run(
        startProcess,
        { processId, scenarioId: 'offboarding', parameters: { personId, lastDay: '2026-03-31' } },
        'client_manager',
      );
      await manage();
      await run(completeProcessTask, { processId, stepKey: 'back-up-data' });
      // the collection is completed with a condition the device side refuses, so the device stays held
      await run(completeProcessTask, {
        processId,
        stepKey: 'collect-device-1',
        outcome: { condition: 'lost-in-taxi' },
      });
      await run(completeProcessTask, { processId, stepKey: 'depart-person' });
      await manage();
      const state = await processState(processId);
      const failures =
        state.status === 'not_started'
          ? []
          : state.steps.flatMap((s) =>
              s.status === 'done' && s.result.kind === 'task' && s.result.effect?.progress.status === 'failed'
                ? [[s.step.key, s.result.effect.progress.errorCode]]
                : [],
            );
      expect(failures).to.deep.equal([
        ['collect-device-1', 'COMMAND_INVALID'],
        ['depart-person', 'PERSON_HOLDS_DEVICES'],
      ]);
      expect(
        (await loadAggregate(store, personStream(personId), personDecider, tenantId)).state.status,
      ).to.equal('leaving');
    });

    it('takes a purchase request through approval to a registered device handed to a person', async () => {
      const personId = await activePerson();
      const processId = randomUUID();
      await run(
        startProcess,
        {
          processId,
          scenarioId: 'purchase-request',
          parameters: { deviceKind: 'laptop', justification: 'New hire', personId },
        },
        'client_manager',
      );
      await run(completeProcessTask, { processId, stepKey: 'quote', note: 'ThinkPad T14, 5 499 zł' });
      await run(
        answerProcessDecision,
        { processId, stepKey: 'approve-purchase', answer: 'approve' },
        'client_manager',
      );
      await run(completeProcessTask, { processId, stepKey: 'order' });
      await run(completeProcessTask, { processId, stepKey: 'receive' });
      const device = laptop();
      const { deviceId: _, kind: __, purchaseCost, ...facts } = device;
      const deviceId = randomUUID();
      await run(completeProcessTask, {
        processId,
        stepKey: 'register-device',
        outcome: {
          deviceId,
          ...facts,
          purchaseCostAmount: purchaseCost.amount,
          purchaseCostCurrency: purchaseCost.currency,
        },
      });
      await manage();
      await run(completeProcessTask, { processId, stepKey: 'hand-over' });
      await manage();

      const state = await processState(processId);
      expect(state.status).to.equal('completed');
      const registered = (await loadAggregate(store, deviceStream(deviceId), deviceDecider, tenantId)).state;
      expect(registered).to.include({ status: 'assigned', holderId: personId });
      expect(await heldDevices(store, tenantId, personId)).to.deep.equal([deviceId]);
    });

    it('ends a purchase request the client rejects, with nothing ordered', async () => {
      const processId = randomUUID();
      await run(
        startProcess,
        {
          processId,
          scenarioId: 'purchase-request',
          parameters: { deviceKind: 'monitor', justification: 'Second screen' },
        },
        'client_manager',
      );
      await run(completeProcessTask, { processId, stepKey: 'quote' });
      const refused = await run(
        answerProcessDecision,
        { processId, stepKey: 'approve-purchase', answer: 'reject' },
        'technician',
      ).catch((e: unknown) => e);
      expect(refused).to.include({ code: 'ROLE_NOT_ALLOWED' });
      await run(
        answerProcessDecision,
        { processId, stepKey: 'approve-purchase', answer: 'reject', comment: 'Not this quarter' },
        'client_manager',
      );
      expect((await processState(processId)).status).to.equal('rejected');
      const order = await run(completeProcessTask, { processId, stepKey: 'order' }).catch((e: unknown) => e);
      expect(order).to.include({ code: 'PROCESS_NOT_RUNNING' });
    });
  });
}

for (const { name, create } of commandStores()) {
  describe(`A tenant's own scenarios through commands (${name})`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('starts a process from a scenario the tenant added, and no other tenant can', async () => {
      await executeCommand({ store }, addTenantScenario, { scenario: printerSetup() }, as('msp_admin'));
      const personId = randomUUID();
      const processId = randomUUID();
      await executeCommand(
        { store },
        startProcess,
        { processId, scenarioId: 'printer-setup', parameters: { personId } },
        as('client_manager'),
      );
      const state = (await loadAggregate(store, processStream(processId), processDecider, tenantId)).state;
      expect(processProgress(state).waitingForClient).to.deep.equal(['approve']);
      const elsewhere = await failureOf(
        executeCommand(
          { store },
          startProcess,
          { processId: randomUUID(), scenarioId: 'printer-setup', parameters: { personId } },
          { ...as('client_manager'), tenantId: 'tenant-b' },
        ),
      );
      expect(elsewhere).to.include({ code: 'SCENARIO_NOT_FOUND', kind: 'not_found' });
    });

    it('refuses a scenario payload of the wrong shape, naming the field', async () => {
      const error = await failureOf(
        executeCommand(
          { store },
          addTenantScenario,
          { scenario: { ...printerSetup(), steps: 'none' } },
          as('msp_admin'),
        ),
      );
      expect(error).to.be.instanceOf(CommandValidationError);
      expect((error as CommandValidationError).issues.map((i) => i.path)).to.include('scenario.steps');
    });
  });
}
