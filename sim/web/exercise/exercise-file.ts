/** An exercise file as written (topologies/exercise.schema.json), after schema validation. */

export type ExerciseCheck =
  | { endpoint: { ip: string; vlan?: number | null } }
  | { probe: { from: string; to: string; kind: 'icmp' | 'nfs'; expect: 'ok' | 'refused' } }
  | { route: { host: string; to: string; via: string } }
  | { journal: { kind: string; name: string } }
  | { all: ExerciseCheck[] };

export interface ExerciseStep {
  id: string;
  title: string;
  hint?: string;
  check: ExerciseCheck;
}

export interface Exercise {
  title: string;
  lab: string;
  description?: string;
  steps: ExerciseStep[];
  /** The file it came from. */
  source: string;
}
