// Cucumber profiles. `default` builds labs with the docker driver; `netns` with network namespaces;
// `api` runs only the control-plane features (the built-in simulator, or the real OVHcloud API when
// OVH_* credentials are set — then @simulator-only scenarios are left out); `demo` is make demo's
// selection. Reports: progress on the terminal, HTML, JUnit XML and messages under reports/.
const realApi = Boolean(process.env.OVH_ENDPOINT && (process.env.OVH_CLIENT_ID || process.env.OVH_APPLICATION_KEY));

const reports = (name) => [
  'progress',
  `html:reports/${name}.html`,
  `junit:reports/${name}.xml`,
  `message:reports/${name}.ndjson`,
];

// VRACKLAB_FEATURES narrows a run to some files or directories (space-separated).
const only = process.env.VRACKLAB_FEATURES?.split(/\s+/).filter(Boolean);

const common = {
  import: ['steps/**/*.ts'],
  paths: only ?? ['features/**/*.feature'],
  formatOptions: { snippetInterface: 'async-await' },
  // One lab per worker at a time; two workers keep both cores busy while one waits on a task.
  parallel: Number(process.env.VRACKLAB_PARALLEL ?? 2),
  strict: true,
};

export default {
  ...common,
  format: reports('cucumber'),
  tags: 'not @wip',
  worldParameters: { driver: process.env.VRACKLAB_DRIVER ?? 'docker' },
};

export const netns = {
  ...common,
  format: reports('cucumber-netns'),
  tags: 'not @wip',
  worldParameters: { driver: 'netns' },
};

export const api = {
  ...common,
  // Against the real API the scenarios share the user's own resources: one at a time.
  parallel: realApi ? 1 : common.parallel,
  paths: only ?? ['features/api/**/*.feature'],
  format: reports('cucumber-api'),
  tags: realApi ? 'not @wip and not @simulator-only' : 'not @wip',
  worldParameters: { driver: 'none', realApi },
};

export const demo = {
  ...common,
  format: reports('demo'),
  tags: '@demo or (@api and not @profile-2025-10)',
  worldParameters: { driver: process.env.VRACKLAB_DRIVER ?? 'docker' },
};
