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

// VRACKLAB_NO_BUILD=1: read the profiles without building (a unit test of this file).
if (process.env.VRACKLAB_NO_BUILD !== '1' && !distIsFresh()) (await import('./scripts/build.ts')).ensureBuilt();

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
  plugin: ['./dist/sim/cucumber/did-you-mean-plugin.js'],
  // One lab per worker at a time; two workers keep both cores busy while one waits on a task.
  parallel: Number(process.env.VRACKLAB_PARALLEL ?? 2),
  strict: true,
};

// Scenarios that need what this machine's kernel lacks (802.1Q tags, netem) are tagged @needs-dot1q /
// @needs-netem and run in the dot1q VM layer (profile dot1qVm, scripts/dot1q-vm.ts), on a Debian
// kernel that has them. Run here by name, their steps refuse, naming the missing capability.
const hostTags = 'not @wip and not @needs-dot1q and not @needs-netem';

export default {
  ...common,
  format: reports('cucumber'),
  tags: hostTags,
  worldParameters: { driver: process.env.VRACKLAB_DRIVER ?? 'docker', ...(apiProfile ? { apiProfile } : {}) },
};

export const netns = {
  ...common,
  format: reports('cucumber-netns'),
  tags: hostTags,
  worldParameters: { driver: 'netns' },
};

export const containerlab = {
  ...common,
  format: reports('cucumber-containerlab'),
  tags: hostTags,
  worldParameters: { driver: 'containerlab' },
};

// The dot1q VM layer (scripts/dot1q-vm.ts runs it inside a Debian-kernel VM): the scenarios tagged
// @dot1q-vm, hosts as namespaces, the VLAN mode forced to dot1q (a kernel without 8021q refuses it,
// and the lab step checks the fabric used it). VRACKLAB_VLAN_MODE=segment there is the red check.
const VLAN_MODES = ['auto', 'segment', 'dot1q'];
const vlanMode = process.env.VRACKLAB_VLAN_MODE ?? 'dot1q';
if (!VLAN_MODES.includes(vlanMode)) throw new Error(`VRACKLAB_VLAN_MODE=${vlanMode}: unknown VLAN mode; valid: ${VLAN_MODES.join(', ')}`);

export const dot1qVm = {
  ...common,
  format: reports('cucumber-dot1q-vm'),
  tags: '@dot1q-vm and not @wip',
  worldParameters: { driver: 'netns', vlanMode },
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
  tags: '(@demo or (@api and not @profile-2025-10)) and not @needs-dot1q and not @needs-netem',
  worldParameters: { driver: process.env.VRACKLAB_DRIVER ?? 'docker' },
};
