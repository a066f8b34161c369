/**
 * The public API of the vracklab engine: explicit named exports. Steps and the CLI import from here.
 */
export { HarnessError, invalidInput, isHarnessError, describeError } from './core/errors.ts';
export { realExec, recordingExec, formatCommand } from './core/exec.ts';
export type { Exec, ExecOptions, ExecResult } from './core/exec.ts';
export { newRunId, objectName, runIdOf, LABEL_RUN_ID, LABEL_LAB } from './core/run-id.ts';
export { CleanupStack } from './core/cleanup-stack.ts';
export { waitFor, delay } from './core/wait.ts';
export { parseDuration } from './core/duration.ts';
export { NameBook } from './scenario/name-book.ts';
export { startSimulatorSession, realApiSession, requireSimulator, attempt } from './scenario/api-session.ts';
export type { ApiSession, ApiOutcome } from './scenario/api-session.ts';
export { expectEqual, expectTrue, expectContains, ExpectationError } from './scenario/expectation.ts';
export { addSubnet, editSubnet, removeSubnet, addEndpoints, removeEndpoints } from './scenario/spec-edit.ts';
export type { SubnetInput } from './scenario/spec-edit.ts';
export { startLab } from './lab/lab-runner.ts';
export type { StartLabOptions } from './lab/lab-runner.ts';
export type { RunningLab } from './lab/running-lab.ts';
export { collectGarbage, stopLab } from './lab/lab-stop.ts';
export { referenceLabFile } from './lab/reference-lab.ts';
export { routeVia, watchIcmpSources, parseRouteGet } from './scenario/net-inspect.ts';
export { createSimulator, DEV_CREDENTIALS } from './api/simulator.ts';
export type { Simulator, SimulatorOptions, Timings } from './api/simulator.ts';
export { createClient, clientFromEnv, ApiError } from './client/client.ts';
export type { VrackServicesClient, ClientConfig } from './client/client.ts';
export type { Page } from './client/transport.ts';
export type { TargetSpec, TargetSubnet, VrackServices, VrackServicesWithIAM, Task } from './client/types.ts';
export { nfsRead, nfsWrite, nfsList } from './services/efs/nfs-client.ts';
export { icmpProbe, tcpProbe, nfsProbe } from './probe/one-shot.ts';
export { startProber } from './probe/prober.ts';
export type { Prober, ProberOptions } from './probe/prober.ts';
export type { LabHost } from './fabric/host.ts';
export { outageWindows } from './probe/outage-windows.ts';
export { renderTimelineSvg } from './probe/timeline-svg.ts';
export type { Timeline, Sample } from './probe/sample.ts';
export { loadLab, parseLab } from './topology/load.ts';
export type { ResolvedLab } from './topology/model.ts';
export { parseRealResources, realResource, sameRegion, serviceNameOfUrn } from './scenario/real-resources.ts';
