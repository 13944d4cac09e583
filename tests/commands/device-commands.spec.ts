import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import {
  type CommandDefinition,
  CommandValidationError,
  executeCommand,
} from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { heldDevices } from '../../commands/device/custody.js';
import {
  assignDevice,
  registerDevice,
  retireDevice,
  returnDevice,
  sendDeviceToService,
  transferDevice,
} from '../../commands/device/device-command-handlers.js';
import { handleCommand } from '../../commands/handle-command.js';
import { deviceStream } from '../../commands/streams.js';
import { personDecider } from '../../domain/person/index.js';
import { DomainError, type Role } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import { failureOf, laptopPayload as laptop } from '../support/commands.js';
import { collect } from '../support/events.js';
import { commandStores } from '../support/stores.js';

const envelope = (overrides: Partial<CommandEnvelope> = {}, role: Role = 'technician'): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId: 'tenant-a',
  actor: { id: 'tech-1', role },
  now: '2026-03-02T10:00:00.000Z',
  ...overrides,
});

for (const { name, create } of commandStores()) {
  describe(`Device commands (${name})`, () => {
    let store: EventStore;
    const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env = envelope()) =>
      executeCommand({ store }, definition, payload, env);

    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('registers a device and answers with its stream, revision and checkpoint', async () => {
      const device = laptop();
      const result = await run(registerDevice, device);
      expect(result).to.include({ stream: deviceStream(device.deviceId), revision: 0n });
      expect(result.checkpoint).to.be.a('string');
      const [event] = await collect(store.readStream(deviceStream(device.deviceId)));
      expect(event?.type).to.equal('DeviceRegistered');
      expect(event?.metadata).to.include({ tenantId: 'tenant-a', schemaVersion: 2 });
    });

    it('stores the events of a repeated command once and answers as the first time', async () => {
      const device = laptop();
      const env = envelope();
      const first = await run(registerDevice, device, env);
      const again = await run(registerDevice, device, env);
      expect(again).to.deep.equal(first);
      const service = envelope();
      const sent = await run(
        sendDeviceToService,
        { deviceId: device.deviceId, reason: 'Fan', serviceProvider: 'X' },
        service,
      );
      const sentAgain = await run(
        sendDeviceToService,
        { deviceId: device.deviceId, reason: 'Fan', serviceProvider: 'X' },
        service,
      );
      expect(sentAgain).to.deep.equal(sent);
      expect(await collect(store.readStream(deviceStream(device.deviceId)))).to.have.length(2);
    });

    it('lets exactly one of two conflicting commands on one device win; the other gets a clear error', async () => {
      const device = laptop();
      await run(registerDevice, device);
      const outcomes = await Promise.allSettled([
        run(retireDevice, {
          deviceId: device.deviceId,
          reason: 'sold',
          residualValue: { amount: 1000, currency: 'PLN' },
          note: '',
        }),
        run(sendDeviceToService, { deviceId: device.deviceId, reason: 'Screen', serviceProvider: 'X' }),
      ]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).to.have.length(1);
      expect(lost).to.have.length(1);
      const refusal = lost[0]?.reason as DomainError;
      expect(refusal).to.be.instanceOf(DomainError);
      expect(['DEVICE_FINAL', 'DEVICE_NOT_IN_STOCK']).to.include(refusal.code);
      const events = await collect(store.readStream(deviceStream(device.deviceId)));
      expect(events.map((e) => e.streamRevision)).to.deep.equal([0n, 1n]);
    });

    it('registers exactly one of 20 devices racing for the same asset tag', async () => {
      const assetTag = `TAG-${randomUUID().slice(0, 6)}`;
      const devices = Array.from({ length: 20 }, (_, i) =>
        laptop({ assetTag: i % 2 ? assetTag : assetTag.toLowerCase() }),
      );
      const outcomes = await Promise.allSettled(devices.map((device) => run(registerDevice, device)));
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      expect(won).to.have.length(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          expect(outcome.reason).to.be.instanceOf(DomainError);
          expect(outcome.reason).to.include({ code: 'DEVICE_ASSET_TAG_TAKEN', kind: 'conflict' });
        }
      }
      const registered = await Promise.all(
        devices.map(
          async (device) => (await collect(store.readStream(deviceStream(device.deviceId)))).length,
        ),
      );
      expect(registered.reduce((a, b) => a + b, 0)).to.equal(1);
    });

    it('refuses a serial number already in use and frees the asset tag it had reserved', async () => {
      const first = laptop();
      await run(registerDevice, first);
      const clash = laptop({ serialNumber: first.serialNumber });
      const error = await failureOf(run(registerDevice, clash));
      expect(error).to.include({ code: 'DEVICE_SERIAL_NUMBER_TAKEN' });
      await run(registerDevice, laptop({ assetTag: clash.assetTag }));
    });

    it("answers another tenant's device as not found", async () => {
      const device = laptop();
      await run(registerDevice, device);
      const error = await failureOf(
        run(
          sendDeviceToService,
          { deviceId: device.deviceId, reason: 'x', serviceProvider: 'y' },
          envelope({ tenantId: 'tenant-b' }),
        ),
      );
      expect(error).to.include({ kind: 'not_found' });
    });

    it('refuses a payload that does not match the schema, naming the fields', async () => {
      const error = await failureOf(
        run(registerDevice, { ...laptop(), purchaseDate: '15.01.2025', colour: 'red' }),
      );
      expect(error).to.be.instanceOf(CommandValidationError);
      const paths = (error as CommandValidationError).issues.map((i) => i.path);
      expect(paths).to.include('purchaseDate');
      expect(paths).to.include('colour');
    });

    const registerPerson = async (tenantId = 'tenant-a') => {
      const personId = randomUUID();
      const env = envelope({ tenantId });
      await handleCommand(
        store,
        personDecider,
        `person-${personId}`,
        {
          type: 'RegisterPerson',
          data: {
            personId,
            name: 'Anna Nowak',
            email: `anna.${personId.slice(0, 8)}@example.pl`,
            department: 'Sales',
            costCentre: 'CC-100',
            plannedStart: '2026-01-05',
          },
          meta: { tenantId, actor: env.actor, now: env.now },
        },
        env,
      );
      return personId;
    };

    it('hands a device to a person and back, keeping what the person holds in step', async () => {
      const anna = await registerPerson();
      const device = laptop();
      await run(registerDevice, device);
      const env = envelope();
      await run(assignDevice, { deviceId: device.deviceId, personId: anna }, env);
      await run(assignDevice, { deviceId: device.deviceId, personId: anna }, env); // a retry changes nothing
      expect(await heldDevices(store, 'tenant-a', anna)).to.deep.equal([device.deviceId]);
      await run(returnDevice, { deviceId: device.deviceId, condition: 'good', note: '' });
      expect(await heldDevices(store, 'tenant-a', anna)).to.deep.equal([]);
    });

    it('moves what is held from one person to the other on a transfer', async () => {
      const [anna, bartek] = [await registerPerson(), await registerPerson()];
      const device = laptop();
      await run(registerDevice, device);
      await run(assignDevice, { deviceId: device.deviceId, personId: anna });
      await run(transferDevice, { deviceId: device.deviceId, toPersonId: bartek, fromPersonId: anna });
      expect(await heldDevices(store, 'tenant-a', anna)).to.deep.equal([]);
      expect(await heldDevices(store, 'tenant-a', bartek)).to.deep.equal([device.deviceId]);
    });

    it('refuses to hand a device to a person who does not exist here', async () => {
      const foreigner = await registerPerson('tenant-b');
      const device = laptop();
      await run(registerDevice, device);
      for (const personId of [foreigner, randomUUID()]) {
        const error = await failureOf(run(assignDevice, { deviceId: device.deviceId, personId }));
        expect(error).to.include({ code: 'PERSON_NOT_FOUND', kind: 'not_found' });
      }
      expect(await collect(store.readStream(deviceStream(device.deviceId)))).to.have.length(1);
    });

    it('refuses a role that may not send the command', async () => {
      const error = await failureOf(run(registerDevice, laptop(), envelope({}, 'employee')));
      expect(error).to.include({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' });
    });
  });
}
