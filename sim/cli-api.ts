/**
 * What the `vracklab` CLI (sim/cli) uses of the engine, in one place: the CLI imports from here
 * instead of from the modules inside each floor, so moving code between files inside sim/ does not
 * reach into the commands. Not sim/index.ts: that one re-exports `runApiCommand` from the CLI, and
 * importing it back would close a circle.
 */
export { HarnessError, invalidInput, isHarnessError, describeError } from './core/errors.ts';
export { waitFor } from './core/wait.ts';
export { parseDuration } from './core/duration.ts';

export { createSimulator } from './api/simulator.ts';
export { DEV_CREDENTIALS } from './api/credentials.ts';
export { PROFILE_NAMES } from './api/profiles.ts';
export type { ProfileName } from './api/profiles.ts';
export { TIMINGS_PRESETS } from './api/timings.ts';
export type { TimingsPreset } from './api/timings.ts';

export { createClient } from './client/client.ts';
export type { VrackServicesClient } from './client/client.ts';
export { ApiError } from './client/api-error.ts';
export { configFromEnv } from './client/env.ts';
export { resolveEndpoint } from './client/endpoints.ts';
export { summarizeVrackServices } from './client/summary.ts';
export type { ClientConfig } from './client/transport.ts';
export { addEndpoints, addSubnet } from './scenario/spec-edit.ts';

export { startLab } from './lab/lab-runner.ts';
export { labApiConnection, labStateDir, listLabRecords, readLabRecord, requireLabRecord, isLabProcessAlive, assertLabNotRunning } from './lab/lab-registry.ts';
export type { LabRecord } from './lab/lab-registry.ts';
export { stopLab, collectGarbage, collectRun } from './lab/lab-stop.ts';
export { setHostRoutesOf, setRoutingAsDefaultOf } from './lab/lab-routing.ts';

export { loadLab } from './topology/load.ts';
export type { ResolvedLab } from './topology/model.ts';
export { renderDot } from './topology/graph-dot.ts';
export { renderMermaid } from './topology/graph-mermaid.ts';

export { hostFromRecord } from './fabric/fabric.ts';
export { doctorReport, formatDoctorReport } from './fabric/doctor-report.ts';
export { allRecipes, getRecipe } from './fabric/images/registry.ts';
export { buildImage, imageStatus } from './fabric/images/image-build.ts';
export { renderDockerfile } from './fabric/images/dockerfile.ts';
