/**
 * Runs an exercise on a running lab: the first step not yet done is current; its check is evaluated
 * after each change the journal reports and every few seconds (the CLI changes hosts without going
 * through the API: `vracklab exec`, `vracklab routes`). A step that passed stays done. One
 * evaluation at a time; a change during one triggers another right after.
 */
import type { RunningLab } from '../../lab/running-lab.ts';
import type { EndpointView, ExerciseView } from '../view-model.ts';
import type { Exercise } from './exercise-file.ts';
import { evaluateCheck } from './exercise-checks.ts';

const RECHECK_MS = 2_000;

export class ExerciseRunner {
  private readonly done = new Set<string>();
  private readonly details = new Map<string, string>();
  private currentSinceSeq = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly exercise: Exercise;
  private readonly lab: RunningLab;
  private readonly endpoints: () => readonly EndpointView[];
  private readonly publish: (view: ExerciseView) => void;

  constructor(exercise: Exercise, lab: RunningLab, endpoints: () => readonly EndpointView[], publish: (view: ExerciseView) => void) {
    this.exercise = exercise;
    this.lab = lab;
    this.endpoints = endpoints;
    this.publish = publish;
    this.currentSinceSeq = lab.simulator.journal.list().at(-1)?.seq ?? 0;
  }

  start(): void {
    this.timer = setInterval(() => this.poke(), RECHECK_MS);
    this.poke();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Something changed: evaluate the current step (now, or right after the evaluation in flight). */
  poke(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.evaluate().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  /** Resolves when no evaluation is in flight (tests). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private currentStep() {
    return this.exercise.steps.find((s) => !this.done.has(s.id));
  }

  private async evaluate(): Promise<void> {
    // Steps that pass one after another pass in one evaluation (a trainee may act faster than we look).
    for (let step = this.currentStep(); step; step = this.currentStep()) {
      const eventsSince = this.lab.simulator.journal.list({ since: this.currentSinceSeq });
      const outcome = await evaluateCheck(step.check, { lab: this.lab, endpoints: this.endpoints(), eventsSince });
      this.details.set(step.id, outcome.detail);
      if (!outcome.ok) break;
      this.done.add(step.id);
      this.currentSinceSeq = this.lab.simulator.journal.list().at(-1)?.seq ?? this.currentSinceSeq;
    }
    this.publish(this.view());
  }

  view(): ExerciseView {
    const current = this.currentStep();
    return {
      title: this.exercise.title,
      file: this.exercise.source,
      steps: this.exercise.steps.map((s) => ({
        id: s.id,
        title: s.title,
        hint: s.hint ?? '',
        done: this.done.has(s.id),
        current: s === current,
        detail: this.details.get(s.id) ?? '',
      })),
    };
  }
}
