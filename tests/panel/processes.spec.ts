import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Client } from '../http/support/test-app.js';
import { startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { launchBrowser, openPanelAs } from './browser.js';

interface Accepted {
  ids: Record<string, string>;
  checkpoint: string;
}

describe('The panel: processes and the decisions that wait for the client', function () {
  this.timeout(90_000);
  let world: TestWorld;
  let browser: Browser;
  let employeeName: string;
  before(async () => {
    [world, browser] = await Promise.all([startTestWorld(), launchBrowser()]);
    const person = await world.managerA.get(`/people/${world.employeePersonId}`);
    employeeName = (person.body as { person: { name: string } }).person.name;
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  /** Opens `path` in a fresh browser and logs `email` in through the form. */
  const openAs = (email: string, path: string) => openPanelAs(browser, world.url, email, { path });
  const accepted = async (answer: Promise<{ status: number; body: unknown; text: string }>) => {
    const done = await answer;
    expect(done.status, done.text).to.be.oneOf([200, 201]);
    return done.body as Accepted;
  };
  const startProcess = async (scenarioId: string, parameters: Record<string, string>) =>
    (await accepted(world.managerA.post('/processes', { scenarioId, parameters }))).ids.processId as string;
  /** The IT team takes a task up and completes it, as a technician does through the API. */
  const doTask = async (
    client: Client,
    processId: string,
    stepKey: string,
    outcome?: Record<string, string | number>,
  ) => {
    await accepted(client.post(`/processes/${processId}/steps/${stepKey}/start`));
    return accepted(
      client.post(`/processes/${processId}/steps/${stepKey}/complete`, outcome ? { outcome } : {}),
    );
  };
  const step = (page: Page, key: string) => page.locator(`tr[data-step-key="${key}"]`);
  /** Marks the window, so a later check tells whether the page was reloaded in between. */
  const markWindow = (page: Page) => page.evaluate('window.__notReloaded = true');
  const stillSameWindow = async (page: Page) =>
    expect(await page.evaluate('window.__notReloaded')).to.equal(true);

  it('lists the processes with their kind, status in words, progress and person, and filters them by status', async () => {
    const processId = await startProcess('access-request', {
      personId: world.employeePersonId,
      system: 'ERP',
    });
    const page = await openAs(world.managerA.email, '/');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Processes' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    const row = page.locator(`tr[data-process-id="${processId}"]`);
    await row.waitFor();
    const cells = await row.locator('th, td').allTextContents();
    expect(cells.slice(0, 5)).to.deep.equal([
      'Access request',
      'Access request',
      'Running',
      '0 of 2',
      employeeName,
    ]);
    expect(cells[5]).to.match(/\d{4}/);
    await page.getByLabel('Status').selectOption('completed');
    await row.waitFor({ state: 'detached' });
    await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
    expect(await row.count()).to.equal(0);
    await page.getByLabel('Status').selectOption('running');
    await row.waitFor();
    await page.context().close();
  });

  it('starts an onboarding through the form, showing the planned steps before it starts, then its card', async () => {
    const page = await openAs(world.managerA.email, '/processes');
    await page.getByRole('link', { name: 'Start a process' }).click();
    await page.getByRole('heading', { name: 'Start a process' }).waitFor();
    await page.getByLabel('Scenario').selectOption('onboarding-developer@1');
    await page.getByLabel('Employee', { exact: true }).selectOption({ label: employeeName });
    await page.getByLabel('First working day').fill('2026-12-01');
    const planned = page.getByRole('region', { name: 'Planned steps' }).locator('li');
    expect(await planned.count()).to.equal(8);
    expect(await page.locator('li[data-step-key="approve-ide-licence"]').textContent()).to.equal(
      'Approve the purchase of an IDE licence (Decision for you)',
    );
    expect(await page.locator('li[data-step-key="grant-vpn"]').textContent()).to.include(
      'Task for the IT team; after: Create the account and the mailbox',
    );
    await page.getByRole('button', { name: 'Start the process' }).click();

    await page.getByRole('heading', { name: 'Onboarding of a developer' }).waitFor();
    const processId = /\/processes\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    expect(processId, page.url()).to.be.a('string');
    expect(await page.locator('tbody tr[data-step-key]').count()).to.equal(8);
    expect(await step(page, 'approve-ide-licence').locator('[data-cell="status"]').textContent()).to.equal(
      'Waiting for your decision',
    );
    expect(await step(page, 'grant-vpn').locator('[data-cell="effect"]').textContent()).to.equal(
      'Grant access to vpn',
    );
    const card = await world.managerA.get(`/processes/${processId}`);
    expect(card.body).to.nested.include({
      'process.scenario_id': 'onboarding-developer',
      'process.status': 'running',
    });
    expect((card.body as { process: { person_id: string } }).process.person_id).to.equal(
      world.employeePersonId,
    );
    await page.context().close();
  });

  it('shows a decision to the manager as soon as the IT team finishes the task before it, and records the approval with its comment', async () => {
    const processId = await startProcess('purchase-request', {
      deviceKind: 'monitor',
      justification: 'A second screen for the designer',
    });
    const page = await openAs(world.managerA.email, `/processes/${processId}`);
    await page.getByRole('heading', { name: 'Hardware purchase request' }).waitFor();
    await markWindow(page);
    expect(await page.locator('form[data-decision]').count()).to.equal(0);
    await doTask(world.technician, processId, 'quote');

    // No reload: the card hears of the change over its live stream and reads itself again.
    const decision = page.getByRole('form', { name: 'Approve the purchase' });
    await decision.waitFor({ timeout: 10_000 });
    await stillSameWindow(page);
    expect(await step(page, 'quote').getAttribute('data-status')).to.equal('done');
    expect(await step(page, 'quote').locator('td').nth(3).textContent()).to.match(/^IT team, /);
    await decision.getByLabel('Comment').fill('Within this quarter’s budget');
    await decision.getByRole('button', { name: 'Approve' }).click();

    await page.locator('tr[data-step-key="approve-purchase"][data-status="done"]').waitFor();
    expect(await step(page, 'approve-purchase').locator('[data-cell="status"]').textContent()).to.equal(
      'Approved',
    );
    expect(await step(page, 'approve-purchase').locator('[data-cell="notes"]').textContent()).to.equal(
      'Within this quarter’s budget',
    );
    expect(await page.getByRole('status').textContent()).to.equal('Your answer was recorded.');
    expect(await step(page, 'approve-purchase').locator('td').nth(3).textContent()).to.match(/^you, /);
    await page.getByText('2 of 6').waitFor();
    expect(await page.locator('form[data-decision]').count()).to.equal(0);
    const card = await world.auditorA.get(`/processes/${processId}`);
    const answered = (
      card.body as { steps: Array<{ step_key: string; answer: string; comment: string }> }
    ).steps.find((candidate) => candidate.step_key === 'approve-purchase');
    expect(answered).to.include({ answer: 'approve', comment: 'Within this quarter’s budget' });
    await page.context().close();
  });

  it('updates an open card when a technician completes a step, without a reload, and speaks Polish after switching', async () => {
    const processId = await startProcess('onboarding-office', {
      personId: world.employeePersonId,
      startDate: '2026-12-01',
    });
    const page = await openAs(world.managerA.email, `/processes/${processId}`);
    await page.getByRole('heading', { name: 'Onboarding of an office employee' }).waitFor();
    expect(await page.getByText('0 of 6').count()).to.equal(1);
    await markWindow(page);
    // The e-mail account costs nothing a month, as the task's form would say.
    await doTask(world.technician, processId, 'create-account', {
      monthlyCostAmount: 0,
      monthlyCostCurrency: 'PLN',
    });

    await page.locator('tr[data-step-key="create-account"][data-status="done"]').waitFor({ timeout: 10_000 });
    await page.getByText('1 of 6').waitFor();
    await stillSameWindow(page);
    expect(await step(page, 'create-account').locator('[data-cell="status"]').textContent()).to.equal('Done');
    expect(await step(page, 'create-account').locator('[data-cell="effect"]').textContent()).to.match(
      /^Grant access to e-mail/,
    );

    await page.getByLabel('Language').selectOption('pl');
    await page.getByRole('heading', { name: 'Wdrożenie pracownika biurowego' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Kroki' }).count()).to.equal(1);
    expect(await step(page, 'create-account').locator('[data-cell="status"]').textContent()).to.equal(
      'Wykonany',
    );
    expect(await step(page, 'prepare-laptop').locator('td').nth(1).textContent()).to.equal(
      'Zadanie dla zespołu IT',
    );
    expect(await page.getByText('1 z 6').count()).to.equal(1);
    await page.getByRole('link', { name: 'Wróć do procesów' }).click();
    await page.getByRole('heading', { name: 'Procesy' }).waitFor();
    const row = page.locator(`tr[data-process-id="${processId}"]`);
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).to.include.members(['Wdrożenie', 'W toku', '1 z 6']);
    await page.context().close();
  });

  it("shows an employee only their own processes, without the manager's start button", async () => {
    const own = await startProcess('access-request', { personId: world.employeePersonId, system: 'CRM' });
    const other = await startProcess('purchase-request', { deviceKind: 'phone', justification: 'For stock' });
    const page = await openAs(world.employeeA.email, '/processes');
    await page.locator(`tr[data-process-id="${own}"]`).waitFor();
    expect(await page.locator(`tr[data-process-id="${other}"]`).count()).to.equal(0);
    expect(await page.getByRole('link', { name: 'Start a process' }).count()).to.equal(0);
    await page.goto(`${world.url}/processes/${other}`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).to.match(/^Not found/);
    await page.context().close();
  });
});
