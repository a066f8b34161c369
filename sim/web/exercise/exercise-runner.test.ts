import { describe, expect, it } from 'vitest';
import { createEventJournal } from '../../api/event-journal.ts';
import type { RunningLab } from '../../lab/running-lab.ts';
import type { EndpointView, ExerciseView } from '../view-model.ts';
import { parseExercise } from './load-exercise.ts';
import { ExerciseRunner } from './exercise-runner.ts';

const EXERCISE = parseExercise(
  `title: t
lab: vrack-services
steps:
  - { id: expose, title: expose, check: { endpoint: { ip: 10.120.0.1, vlan: null } } }
  - { id: move, title: move, check: { all: [ { endpoint: { ip: 10.120.0.1, vlan: 100 } }, { journal: { kind: dataplane, name: cut-end } } ] } }
`,
  'ex.yml',
);

const endpoint = (vlan: number | null, attached = true): EndpointView => ({
  ip: '10.120.0.1', subnet: '10.120.0.0/16', vrackServicesId: 'vrs-1', vrackId: 'pn-1', vlan, segment: `vrack:pn-1:${vlan ?? 'untagged'}`, managedServiceURN: 'urn:x', service: 'efs', attached,
});

function setup() {
  const journal = createEventJournal();
  const lab = { simulator: { journal } } as unknown as RunningLab;
  let endpoints: EndpointView[] = [];
  const views: ExerciseView[] = [];
  const runner = new ExerciseRunner(EXERCISE, lab, () => endpoints, (v) => views.push(v));
  const state = async () => {
    runner.poke();
    await runner.settled();
    return Object.fromEntries(views.at(-1)!.steps.map((s) => [s.id, s.done ? 'done' : s.current ? 'current' : 'later']));
  };
  return { journal, runner, set: (e: EndpointView[]) => (endpoints = e), state };
}

describe('an exercise on a lab', () => {
  it('turns steps green in order as the lab changes, and keeps them green', async () => {
    const { journal, set, state } = setup();
    expect(await state()).toEqual({ expose: 'current', move: 'later' });
    set([endpoint(null, false)]);
    expect(await state()).toEqual({ expose: 'current', move: 'later' }); // in the API, no NIC yet
    set([endpoint(null)]);
    expect(await state()).toEqual({ expose: 'done', move: 'current' });
    set([endpoint(100)]);
    expect(await state()).toEqual({ expose: 'done', move: 'current' }); // no cut seen yet
    journal.record('dataplane', 'cut-end', {});
    expect(await state()).toEqual({ expose: 'done', move: 'done' });
    set([]);
    expect(await state()).toEqual({ expose: 'done', move: 'done' });
  });

  it('counts a journal event only after its step became current', async () => {
    const { journal, set, state } = setup();
    journal.record('dataplane', 'cut-end', {});
    set([endpoint(null)]);
    expect(await state()).toEqual({ expose: 'done', move: 'current' });
    set([endpoint(100)]);
    expect(await state()).toEqual({ expose: 'done', move: 'current' });
  });
});
