/**
 * The step library's documentation metadata: the areas steps are grouped by, and where a step
 * definition carries its example. A step's example rides in its Cucumber options
 * (`wrapperOptions`, which Cucumber keeps on the loaded definition and ignores unless a definition
 * wrapper is set), so the catalogue reads it back from Cucumber's own loaded support code: the
 * documentation cannot list a step that is not registered, and the uri/line Cucumber reports stay
 * those of the step file (a registering wrapper would put its own file there).
 */

/** Areas in the order `vracklab steps` and docs/steps.md print them: id → heading and one line about them. */
export const STEP_AREAS = {
  lab: { title: 'Labs', about: 'Bring a lab file up for the scenario, expose its EFS through the API, change ACLs.' },
  'api-setup': { title: 'API set-up', about: 'What an order or a support ticket would deliver: vRacks, vRack Services, EFS, subnets, simulator limits and faults.' },
  'api-change': { title: 'API changes', about: 'Changes a scenario makes through the vRack Services API; refusals are kept for a Then step.' },
  association: { title: 'vRack association', about: 'Associating vRack Services to a vRack through the v1 vRack API.' },
  assertions: { title: 'API assertions', about: 'Outcomes of API calls and the state of resources: every failure says expected vs measured.' },
  'current-state': { title: 'Current state', about: 'What a change left in the current state, read back through the API.' },
  reachability: { title: 'Reachability', about: 'NFS reads and writes, pings, and their refusal, from the hosts of the lab file.' },
  probes: { title: 'Probes', about: 'Continuous ICMP and NFS probers and what their timelines say about a change.' },
  link: { title: 'vRack links', about: 'A host\'s vRack link pulled out for a while, delayed or lossy (netem), and the 802.1Q tags of its frames.' },
  routing: { title: 'Routing', about: 'Which way traffic leaves a host, and the fixes of the guide "Communicating between different private networks".' },
  'lab-nodes': { title: 'Lab nodes', about: 'Nodes a lab file brings (`nodes:`): an FRR router driven through vtysh, and the path hosts take through it.' },
  security: { title: 'Security', about: 'Hostile input against the API and the lab\'s own credentials.' },
  'pagination-auth': { title: 'Pagination and authentication', about: 'Cursor pagination and OAuth2 / signed authentication, through the client.' },
} as const;

export type StepArea = keyof typeof STEP_AREAS;

/** What a step definition says about itself: its area and one line of Gherkin that uses it (without the keyword). */
export interface StepDoc {
  area: StepArea;
  example: string;
}

/** The key under `wrapperOptions` that holds a step's StepDoc. */
export const STEP_DOC_KEY = 'vracklabStepDoc';

/** The StepDoc of a loaded definition's options, or undefined when it has none (or a malformed one). */
export function stepDocOf(options: unknown): StepDoc | undefined {
  const doc = (options as { wrapperOptions?: Record<string, unknown> } | undefined)?.wrapperOptions?.[STEP_DOC_KEY] as Partial<StepDoc> | undefined;
  if (!doc || typeof doc.example !== 'string' || typeof doc.area !== 'string') return undefined;
  return { area: doc.area, example: doc.example };
}
