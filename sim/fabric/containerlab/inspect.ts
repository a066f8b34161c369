/**
 * `containerlab inspect --details --format json`: per lab, its containers with their labels and
 * the PID of their main process — what the fabric needs to plumb a host's NICs (`ip link … netns PID`).
 */
import { HarnessError } from '../../core/errors.ts';
import type { Exec } from '../../core/exec.ts';
import { CONTAINERLAB_ENV, containerlabBin } from './cli.ts';

export interface InspectedNode {
  /** The node name (our host name), containerlab's `clab-node-name` label. */
  node: string;
  /** The container's name, `clab-<lab>-<node>`. */
  container: string;
  state: string;
  pid: number;
  labels: Record<string, string>;
}

interface DetailedContainer {
  Names?: string[];
  State?: string;
  Pid?: number;
  Labels?: Record<string, string>;
}

/** Parses inspect's JSON (`{ "<lab>": [container, …] }`) into the nodes of lab `lab`. */
export function parseInspect(json: string, lab: string): InspectedNode[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new HarnessError('CONTAINERLAB_INSPECT_FAILED', `containerlab inspect of lab ${lab}: its output is not JSON (${String(err)}; first bytes ${JSON.stringify(json.slice(0, 80))})`, { cause: err });
  }
  const containers = (parsed as Record<string, DetailedContainer[] | undefined>)[lab] ?? [];
  return containers.map((c) => ({
    node: c.Labels?.['clab-node-name'] ?? '',
    container: c.Names?.[0]?.replace(/^\//, '') ?? '',
    state: c.State ?? 'unknown',
    pid: typeof c.Pid === 'number' ? c.Pid : 0,
    labels: c.Labels ?? {},
  }));
}

/** The nodes of the lab deployed from `file` (named `lab`), as containerlab reports them. */
export async function inspectLab(exec: Exec, file: string, lab: string): Promise<InspectedNode[]> {
  const r = await exec(containerlabBin(), ['inspect', '-t', file, '--details', '--format', 'json'], { env: CONTAINERLAB_ENV, timeoutMs: 120_000 });
  return parseInspect(r.stdout, lab);
}
