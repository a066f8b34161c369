/// <reference lib="dom" />
// The page: sign in with the lab's OAuth2 credentials, then one server-sent event stream drives
// every panel. Nothing here polls; a dropped stream reconnects after a pause.
import type { ExerciseView, LabView, ProberView, ReachabilityView } from '../view-model.ts';
import { byId, replacePanel } from './dom.ts';
import { renderExercise, renderProbers, renderReachability, renderVrackServices } from './panels.ts';
import { readStream } from './sse.ts';
import { renderTopology } from './topology.ts';

const TOKEN_KEY = 'vracklab-token';
const RECONNECT_MS = 2_000;
let token = sessionStorage.getItem(TOKEN_KEY) ?? '';
let hostsShown = '';

function status(text: string): void {
  byId('status').textContent = text;
}

async function signIn(clientId: string, clientSecret: string): Promise<void> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  const res = await fetch('/auth/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const json = (await res.json()) as { access_token?: string; error_description?: string; error?: string };
  if (!res.ok || !json.access_token) throw new Error(json.error_description ?? json.error ?? `HTTP ${res.status}`);
  token = json.access_token;
  sessionStorage.setItem(TOKEN_KEY, token);
}

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : null });
  if (res.status === 401) showLogin('Your session expired: sign in again.');
  return res;
}

function showLogin(message = ''): void {
  byId('login').hidden = false;
  byId('main').hidden = true;
  byId('login-error').textContent = message;
}

function onView(view: LabView): void {
  byId('lab-name').textContent = `— lab ${view.lab}`;
  const { svg, text } = renderTopology(view);
  byId('topology').replaceChildren(svg);
  byId('topology-text').replaceChildren(text);
  replacePanel(byId('vrs'), renderVrackServices(view));
  const names = view.hosts.map((x) => `${x.name}:${x.pods.map((p) => p.name).join('+')}`).join(',');
  if (names !== hostsShown) {
    hostsShown = names;
    const select = byId<HTMLSelectElement>('prober-from');
    const sources = view.hosts.filter((x) => x.role !== 'efs').flatMap((x) => [x.name, ...x.pods.filter((p) => !p.hostNetwork).map((p) => p.name)]);
    select.replaceChildren(...sources.map((name) => new Option(name, name)));
  }
  status(`Live — journal event ${view.seq}, ${new Date().toLocaleTimeString()}`);
}

function onProbers(probers: ProberView[]): void {
  replacePanel(byId('probers'), renderProbers(probers, (id) => void call('DELETE', `/lab/ui/api/probers/${encodeURIComponent(id)}`)));
}

async function connect(): Promise<void> {
  byId('login').hidden = true;
  byId('main').hidden = false;
  for (;;) {
    const abort = new AbortController();
    try {
      status('Connecting…');
      await readStream('/lab/ui/api/stream', token, abort.signal, (m) => {
        const data: unknown = JSON.parse(m.data);
        if (m.event === 'view') onView(data as LabView);
        else if (m.event === 'probers') onProbers(data as ProberView[]);
        else if (m.event === 'reachability') byId('reach').replaceChildren(renderReachability(data as ReachabilityView));
        else if (m.event === 'exercise') {
          byId('exercise-section').hidden = false;
          byId('exercise').replaceChildren(renderExercise(data as ExerciseView));
        }
      });
      status('The lab closed the stream; reconnecting…');
    } catch (err) {
      if ((err as { status?: number }).status === 401) return showLogin('The lab refused these credentials (or the session expired): sign in again.');
      status(`Disconnected (${(err as Error).message}); reconnecting…`);
    }
    await new Promise((r) => setTimeout(r, RECONNECT_MS));
  }
}

function wire(): void {
  byId<HTMLFormElement>('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    signIn(byId<HTMLInputElement>('client-id').value.trim(), byId<HTMLInputElement>('client-secret').value)
      .then(() => connect())
      .catch((err: unknown) => showLogin(`Sign-in refused: ${(err as Error).message}`));
  });
  byId<HTMLFormElement>('prober-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = {
      from: byId<HTMLSelectElement>('prober-from').value,
      to: byId<HTMLInputElement>('prober-to').value.trim(),
      kind: byId<HTMLSelectElement>('prober-kind').value,
      intervalMs: Number(byId<HTMLInputElement>('prober-interval').value),
      port: Number(byId<HTMLInputElement>('prober-port').value),
    };
    void call('POST', '/lab/ui/api/probers', body).then(async (res) => {
      byId('prober-error').textContent = res.ok ? '' : ((await res.json()) as { message?: string }).message ?? `HTTP ${res.status}`;
    });
  });
  byId('reach-run').addEventListener('click', () => {
    void call('POST', '/lab/ui/api/reachability').then(async (res) => {
      if (!res.ok) byId('reach').textContent = ((await res.json()) as { message?: string }).message ?? `HTTP ${res.status}`;
    });
  });
  if (token) void connect();
  else showLogin();
}

wire();
