import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { laptopPayload } from '../support/commands.js';
import { launchBrowser, openPanelAs } from './browser.js';

interface Accepted {
  ids: Record<string, string>;
  checkpoint: string;
}

interface CardStep {
  step_key: string;
  status: string;
  done_by: string | null;
  outcome?: Record<string, unknown> | null;
}

describe('The panel: the IT team does its process tasks, the client skips and cancels', function () {
  this.timeout(90_000);
  let world: TestWorld;
  let browser: Browser;
  before(async () => {
    [world, browser] = await Promise.all([startTestWorld(), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  /** Opens `path` in a fresh browser and logs `email` in through the form. */
  const openAs = (email: string, path: string) => openPanelAs(browser, world.url, email, { path });
  /** The technician serves two companies: the panel asks for one first. */
  const openAsTechnician = async (path: string) => {
    const page = await openAs(world.technician.email, path);
    await page.getByText('You work for several companies').waitFor();
    await page.getByLabel('Company').selectOption(world.tenantA);
    await page.getByRole('heading', { name: 'Onboarding of an office employee' }).waitFor();
    return page;
  };
  const startOnboarding = async () => {
    const started = await world.managerA.post('/processes', {
      scenarioId: 'onboarding-office',
      parameters: { personId: world.employeePersonId, startDate: '2026-12-01' },
    });
    expect(started.status, started.text).to.equal(201);
    return (started.body as Accepted).ids.processId as string;
  };
  const registerLaptop = async () => {
    const laptop = laptopPayload();
    const registered = await world.technician.post('/devices', laptop);
    expect(registered.status, registered.text).to.equal(201);
    await world.settle();
    return laptop;
  };
  const stepRow = (page: Page, key: string) => page.locator(`tr[data-step-key="${key}"]`);
  const stepDone = (page: Page, key: string) =>
    page.locator(`tr[data-step-key="${key}"][data-status="done"]`).waitFor({ timeout: 10_000 });
  const task = (page: Page, title: string) => page.getByRole('form', { name: title, exact: true });
  const fact = (page: Page, term: string) =>
    page
      .locator('dl > div')
      .filter({ has: page.locator('dt', { hasText: term }) })
      .locator('dd');
  const stepsOf = async (processId: string) => {
    const card = await world.auditorA.get(`/processes/${processId}`);
    expect(card.status, card.text).to.equal(200);
    return (card.body as { steps: CardStep[] }).steps;
  };

  it('lets a technician take up and complete the onboarding tasks, picking the laptop from stock, until the laptop is handed over', async () => {
    const processId = await startOnboarding();
    const laptop = await registerLaptop();
    const page = await openAsTechnician(`/processes/${processId}`);
    const tasks = page.getByRole('region', { name: 'Your tasks' });
    await tasks.waitFor();
    // Only the tasks with nothing to wait for: the account and the laptop.
    const forms = await tasks.locator('form[data-task]').all();
    expect(await Promise.all(forms.map((form) => form.getAttribute('data-task')))).to.deep.equal([
      'create-account',
      'prepare-laptop',
    ]);

    const account = task(page, 'Create the account and the mailbox');
    expect(await account.getByLabel('Monthly cost (PLN)').inputValue()).to.equal('0');
    await account.getByLabel('Monthly cost (PLN)').fill('12,50');
    await account.getByRole('button', { name: 'Take up' }).click();
    await page.locator('tr[data-step-key="create-account"][data-status="in_progress"]').waitFor();
    expect(await page.getByRole('status').textContent()).to.equal('You took the task up.');
    await account.getByRole('button', { name: 'Take up' }).waitFor({ state: 'detached' });
    // The button pressed is gone: the focus moves on to "Complete" in the same form.
    await page.waitForFunction("document.activeElement?.textContent === 'Complete'", undefined, {
      timeout: 5_000,
    });
    await account.getByLabel('Note').fill('Mailbox ewa@alpha.example');
    await account.getByRole('button', { name: 'Complete' }).click();
    await stepDone(page, 'create-account');
    expect(await page.getByRole('status').textContent()).to.equal('The task is done.');
    await page.waitForFunction("document.activeElement?.getAttribute('role') === 'status'", undefined, {
      timeout: 5_000,
    });
    await page
      .locator('tr[data-step-key="create-account"] [data-cell="effect"]', { hasText: '(applied)' })
      .waitFor({ timeout: 10_000 });

    const prepare = task(page, 'Prepare a laptop from stock');
    await prepare
      .getByLabel('Device from stock')
      .selectOption({ label: `${laptop.assetTag} · ThinkPad T14` });
    await prepare.getByRole('button', { name: 'Complete' }).click();
    await stepDone(page, 'prepare-laptop');

    const handOver = task(page, 'Hand the laptop over to the employee');
    await handOver.waitFor();
    expect(await stepRow(page, 'hand-over-laptop').locator('[data-cell="effect"]').textContent()).to.equal(
      `Hand over ${laptop.assetTag} · ThinkPad T14`,
    );
    await handOver.getByRole('button', { name: 'Complete' }).click();
    await stepDone(page, 'hand-over-laptop');
    await page
      .locator('tr[data-step-key="hand-over-laptop"] [data-cell="effect"]', {
        hasText: `Hand over ${laptop.assetTag} · ThinkPad T14 (applied)`,
      })
      .waitFor({ timeout: 10_000 });
    expect(await stepRow(page, 'create-account').locator('[data-cell="notes"]').textContent()).to.equal(
      'Mailbox ewa@alpha.example',
    );

    await world.settle();
    const device = await world.managerA.get(`/devices/${laptop.deviceId}`);
    expect(device.body).to.include({ status: 'assigned', holder_id: world.employeePersonId });
    const person = await world.managerA.get(`/people/${world.employeePersonId}`);
    const accesses = (
      person.body as { accesses: Array<{ system: string; monthly_cost: unknown; currency: string }> }
    ).accesses;
    const mail = accesses.find((access) => access.system === 'e-mail');
    expect(mail && [Number(mail.monthly_cost), mail.currency]).to.deep.equal([1250, 'PLN']);
    expect((person.body as { devicesNow: string[] }).devicesNow).to.include(laptop.deviceId);
    await page.context().close();
  });

  it('refuses to complete the laptop task without a device, shows why and records nothing', async () => {
    const processId = await startOnboarding();
    const laptop = await registerLaptop();
    const page = await openAsTechnician(`/processes/${processId}`);
    const prepare = task(page, 'Prepare a laptop from stock');
    await prepare.getByLabel('Device from stock').locator(`option[value="${laptop.deviceId}"]`).waitFor({
      state: 'attached',
    });
    await prepare.getByRole('button', { name: 'Complete' }).click();
    const alert = prepare.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.equal(
      'Step prepare-laptop must record deviceId · Fill in: Device from stock.',
    );
    expect(await stepRow(page, 'prepare-laptop').getAttribute('data-status')).to.equal('pending');
    const prepared = (await stepsOf(processId)).find((step) => step.step_key === 'prepare-laptop');
    expect(prepared).to.include({ status: 'pending', done_by: null });
    await page.context().close();
  });

  it('lets a client manager skip an optional step and cancel the process with a reason, without task forms', async () => {
    const processId = await startOnboarding();
    const page = await openAs(world.managerA.email, `/processes/${processId}`);
    await page.getByRole('heading', { name: 'Onboarding of an office employee' }).waitFor();
    const plan = page.getByRole('region', { name: 'Change the plan' });
    await plan.waitFor();
    expect(await page.locator('form[data-task]').count()).to.equal(0);
    expect(await page.getByRole('heading', { name: 'Your tasks' }).count()).to.equal(0);

    // Only the optional steps are the manager's to leave out.
    const skip = page.getByRole('form', { name: 'Skip a step' });
    expect(await skip.getByLabel('Step to skip').locator('option').allTextContents()).to.deep.equal([
      'First-day support',
      'Run the IT security training',
    ]);
    await skip.getByRole('button', { name: 'Skip the step' }).click();
    expect(await skip.getByRole('alert').textContent()).to.equal('Say why.');
    await skip.getByLabel('Reason').fill('Works remotely in the first week');
    await skip.getByRole('button', { name: 'Skip the step' }).click();
    await page.locator('tr[data-step-key="first-day-support"][data-status="skipped"]').waitFor();
    expect(await stepRow(page, 'first-day-support').locator('[data-cell="notes"]').textContent()).to.equal(
      'Skipped because: Works remotely in the first week',
    );
    expect(await page.getByRole('status').textContent()).to.equal('The step was skipped.');
    await skip.getByLabel('Step to skip').locator('option', { hasText: 'First-day support' }).waitFor({
      state: 'detached',
    });
    expect(await skip.getByLabel('Step to skip').locator('option').allTextContents()).to.deep.equal([
      'Run the IT security training',
    ]);

    const cancel = page.getByRole('form', { name: 'Cancel the process' });
    await cancel.getByLabel('Reason').fill('The candidate declined the offer');
    await cancel.getByRole('button', { name: 'Cancel the process' }).click();
    await fact(page, 'Status').filter({ hasText: 'Cancelled' }).waitFor();
    expect(await page.getByRole('status').textContent()).to.equal('The process was cancelled.');
    expect(await plan.count()).to.equal(0);
    const card = await world.managerA.get(`/processes/${processId}`);
    expect(card.body).to.nested.include({ 'process.status': 'cancelled' });
    await page.context().close();
  });
});
