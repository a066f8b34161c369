// The web UI's routes on a real simulator (app.inject, no lab): what is public, what needs the
// lab's credentials, what answers before the lab is bound; and simulator.views() journals nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../api/test-support.ts';
import { createWebUi, type WebUi } from './web-ui.ts';

describe('the web UI on the simulator', () => {
  let t: TestSim;
  let web: WebUi;
  beforeAll(async () => {
    web = createWebUi();
    t = await startTestSim({ extend: web.api.extend, isPublicPath: web.api.isPublicPath });
  });
  afterAll(async () => {
    await web.close();
    await t.close();
  });

  it('serves the page and its client modules without credentials, with a strict CSP, as JavaScript', async () => {
    const page = await t.sim.app.inject({ method: 'GET', url: '/lab/ui/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const app = await t.sim.app.inject({ method: 'GET', url: '/lab/ui/assets/app.ts' });
    expect(app.statusCode).toBe(200);
    expect(app.headers['content-type']).toMatch(/^text\/javascript/);
    // Types stripped: what the browser gets has no annotations left.
    expect(app.body).not.toMatch(/: Promise<void>/);
    expect((await t.sim.app.inject({ method: 'GET', url: '/lab/ui/assets/nope.ts' })).statusCode).toBe(404);
  });

  it('refuses the stream and the actions without credentials, and says the lab is not built yet with them', async () => {
    for (const [method, url] of [['GET', '/lab/ui/api/stream'], ['POST', '/lab/ui/api/probers'], ['POST', '/lab/ui/api/reachability'], ['DELETE', '/lab/ui/api/probers/p1']] as const) {
      expect((await t.sim.app.inject({ method, url })).statusCode, `${method} ${url} anonymous`).toBe(401);
      expect((await t.req(method, url)).status, `${method} ${url} with credentials`).toBe(503);
    }
  });

  it('simulator.views() shows vRack Services as the API does and journals nothing', async () => {
    const { id } = await t.readyVrs();
    const before = t.sim.journal.list().length;
    const views = t.sim.views();
    expect(t.sim.journal.list().length).toBe(before);
    const api = await t.req('GET', `/v2/vrackServices/resource/${id}`);
    expect(views.vrackServices.find((v) => v.id === id)).toEqual(api.json);
  });
});
