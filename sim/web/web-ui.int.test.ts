/**
 * Issue 11's "done when", in a real browser (Debian's chromium driven by playwright-core): the page
 * of a running vrack-services lab shows every host; a VLAN change through the API moves the
 * endpoint in the picture within 2 s; a prober started from the page shows its outage window; an
 * exercise step turns green; the reachability matrix holds its evidence. Screenshots go to
 * reports/web-ui/ (VRACKLAB_DOCS_SCREENSHOT=1 rewrites the README's, docs/web-ui.png).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { machineCapabilities } from '../fabric/capabilities.ts';
import { startLab } from '../lab/lab-runner.ts';
import type { RunningLab } from '../lab/running-lab.ts';
import { addSubnet } from '../scenario/spec-edit.ts';
import { loadExercise } from './exercise/load-exercise.ts';
import { createWebUi, WEB_PATH, type WebUi } from './web-ui.ts';

const CHROMIUM = '/usr/bin/chromium';
/** Measured here: without these, chromium stalls on the closed network (DESIGN.md §6). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const API_PORT = 20100;
const SHOTS = 'reports/web-ui';

const caps = await machineCapabilities().catch(() => undefined);
const skip = !caps?.docker ? 'no Docker engine answers on this machine (scripts/setup.sh system)' : !existsSync(CHROMIUM) ? `no ${CHROMIUM} (scripts/setup.sh test-tools installs it)` : '';
if (skip) console.warn(`web UI browser test skipped: ${skip}`);

describe.skipIf(Boolean(skip))('the lab web page in a browser (vrack-services, docker driver)', () => {
  let lab: RunningLab;
  let web: WebUi;
  let browser: Browser;
  let page: Page;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const t0 = Date.now();
    const exercise = await loadExercise('topologies/vrack-services.exercise.yml');
    web = createWebUi({ exercise });
    // Short tasks, and a cut long enough for a 50 ms prober to see it.
    lab = await startLab({ file: 'topologies/vrack-services.lab.yml' }, { register: 'run', apiPort: API_PORT, timings: { deliveryMs: 50, taskPendingMs: 100, taskRunningMs: 200, disruptiveCutMs: 1_000, vrackTaskMs: 50 }, api: web.api });
    web.bind(lab);
    timings.labUpMs = Date.now() - t0;
    const t1 = Date.now();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    timings.browserUpMs = Date.now() - t1;
  });

  afterAll(async () => {
    console.log(`web UI test timings (ms): ${JSON.stringify(timings)}`);
    await browser?.close();
    await web?.close();
    await lab?.stop();
  });

  it('refuses the stream and the actions without the lab credentials, serves the page without them', async () => {
    const page0 = await fetch(`${lab.apiUrl}${WEB_PATH}`);
    expect(page0.status).toBe(200);
    expect(await page0.text()).toContain('<h1>vracklab');
    expect((await fetch(`${lab.apiUrl}/lab/ui/api/stream`)).status).toBe(401);
    expect((await fetch(`${lab.apiUrl}/lab/ui/api/probers`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${lab.apiUrl}/lab/ui/api/reachability`, { method: 'POST' })).status).toBe(401);
  });

  it('signs in and shows every host of the lab', async () => {
    const t = Date.now();
    await page.goto(`${lab.apiUrl}${WEB_PATH}`);
    await page.getByLabel('Client id').fill(lab.simulator.credentials.oauth2ClientId);
    await page.getByLabel('Client secret').fill(lab.simulator.credentials.oauth2ClientSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    for (const host of lab.model.hosts.filter((x) => x.nics.length > 0)) {
      await page.locator(`svg [data-host="${host.name}"]`).first().waitFor({ timeout: 10_000 });
    }
    for (const st of lab.model.storageNetApp) await page.locator(`svg [data-storage="${st.name}"]`).waitFor({ timeout: 5_000 });
    timings.signInToHostsMs = Date.now() - t;
    // Text alternatives: the picture is an image named after the lab, described lane by lane.
    const picture = page.getByRole('img', { name: `Topology of lab ${lab.name}` });
    const description = (await picture.locator('desc').textContent()) ?? '';
    for (const host of lab.model.hosts.filter((x) => x.nics.length > 0)) expect(description).toContain(host.name);
    await expect(page.locator('#topology-text tbody tr').count()).resolves.toBe(lab.model.hosts.filter((x) => !x.pod).length);
    await page.screenshot({ path: `${SHOTS}/1-hosts.png`, fullPage: true });
  });

  it('exposes the EFS through the API: the endpoint appears untagged and the exercise step turns green', async () => {
    const vrs = lab.ids['vrs-lim']!;
    await lab.client.modify(vrs, (spec) => addSubnet(spec, { cidr: '10.120.0.0/16', serviceRange: '10.120.0.0/29', vlan: null, managedServiceURNs: [lab.urns['efs-lim']!] }));
    const t = Date.now();
    await page.locator('svg [data-endpoint="10.120.0.1"][data-segment="vrack:pn-xyzzz:untagged"][data-attached="true"]').waitFor({ timeout: 10_000 });
    timings.putToEndpointShownMs = Date.now() - t;
    await page.locator('[data-step="expose"][data-done="true"]').waitFor({ timeout: 10_000 });
    timings.putToStepGreenMs = Date.now() - t;
    await expect(page.locator('[data-step="expose"]').textContent()).resolves.toContain('done');
    await page.screenshot({ path: `${SHOTS}/2-exposed.png`, fullPage: true });
  });

  it('starts a prober from the page, moves the subnet to VLAN 100: the endpoint moves within 2 s and the outage window appears', async () => {
    await page.getByLabel('From', { exact: true }).selectOption('bm1');
    await page.getByLabel('To', { exact: true }).fill('10.120.0.1');
    await page.getByLabel('Kind', { exact: true }).selectOption('icmp');
    await page.getByLabel('Interval (ms)').fill('50');
    await page.getByRole('button', { name: 'Start prober' }).click();
    const prober = page.locator('[data-prober="p1"]');
    await prober.waitFor({ timeout: 10_000 });
    await expect(prober.locator('.outage').count()).resolves.toBe(0);
    // Wait until the prober has answers before the change (a positive control for the outage).
    await page.waitForFunction(() => /[1-9]\d* sent, 0 lost/.test(document.querySelector('[data-prober="p1"]')?.textContent ?? ''), undefined, { timeout: 10_000 });

    const vrs = lab.ids['vrs-lim']!;
    await lab.client.modify(vrs, (spec) => ({ ...spec, subnets: spec.subnets.map((s) => ({ ...s, vlan: 100 })) }));
    const putAt = Date.now();
    await lab.client.waitForReady(vrs, { timeoutMs: 30_000 });
    const readyAt = Date.now();
    await page.locator('svg [data-endpoint="10.120.0.1"][data-segment="vrack:pn-xyzzz:100"][data-attached="true"]').waitFor({ timeout: 10_000 });
    const shownAt = Date.now();
    timings.putToEndpointMovedMs = shownAt - putAt;
    timings.apiReadyToEndpointMovedMs = shownAt - readyAt;
    expect(shownAt - readyAt).toBeLessThanOrEqual(2_000);
    await expect(page.locator('svg [data-endpoint="10.120.0.1"][data-segment="vrack:pn-xyzzz:untagged"]').count()).resolves.toBe(0);

    await prober.locator('.outage').first().waitFor({ timeout: 10_000 });
    timings.putToOutageShownMs = Date.now() - putAt;
    await expect(prober.locator('img').getAttribute('alt')).resolves.toMatch(/[1-9]\d* lost, [1-9]\d* outage window/);
    await page.screenshot({ path: `${SHOTS}/3-vlan100-outage.png`, fullPage: true });
    // The README's picture changes with every run (ids, times): rewritten only when asked.
    if (process.env.VRACKLAB_DOCS_SCREENSHOT === '1') await page.screenshot({ path: 'docs/web-ui.png', fullPage: true });
    else await page.screenshot({ path: `${SHOTS}/readme.png`, fullPage: false });
    // Keyboard: focus Stop, let the panel re-render (the counts change), focus must stay, Enter stops it.
    await prober.getByRole('button', { name: 'Stop' }).focus();
    const counts = await prober.locator('p').first().textContent();
    await page.waitForFunction((before) => document.querySelector('[data-prober="p1"] p')?.textContent !== before, counts, { timeout: 10_000 });
    await expect(page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.focusKey)).resolves.toBe('stop-p1');
    await page.keyboard.press('Enter');
    await page.locator('[data-prober="p1"][data-running="false"]').waitFor({ timeout: 10_000 });
  });

  it('runs the reachability matrix on request: each cell with its evidence, bm2 reaches the endpoint on VLAN 100 and bm1 no longer does', async () => {
    const t = Date.now();
    // From the keyboard: focus the button, press Enter.
    await page.getByRole('button', { name: 'Run the reachability matrix' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/Run 1: \d+ of \d+ cells, finished/).waitFor({ timeout: 120_000 });
    timings.reachabilityMatrixMs = Date.now() - t;
    const cell = (from: string, kind: string) => page.locator(`td[data-from="${from}"][data-to="10.120.0.1"][data-kind="${kind}"]`);
    await expect(cell('bm2', 'icmp').getAttribute('class')).resolves.toBe('ok');
    await expect(cell('bm2', 'nfs').getAttribute('class')).resolves.toBe('ok');
    await expect(cell('bm2', 'icmp').textContent()).resolves.toMatch(/✓ [\d.]+ ms/);
    await expect(cell('bm1', 'icmp').getAttribute('class')).resolves.toBe('bad');
    await expect(cell('bm1', 'icmp').textContent()).resolves.toContain('no ICMP echo reply');
    await expect(cell('other1', 'nfs').getAttribute('class')).resolves.toBe('bad');
    await page.locator('#reach-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/4-reachability.png`, fullPage: true });
  });
});
