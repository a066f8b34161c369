/**
 * The lab's web page, served by the simulator's fastify next to the API: the page and its assets
 * (public: they hold no data), a server-sent event stream of the lab (the journal drives it: no
 * polling in the page) and the page's only actions — start/stop a prober, run the reachability
 * matrix — all behind the simulator's authentication, with the lab's own credentials.
 *
 * Created before the lab (its routes must exist before fastify is ready), bound to it once built.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { describeError, HarnessError } from '../core/errors.ts';
import type { RunningLab } from '../lab/running-lab.ts';
import { createEventHub } from './event-hub.ts';
import type { Exercise } from './exercise/exercise-file.ts';
import { ExerciseRunner } from './exercise/exercise-runner.ts';
import { buildLabView } from './lab-view.ts';
import { parseProberRequest, ProberBoard } from './prober-board.ts';
import { runReachability } from './reachability.ts';
import { loadAssets } from './static-assets.ts';
import type { EndpointView, LabView, ReachabilityView } from './view-model.ts';

import { WEB_PATH } from './web-path.ts';

export { WEB_PATH };
const ASSETS = '/lab/ui/assets/';
/** Changes arrive in bursts (a PUT: request, task created, transitions, data-plane ops): one view per burst. */
const VIEW_DEBOUNCE_MS = 50;

/** The page's policy: its own origin only, no inline script; styles and pictures from itself or data: URLs. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The page and its assets hold no lab data: public. The stream and the actions (/lab/ui/api/…) are not. */
export function isPublicPath(path: string): boolean {
  return path === '/lab/ui' || path === WEB_PATH || (path.startsWith(ASSETS) && !path.slice(ASSETS.length).includes('/'));
}

/** The web page: its routes, the lab state it shows and the events it streams. */
export interface WebUi {
  /** For createSimulator / startLab's `api` option. */
  api: { extend: (app: FastifyInstance) => void; isPublicPath: (path: string) => boolean };
  bind(lab: RunningLab): void;
  close(): Promise<void>;
}

function refuse(reply: FastifyReply, status: number, err: unknown) {
  const code = err instanceof HarnessError ? err.code : 'ERROR';
  return reply.code(status).send({ class: `Client::${code}`, message: describeError(err) });
}

/** The lab's web page (topology, vRack Services, probers, reachability), served under {@link WEB_PATH}. */
export function createWebUi(options: { exercise?: Exercise } = {}): WebUi {
  const assets = loadAssets();
  const hub = createEventHub();
  let lab: RunningLab | undefined;
  let probers: ProberBoard | undefined;
  let exercise: ExerciseRunner | undefined;
  let lastView: LabView | undefined;
  let unsubscribe: (() => void) | undefined;
  let viewTimer: NodeJS.Timeout | undefined;
  let reachRuns = 0;
  let reachRunning = false;
  let lastSeq = 0;

  const endpoints = (): readonly EndpointView[] => lastView?.endpoints ?? [];
  const refreshView = () => {
    viewTimer = undefined;
    if (!lab) return;
    lastView = buildLabView(lab, lastSeq);
    hub.publish('view', lastView);
    exercise?.poke();
  };

  const needLab = (reply: FastifyReply): RunningLab | undefined => {
    if (!lab) void reply.code(503).send({ class: 'Server::LabNotReady', message: 'the lab is still being built; try again when `vracklab up` says it is up' });
    return lab;
  };

  const extend = (app: FastifyInstance) => {
    app.get('/lab/ui', async (_req, reply) => reply.redirect(WEB_PATH));
    app.get(WEB_PATH, async (_req, reply) => {
      const page = assets.get('index.html')!;
      return reply.type(page.type).header('content-security-policy', CSP).header('cache-control', 'no-store').send(page.body);
    });
    app.get(`${ASSETS}:file`, async (req, reply) => {
      const asset = assets.get((req.params as { file: string }).file);
      if (!asset) return reply.code(404).send({ class: 'Client::NotFound', message: `no asset ${(req.params as { file: string }).file}` });
      return reply.type(asset.type).header('x-content-type-options', 'nosniff').header('cache-control', 'no-store').send(asset.body);
    });
    app.get('/lab/ui/api/stream', async (req, reply) => {
      if (!needLab(reply)) return reply;
      reply.hijack();
      hub.attach(reply.raw);
      // Keep the request open until the page goes: its end is what the journal records.
      await new Promise<void>((resolve) => reply.raw.on('close', () => resolve()));
      return reply;
    });
    app.post('/lab/ui/api/probers', async (req, reply) => {
      const l = needLab(reply);
      if (!l || !probers) return reply;
      try {
        const id = probers.start(parseProberRequest(req.body, l.model.hosts.map((h) => h.name)));
        return reply.code(201).send({ id });
      } catch (err) {
        return refuse(reply, 400, err);
      }
    });
    app.delete('/lab/ui/api/probers/:id', async (req, reply) => {
      if (!needLab(reply) || !probers) return reply;
      try {
        await probers.stop((req.params as { id: string }).id);
        return reply.code(204).send();
      } catch (err) {
        return refuse(reply, 404, err);
      }
    });
    app.post('/lab/ui/api/reachability', async (_req, reply) => {
      const l = needLab(reply);
      if (!l) return reply;
      if (reachRunning) return reply.code(409).send({ class: 'Client::Busy', message: 'a reachability run is in progress; its results stream to the page' });
      reachRunning = true;
      const id = ++reachRuns;
      void runReachability(l, endpoints(), id, (v: ReachabilityView) => hub.publish('reachability', v))
        .catch((err: unknown) => hub.publish('reachability', { id, error: describeError(err) }))
        .finally(() => (reachRunning = false));
      return reply.code(202).send({ id });
    });
  };

  return {
    api: { extend, isPublicPath },
    bind(l) {
      lab = l;
      probers = new ProberBoard(l, (views) => hub.publish('probers', views));
      hub.publish('probers', []);
      if (options.exercise) {
        exercise = new ExerciseRunner(options.exercise, l, endpoints, (v) => hub.publish('exercise', v));
      }
      lastSeq = l.simulator.journal.list().at(-1)?.seq ?? 0;
      unsubscribe = l.simulator.journal.subscribe((event) => {
        lastSeq = event.seq;
        viewTimer ??= setTimeout(refreshView, VIEW_DEBOUNCE_MS);
      });
      refreshView();
      exercise?.start();
    },
    async close() {
      unsubscribe?.();
      clearTimeout(viewTimer);
      exercise?.stop();
      await probers?.close();
      hub.close();
    },
  };
}
