import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { request, startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { laptopPayload } from '../support/commands.js';
import { launchBrowser, openPanelAs } from './browser.js';

describe('Devices and people in the panel', function () {
  this.timeout(90_000);
  let world: TestWorld;
  let browser: Browser;
  const run = randomUUID().slice(0, 6).toUpperCase();
  const assigned = { deviceId: randomUUID(), assetTag: `PNL-A-${run}` };
  const inStock = { deviceId: randomUUID(), assetTag: `PNL-S-${run}` };

  before(async () => {
    [world, browser] = await Promise.all([startTestWorld(), launchBrowser()]);
    for (const device of [assigned, inStock]) {
      const registered = await world.technician.post('/devices', laptopPayload(device));
      expect(registered.status, registered.text).to.equal(201);
    }
    const handed = await world.technician.post(`/devices/${assigned.deviceId}/assign`, {
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
  const row = (page: Page, assetTag: string) => page.locator(`tr[data-device="${assetTag}"]`);

  it('lists the devices for a client manager, filters them, and leads to the device card and its holder', async () => {
    const page = await openAs(world.managerA.email);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    await row(page, assigned.assetTag).waitFor();
    expect(await row(page, inStock.assetTag).locator('td').allTextContents()).to.include('In stock');
    expect(await row(page, assigned.assetTag).locator('td').allTextContents()).to.include.members([
      'Laptop',
      'Assigned',
      'Ewa Employee',
    ]);
    const csv = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(csv).to.equal('/api/v1/devices?format=csv');

    await page.getByLabel('Status').selectOption('assigned');
    await row(page, inStock.assetTag).waitFor({ state: 'detached' });
    expect(await page.locator('tr[data-device]').count()).to.equal(1);
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).to.equal(
      '/api/v1/devices?status=assigned&format=csv',
    );

    await page.getByLabel('Status').selectOption('in_service');
    await page.getByText('No device matches this filter.').waitFor();
    await page.getByRole('button', { name: 'Clear filter' }).click();
    await row(page, inStock.assetTag).waitFor();
    await page.getByLabel(/^Search by asset tag/).fill(`PNL-S-${run.slice(0, 3)}`);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await row(page, assigned.assetTag).waitFor({ state: 'detached' });
    expect(await page.locator('tr[data-device]').count()).to.equal(1);
    await page.getByRole('button', { name: 'Clear filter' }).click();

    await page.getByRole('link', { name: assigned.assetTag }).click();
    await page.getByRole('heading', { name: `Asset tag ${assigned.assetTag}` }).waitFor();
    expect(page.url()).to.equal(`${world.url}/devices/${assigned.deviceId}`);
    const holder = page.locator('dt:text-is("Holder") + dd');
    await holder.getByRole('link', { name: 'Ewa Employee' }).waitFor();
    expect(await page.locator('dt:text-is("Purchase cost") + dd').textContent()).to.match(/5,499\.00/);
    expect(await page.locator('dt:text-is("Total cost so far") + dd').textContent()).to.match(/PLN|zł/);
    const handed = page.locator('tr[data-event="DeviceAssigned"]');
    expect(await handed.getByRole('rowheader').textContent()).to.equal('Handed to a person');
    await handed.getByRole('link', { name: 'Ewa Employee' }).waitFor();
    expect(await page.locator('tr[data-event]').count()).to.equal(2);

    await holder.getByRole('link', { name: 'Ewa Employee' }).click();
    await page.getByRole('heading', { name: 'Ewa Employee' }).waitFor();
    expect(page.url()).to.equal(`${world.url}/people/${world.employeePersonId}`);
    expect(await page.locator('dt:text-is("Department") + dd').textContent()).to.equal('Sales');
    const held = page.locator(`tr[data-held-device="${assigned.deviceId}"]`);
    await held.getByRole('link', { name: assigned.assetTag }).waitFor();
    expect(await held.locator('td').allTextContents()).to.include.members(['still holds it', 'Yes']);
    await held.getByRole('link', { name: assigned.assetTag }).click();
    await page.getByRole('heading', { name: `Asset tag ${assigned.assetTag}` }).waitFor();
    await page.context().close();
  });

  it("tells another tenant's client manager that tenant A's device is not found, as the API does", async () => {
    const answer = await world.managerB.get(`/devices/${assigned.deviceId}`);
    expect(answer.status).to.equal(404);
    const page = await openAs(world.managerB.email, `/devices/${assigned.deviceId}`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).to.equal(
      'Not found: this page does not exist or is not yours to see.',
    );
    expect(await page.getByText(assigned.assetTag).count()).to.equal(0);
    await page.goto(`${world.url}/people/${world.employeePersonId}`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByText('Ewa Employee').count()).to.equal(0);
    await page.context().close();
  });

  it('shows an employee only the devices they hold, under "My devices"', async () => {
    const page = await openAs(world.employeeA.email);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('heading', { name: 'My devices' }).waitFor();
    await row(page, assigned.assetTag).waitFor();
    expect(await page.locator('tr[data-device]').count()).to.equal(1);
    expect(await page.getByRole('link', { name: 'People' }).count()).to.equal(0);
    await page.context().close();
  });

  it('speaks Polish on the device list, the device card and the person card once the language is switched', async () => {
    const page = await openAs(world.managerA.email, '/devices');
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    await page.getByLabel('Language').selectOption('pl');
    await page.getByRole('heading', { name: 'Urządzenia' }).waitFor();
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Osoby' }).waitFor();
    await row(page, assigned.assetTag).waitFor();
    expect(await page.getByRole('columnheader').allTextContents()).to.include.members([
      'Numer inwentarzowy',
      'Rodzaj',
      'Stan',
      'Użytkownik',
      'Koniec gwarancji',
    ]);
    expect(await row(page, assigned.assetTag).locator('td').allTextContents()).to.include('Przydzielone');
    await page.getByRole('link', { name: 'Pobierz CSV' }).waitFor();

    await page.getByRole('link', { name: assigned.assetTag }).click();
    await page.getByRole('heading', { name: `Numer inwentarzowy ${assigned.assetTag}` }).waitFor();
    expect(await page.locator('tr[data-event="DeviceAssigned"] th').textContent()).to.equal(
      'Przekazano osobie',
    );
    expect(await page.locator('dt:text-is("Koszt zakupu") + dd').textContent()).to.match(/5\s?499,00\s?zł/);

    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Osoby' }).click();
    await page.getByRole('heading', { name: 'Osoby' }).waitFor();
    await page.getByRole('link', { name: 'Ewa Employee' }).click();
    await page.getByRole('heading', { name: 'Ewa Employee' }).waitFor();
    expect(await page.locator('dt:text-is("Stan") + dd').textContent()).to.equal('Aktywna');
    await page.getByRole('heading', { name: 'Urządzenia' }).waitFor();
    await page.context().close();
  });

  it('answers the CSV link with the devices as CSV', async () => {
    const csv = await request(world.url, 'GET', '/api/v1/devices?status=assigned&format=csv', {
      headers: { Authorization: `Bearer ${world.managerA.token}` },
    });
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.match(/text\/csv/);
    expect(csv.text).to.include(assigned.assetTag);
    expect(csv.text).not.to.include(inStock.assetTag);
  });
});
