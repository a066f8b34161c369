// The scenario's world: a cleanup stack, the API session (in-process simulator, a lab's simulator,
// or the real API), the lab when one is up, the name book, probers, and the outcome of the last
// API call for Then steps. Steps stay 1–5 lines by calling the helpers here and sim/.
import { setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import {
  CleanupStack,
  HarnessError,
  NameBook,
  startSimulatorSession,
  realApiSession,
  requireSimulator,
  renderTimelineSvg,
  startProber,
  type ApiSession,
  type LabHost,
  type ProberOptions,
  type RunningLab,
  type Prober,
  type ApiOutcome,
  type Simulator,
  type VrackServicesClient,
  type ApiError,
  type Timeline,
  type ProfileName,
  profileByName,
} from '../sim/index.ts';

export interface VrackLabWorldParameters {
  /** A registered driver's name (sim/fabric/drivers.ts), or 'none' (simulator-only runs). */
  driver: string;
  realApi?: boolean;
  /** VRACKLAB_API_PROFILE, passed by cucumber.js. */
  apiProfile?: string;
  /** VRACKLAB_VLAN_MODE, passed by cucumber.js: labs are built in this mode (refused where the kernel cannot). */
  vlanMode?: 'auto' | 'segment' | 'dot1q';
}

/**
 * The API profile of in-process simulators for untagged scenarios (a `@profile-…` tag overrides it):
 * VRACKLAB_API_PROFILE, else the guide's 2024-04. In real-API mode, the profile the real API is
 * taken to follow: 2025-10 (reference §3), unless VRACKLAB_API_PROFILE says otherwise.
 */
export function defaultApiProfile(parameters: VrackLabWorldParameters): ProfileName {
  const name = parameters.apiProfile ?? (parameters.realApi ? '2025-10' : '2024-04');
  return profileByName(name).name;
}

export class VrackLabWorld extends World<VrackLabWorldParameters> {
  readonly cleanup = new CleanupStack();
  readonly names = new NameBook();
  /** Checksums each vRack Services had, oldest first (by id): for "the checksum it had before". */
  readonly checksums = new Map<string, string[]>();
  readonly probers = new Map<string, Prober>();
  /** Timelines of stopped probers, attached to the report after the scenario. */
  readonly timelines: { label: string; timeline: Timeline }[] = [];
  profile: ProfileName;
  private apiSession: ApiSession | undefined;
  private starting: Promise<ApiSession> | undefined;
  lab: RunningLab | undefined;
  /** `@fresh`: this scenario's lab is built for it alone (never a kept one), and torn down after it. */
  freshLab = false;
  /** Set by the After hook: the scenario passed, so its lab may be kept for the next (after its reset proof). */
  labReusable = false;
  private lastOutcome: ApiOutcome | undefined;
  /**
   * Refusals no step has asserted yet. A refusal a scenario never looks at would let it pass for
   * the wrong reason (a set-up PUT refused, and "no probe was lost" holds trivially), so the After
   * hook fails a scenario that ends with one (cucumber-js's own suite guards errors the same way).
   */
  private readonly uncheckedRefusals = new Set<ApiOutcome>();
  /** The checksum each PUT was sent with, to compare with the one that PUT returned. */
  readonly sentChecksums = new WeakMap<ApiOutcome, string>();
  /** The target spec before the last attempted change, to prove a refusal changed nothing. */
  specBefore: unknown;
  private batchOutcomes: ApiOutcome[] = [];
  /** How long the last `the link of … is down for …` kept the link down. */
  linkDownMs: number | undefined;
  /** A client made by a step with its own credentials. */
  adHocClient: VrackServicesClient | undefined;

  constructor(options: IWorldOptions<VrackLabWorldParameters>) {
    super(options);
    this.profile = defaultApiProfile(options.parameters);
  }

  /** The outcome of the last API call a step attempted; a refusal stays "unchecked" until a step asserts it. */
  get last(): ApiOutcome | undefined {
    return this.lastOutcome;
  }

  set last(outcome: ApiOutcome | undefined) {
    this.lastOutcome = outcome;
    if (outcome && !outcome.ok) this.uncheckedRefusals.add(outcome);
  }

  /** Results of a batch of concurrent calls; their refusals are unchecked until a step counts them. */
  get batch(): ApiOutcome[] {
    return this.batchOutcomes;
  }

  set batch(outcomes: ApiOutcome[]) {
    this.batchOutcomes = outcomes;
    for (const o of outcomes) if (!o.ok) this.uncheckedRefusals.add(o);
  }

  /** A step asserted these outcomes' refusals. */
  refusalsChecked(outcomes: readonly ApiOutcome[]): void {
    for (const o of outcomes) this.uncheckedRefusals.delete(o);
  }

  /** The refusals of this scenario that no step asserted, one line each. */
  refusalsNobodyChecked(): string[] {
    return [...this.uncheckedRefusals].map((o) => (o.ok ? o.what : `${o.what}: ${o.error.toLine()}`));
  }

  /** The API session, started on first use: the real API when configured, else a fresh simulator. */
  async api(): Promise<ApiSession> {
    if (this.apiSession) return this.apiSession;
    // Memoised as a promise: concurrent first calls (a batch of orders) must share one simulator.
    this.starting ??= (async () => {
      if (this.parameters.realApi) return realApiSession();
      const session = await startSimulatorSession({ profile: this.profile, timings: 'fast' });
      this.cleanup.push('API simulator', () => session.close());
      return session;
    })();
    this.apiSession = await this.starting;
    return this.apiSession;
  }

  useSession(session: ApiSession): void {
    this.apiSession = session;
  }

  async client(): Promise<VrackServicesClient> {
    return (await this.api()).client;
  }

  async simulator(what: string): Promise<Simulator> {
    return requireSimulator(await this.api(), what);
  }

  requireLab(): RunningLab {
    if (!this.lab) throw new HarnessError('NO_LAB', 'no lab is up in this scenario: start one with `Given the lab "<reference lab name, or path/to/your.lab.yml>" is up`');
    return this.lab;
  }

  vrsId(alias: string): string {
    return this.names.id('vrackServices', alias);
  }

  rememberChecksum(id: string, checksum: string): void {
    const list = this.checksums.get(id) ?? [];
    if (list.at(-1) !== checksum) list.push(checksum);
    this.checksums.set(id, list);
  }

  /** The last call's refusal; fails saying it succeeded when it did. */
  lastError(): ApiError {
    if (!this.last) throw new HarnessError('NO_CALL', 'no API call was made in this scenario yet');
    if (this.last.ok) throw new HarnessError('NOT_REFUSED', `expected the last call (${this.last.what}) to be refused, but it was accepted`);
    this.refusalsChecked([this.last]);
    return this.last.error;
  }

  /** The last call's result; fails quoting the API error when it was refused. */
  lastValue<T>(): T {
    if (!this.last) throw new HarnessError('NO_CALL', 'no API call was made in this scenario yet');
    if (!this.last.ok) throw new HarnessError('REFUSED', `expected the last call (${this.last.what}) to be accepted, but it was refused: ${this.last.error.toLine()}`);
    return this.last.value as T;
  }

  async attachDiagnostics(): Promise<void> {
    const sim = this.apiSession?.simulator;
    if (sim) {
      const events = sim.journal.list().slice(-80);
      await this.attach(JSON.stringify(events, null, 2), { mediaType: 'application/json', fileName: 'api-journal.json' });
    }
    if (this.lab) await this.attach(await this.lab.diagnostics(), { mediaType: 'text/plain', fileName: 'lab-state.txt' });
  }

  /**
   * Starts a prober keyed by what it probes (steps find it by target), titled "prober N" in the
   * report's picture, and waits for its first sample so its start-up is not counted as loss.
   */
  async runProber(key: string, host: LabHost, options: Omit<ProberOptions, 'label'>): Promise<void> {
    const prober = startProber(host, { ...options, label: `prober ${this.probers.size + this.timelines.length + 1}` });
    this.probers.set(key, prober);
    this.cleanup.push(`prober ${key}`, async () => void (this.probers.has(key) ? await this.finishProber(key) : undefined));
    await prober.ready(10_000);
  }

  /** Stops one prober and keeps its timeline for the assertions and the report. */
  async finishProber(key: string): Promise<Timeline> {
    const prober = this.probers.get(key);
    if (!prober) throw new HarnessError('NO_PROBER', `no prober "${key}" is running (running: ${[...this.probers.keys()].join(', ') || 'none'})`);
    const timeline = await prober.stop();
    this.probers.delete(key);
    this.timelines.push({ label: key, timeline });
    return timeline;
  }

  /** Stops the probers still running and attaches every timeline as a picture, with API events marked. */
  async attachTimelines(): Promise<void> {
    for (const key of [...this.probers.keys()]) await this.finishProber(key);
    const events = this.apiSession?.simulator?.journal.list() ?? [];
    for (const { label, timeline } of this.timelines) {
      const markers = events
        .map((e) => ({ at: Date.parse(e.at), e }))
        .filter(({ at, e }) => at >= timeline.startedAt && at <= timeline.stoppedAt && e.kind !== 'state' && !(e.kind === 'request' && e.name.startsWith('GET')))
        .map(({ at, e }) => ({ at, label: `${e.kind}: ${e.name}` }));
      await this.attach(renderTimelineSvg(timeline, { events: markers }), { mediaType: 'image/svg+xml', fileName: `${label}.svg` });
    }
  }
}

setWorldConstructor(VrackLabWorld);
