import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { laptopPayload } from '../support/commands.js';
import { launchBrowser, openPanelAs } from './browser.js';

describe('The audit log in the panel', function () {
  this.timeout(90_000);
  let world: TestWorld;
  let browser: Browser;
  const device = { deviceId: randomUUID(), assetTag: `AUD-${randomUUID().slice(0, 6).toUpperCase()}` };
  const stream = `device-${device.deviceId}`;

  before(async () => {
    [world, browser] = await Promise.all([startTestWorld(), launchBrowser()]);
    const registered = await world.technician.post('/devices', laptopPayload(device));
    expect(registered.status, registered.text).to.equal(201);
    const handed = await world.technician.post(`/devices/${device.deviceId}/assign`, {
      personId: world.employeePersonId,
    });
    expect(handed.status, handed.text).to.equal(200);
    await world.settle();
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  /** Opens `path` in a fresh browser and logs `email` in through the form. */
  const openAs = (email: string, path = '/') => openPanelAs(browser, world.url, email, { path });
  /** The row of one event of the test's device. */
  const row = (page: Page, type: string) =>
    page.locator(`tr[data-event="${type}"]:has(td[data-stream="${stream}"])`);
  /** The event types of the table's rows, top to bottom. */
  const typesOf = async (page: Page) => {
    const rows = page.locator('tbody tr');
    const types: Array<string | null> = [];
    for (let index = 0; index < (await rows.count()); index += 1) {
      types.push(await rows.nth(index).getAttribute('data-event'));
    }
    return types;
  };

  it("shows an auditor the device's events in words, filters them by type and date, and links the CSV", async () => {
    const page = await openAs(world.auditorA.email);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await row(page, 'DeviceAssigned').waitFor();
    expect(await row(page, 'DeviceRegistered').getByRole('rowheader').textContent()).to.equal(
      'Device registered',
    );
    expect(await row(page, 'DeviceAssigned').getByRole('rowheader').textContent()).to.equal(
      'Device assigned',
    );
    expect(await row(page, 'DeviceAssigned').locator('td').allTextContents()).to.include('Technician');
    // The entity is named by its asset tag and leads to the device's page.
    await row(page, 'DeviceAssigned')
      .getByRole('link', { name: `Device ${device.assetTag}` })
      .waitFor();
    expect(
      await row(page, 'DeviceAssigned')
        .getByRole('link', { name: `Device ${device.assetTag}` })
        .getAttribute('href'),
    ).to.equal(`/devices/${device.deviceId}`);
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).to.equal(
      '/api/v1/audit-log?format=csv',
    );

    await page.getByLabel('Event type').selectOption('DeviceAssigned');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await row(page, 'DeviceRegistered').waitFor({ state: 'detached' });
    await row(page, 'DeviceAssigned').waitFor();
    const types = await typesOf(page);
    expect(types).to.not.be.empty;
    expect(new Set(types)).to.deep.equal(new Set(['DeviceAssigned']));
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).to.equal(
      '/api/v1/audit-log?type=DeviceAssigned&format=csv',
    );
    expect(new URL(page.url()).search).to.equal('?type=DeviceAssigned');

    // Dates typed in local time reach the API as instants: nothing was recorded in 2099.
    await page.getByLabel('From').fill('2099-01-01T00:00');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await page.getByText('No event matches this filter.').waitFor();
    expect(new URL(page.url()).searchParams.get('from')).to.equal(
      // The browser runs in this machine's time zone, like the test.
      new Date('2099-01-01T00:00').toISOString(),
    );
    await page.getByRole('button', { name: 'Clear filter' }).click();
    await row(page, 'DeviceRegistered').waitFor();
    await page.context().close();
  });

  it("opens a device's full history with both events in order and its data behind Details", async () => {
    const page = await openAs(world.auditorA.email, '/audit-log');
    await row(page, 'DeviceRegistered').getByRole('link', { name: 'full history' }).click();
    await page.getByRole('heading', { name: 'History of a device' }).waitFor();
    expect(new URL(page.url()).pathname).to.equal(`/history/${stream}`);
    await page.getByRole('link', { name: `Open: Device ${device.assetTag}` }).waitFor();
    const events = page.locator('tbody tr');
    await events.nth(1).waitFor();
    expect(await typesOf(page)).to.deep.equal(['DeviceRegistered', 'DeviceAssigned']);
    expect(await events.getByRole('rowheader').allTextContents()).to.deep.equal([
      'Device registered',
      'Device assigned',
    ]);
    const data = events.first().locator('pre');
    expect(await data.isVisible()).to.equal(false);
    await events.first().getByText('Show data').click();
    await data.waitFor({ state: 'visible' });
    expect(JSON.parse((await data.textContent()) ?? '{}')).to.include({
      assetTag: device.assetTag,
      deviceId: device.deviceId,
    });
    await page.context().close();
  });

  it('hides the audit log from an employee: no menu entry, and its address says not found', async () => {
    const page = await openAs(world.employeeA.email);
    const menu = page.getByRole('navigation', { name: 'Menu' });
    await menu.getByRole('link', { name: 'Devices' }).waitFor();
    expect(await menu.getByRole('link', { name: 'Audit log' }).count()).to.equal(0);
    await page.goto(`${world.url}/audit-log`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).to.match(/^Not found/);
    expect(await page.getByRole('heading', { name: 'Audit log' }).count()).to.equal(0);
    await page.context().close();
  });

  it('speaks Polish in the audit log and the history after switching the language', async () => {
    const page = await openAs(world.auditorA.email);
    await page.getByRole('link', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Language').selectOption('pl');
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Dziennik zdarzeń' })
      .click();
    await page.getByRole('heading', { name: 'Dziennik zdarzeń' }).waitFor();
    await row(page, 'DeviceAssigned').waitFor();
    expect(await row(page, 'DeviceAssigned').getByRole('rowheader').textContent()).to.equal(
      'Przydzielono urządzenie',
    );
    expect(await row(page, 'DeviceAssigned').locator('td').allTextContents()).to.include('Technik');
    await page.getByLabel('Rodzaj zdarzenia').waitFor();
    await row(page, 'DeviceAssigned').getByRole('link', { name: 'pełna historia' }).click();
    await page.getByRole('heading', { name: 'Historia urządzenia' }).waitFor();
    await page.getByText('Pokaż dane').first().waitFor();
    await page.context().close();
  });
});
