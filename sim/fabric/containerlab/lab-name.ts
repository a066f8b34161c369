/**
 * The names of containerlab labs vracklab deploys end in the run id, which is what gc reads from a
 * lab directory, a file, an ssh config or a namespace link name: `vracklab-<lab>-<runid>` (the
 * export with a run id, render.ts's containerlabName, and a driver lab's first deployment) and
 * `vracklab-<lab>-<n>-<runid>` (the driver's later deployments: hosts added to a running lab).
 */

/** The run id at the end of a containerlab lab name we render (`vracklab-<lab>-<runid>`). */
export function clabNameRunId(name: string): string | undefined {
  return /^vracklab-.+-([a-z0-9]{6})$/.exec(name)?.[1];
}

/** The containerlab lab name of deployment `n` (0: the first) of vracklab lab `labName` in run `runId`. */
export function deploymentName(labName: string, runId: string, n: number): string {
  return n === 0 ? `vracklab-${labName}-${runId}` : `vracklab-${labName}-${n}-${runId}`;
}
