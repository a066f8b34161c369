// Cucumber profiles. `default` builds labs with the docker driver; `netns` with network namespaces;
// `containerlab` with hosts containerlab deploys (the containerlab driver);
// `api` runs only the control-plane features (the built-in simulator, or the real OVHcloud API when
// OVH_* credentials are set — then @simulator-only scenarios are left out); `demo` is make demo's
// selection. Reports: progress on the terminal, HTML, JUnit XML and messages under reports/.
//
// The steps are the compiled step library, dist/steps/index.js — the very file `vracklab/steps`
// gives users — so what we test is what they get. The build is brought up to date first (skipped
// in milliseconds when dist/ is newer than every source: scripts/dist-freshness.js).
import { distIsFresh } from './scripts/dist-freshness.js';

if (!distIsFresh()) (await import('./scripts/build.ts')).ensureBuilt();

const realApi = Boolean(process.env.OVH_ENDPOINT && (process.env.OVH_CLIENT_ID || process.env.OVH_APPLICATION_KEY));

// VRACKLAB_API_PROFILE: the profile untagged API scenarios run on (in-process simulators; default
// 2024-04), or the profile the real API follows (real-API mode; default 2025-10, reference §3).
// Scenarios and Examples tagged with another `@profile-…` run on their own profile in-process, and
// are left out against the real API, which has only one.
const PROFILES = ['2024-04', '2025-10'];
const apiProfile = process.env.VRACKLAB_API_PROFILE;
if (apiProfile !== undefined && !PROFILES.includes(apiProfile)) {
  throw new Error(`VRACKLAB_API_PROFILE=${apiProfile}: unknown API profile; valid: ${PROFILES.join(', ')}`);
}
const realProfile = apiProfile ?? '2025-10';
const otherProfiles = PROFILES.filter((p) => p !== realProfile).map((p) => ` and not @profile-${p}`).join('');

const reports = (name) => [
  'progress',
  `html:reports/${name}.html`,
  `junit:reports/${name}.xml`,
  `message:reports/${name}.ndjson`,
];

// VRACKLAB_FEATURES narrows a run to some files or directories (space-separated).
const only = process.env.VRACKLAB_FEATURES?.split(/\s+/).filter(Boolean);

const common = {
  import: ['dist/steps/index.js'],
  paths: only ?? ['features/**/*.feature'],
  formatOptions: { snippetInterface: 'async-await' },
  // After a run with undefined steps: the closest existing step and its example, beside Cucumber's snippet.
  plugin: ['./sim/cucumber/did-you-mean-plugin.ts'],
  // One lab per worker at a time; two workers keep both cores busy while one waits on a task.
  parallel: Number(process.env.VRACKLAB_PARALLEL ?? 2),
  strict: true,
};

export default {
  ...common,
  format: reports('cucumber'),
  tags: 'not @wip',
  worldParameters: { driver: process.env.VRACKLAB_DRIVER ?? 'docker', ...(apiProfile ? { apiProfile } : {}) },
};

export const netns = {
  ...common,
  format: reports('cucumber-netns'),
  tags: 'not @wip',
  worldParameters: { driver: 'netns' },
};

export const containerlab = {
  ...common,
  format: reports('cucumber-containerlab'),
  tags: 'not @wip',
  worldParameters: { driver: 'containerlab' },
};

export const api = {
  ...common,
  // Against the real API the scenarios share the user's own resources: one at a time.
  parallel: realApi ? 1 : common.parallel,
  paths: only ?? ['features/api/**/*.feature'],
  format: reports('cucumber-api'),
  tags: realApi ? `not @wip and not @simulator-only${otherProfiles}` : 'not @wip',
  worldParameters: { driver: 'none', realApi, ...(apiProfile ? { apiProfile } : {}) },
};

export const demo = {
  ...common,
  format: reports('demo'),
  tags: '@demo or (@api and not @profile-2025-10)',
  worldParameters: { driver: process.env.VRACKLAB_DRIVER ?? 'docker' },
};
