import { createRequire } from 'node:module';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { type Client, startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { personBody } from '../http/write-api/write-fixtures.js';
import { laptopPayload } from '../support/commands.js';
import { launchBrowser, logInThroughForm, openPanel } from './browser.js';

/** axe-core's browser bundle, injected into each page to check it against WCAG 2.1 A and AA. */
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** Each page a role works with, as a path (filled in once the data exists). */
type Tour = Array<{
  who: 'managerA' | 'employeeA' | 'technician' | 'auditorA' | 'mspAdmin';
  paths: string[];
}>;

describe('The panel: accessibility of every main page (axe-core, WCAG 2.1 A and AA)', function () {
  this.timeout(180_000);
  let world: TestWorld;
  let browser: Browser;
  let tour: Tour;
  before(async () => {
    [world, browser] = await Promise.all([startTestWorld(), launchBrowser()]);
    const ok = async (client: Client, path: string, body: unknown) => {
      const answer = await client.post(path, body);
      expect(answer.status, answer.text).to.be.oneOf([200, 201]);
      return (answer.body as { ids: Record<string, string> }).ids;
    };
    const { deviceId } = await ok(world.technician, '/devices', laptopPayload());
    await ok(world.technician, `/devices/${deviceId}/assign`, { personId: world.employeePersonId });
    const { ticketId } = await ok(world.employeeA, '/tickets', {
      requesterId: world.employeePersonId,
      deviceId,
      category: 'incident',
      priority: 'P2',
      title: 'The screen flickers',
      description: 'Since this morning.',
    });
    const { processId } = await ok(world.managerA, '/processes', {
      scenarioId: 'onboarding-office',
      parameters: { personId: world.employeePersonId, startDate: '2026-12-01' },
    });
    // A departed person's card offers the erasure form.
    const { personId: departedId } = await ok(
      world.managerA,
      '/people',
      personBody({ name: 'Dag Departed' }),
    );
    await ok(world.technician, `/people/${departedId}/start`, {});
    await ok(world.technician, `/people/${departedId}/depart`, {});
    // The audit tools show a seal and a ready rebuild as of now in their tables.
    expect((await world.auditorA.post('/audit/seals', {})).status).to.equal(200);
    const rebuild = await world.auditorA.post('/audit/rebuilds', { asOf: new Date().toISOString() });
    expect(rebuild.status, rebuild.text).to.equal(202);
    for (let tries = 0; tries < 600; tries += 1) {
      const found = await world.auditorA.get(`/audit/rebuilds/${rebuild.body.rebuildId}`);
      if (found.body.status !== 'building') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await world.settle();
    tour = [
      {
        who: 'managerA',
        paths: [
          '/',
          '/devices',
          `/devices/${deviceId}`,
          '/people',
          `/people/${world.employeePersonId}`,
          `/people/${departedId}`,
          '/tickets',
          `/tickets/${ticketId}`,
          '/tickets/new',
          '/processes',
          '/processes/new',
          `/processes/${processId}`,
          '/costs',
          '/replacement-plan',
          '/audit-log',
          '/audit-tools',
        ],
      },
      { who: 'employeeA', paths: ['/', '/tickets', `/tickets/${ticketId}`, '/tickets/new', '/devices'] },
      { who: 'technician', paths: ['/', '/queue', `/processes/${processId}`, `/tickets/${ticketId}`] },
      { who: 'auditorA', paths: ['/audit-log', '/audit-tools'] },
      { who: 'mspAdmin', paths: ['/companies', '/accounts', '/audit-tools'] },
    ];
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  /** Logs in as `who` (a technician acting in company A) in a fresh browser. */
  const logIn = async (who: Tour[number]['who'], language: 'en' | 'pl') => {
    const page = await openPanel(browser, world.url, { locale: language === 'en' ? 'en-GB' : 'pl-PL' });
    if (who === 'technician') await page.evaluate(`localStorage.setItem('itp.tenant', '${world.tenantA}')`);
    await logInThroughForm(page, world[who].email);
    await page.getByRole('navigation').waitFor();
    return page;
  };

  /** Opens `path` without a reload, waits until nothing is loading, and runs axe over the page. */
  const violationsOn = async (page: Page, path: string) => {
    await page.evaluate(
      `history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new Event('panel:navigate'))`,
    );
    await page.locator('main h2').first().waitFor();
    await page.waitForFunction('document.querySelectorAll(\'[aria-busy="true"]\').length === 0');
    if ((await page.evaluate('typeof axe')) === 'undefined') await page.addScriptTag({ content: axeSource });
    const result = (await page.evaluate(
      "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })",
    )) as { violations: AxeViolation[] };
    return result.violations.map(
      (violation) =>
        `${path}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.nodes
          .slice(0, 3)
          .map((node) => JSON.stringify(node.target))
          .join(', ')}`,
    );
  };

  for (const language of ['en', 'pl'] as const) {
    it(`finds no WCAG violation on any main page of any role, in ${language === 'en' ? 'English' : 'Polish'}`, async () => {
      const found: string[] = [];
      for (const { who, paths } of tour) {
        const page = await logIn(who, language);
        for (const path of paths) found.push(...(await violationsOn(page, path)));
        await page.context().close();
      }
      expect(found).to.deep.equal([]);
    });
  }

  it('checks something: a page with an unlabelled input and low contrast is reported', async () => {
    const page = await logIn('managerA', 'en');
    await page.evaluate(
      `document.querySelector('main').insertAdjacentHTML('beforeend', '<h2>probe</h2><input type="text"><p style="color:#bbb;background:#fff">faint</p>')`,
    );
    await page.addScriptTag({ content: axeSource });
    const result = (await page.evaluate(
      "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })",
    )) as { violations: AxeViolation[] };
    expect(result.violations.map((violation) => violation.id)).to.include.members([
      'label',
      'color-contrast',
    ]);
    await page.context().close();
  });
});
