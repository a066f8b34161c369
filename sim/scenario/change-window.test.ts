import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../api/event-journal.ts';
import { changeWindowSince } from './change-window.ts';

const ev = (seq: number, atMs: number, kind: JournalEvent['kind'], name: string): JournalEvent => ({ seq, at: new Date(atMs).toISOString(), kind, name, data: {} });

describe('changeWindowSince', () => {
  const events = [
    ev(1, 1000, 'request', 'PUT /v2/vrackServices/resource/:id'),
    ev(2, 5000, 'request', 'GET /v2/vrackServices/resource/:id'),
    ev(3, 6000, 'request', 'PUT /v2/vrackServices/resource/:id'),
    ev(4, 6200, 'task', 'PENDING->RUNNING'),
    ev(5, 6400, 'dataplane', 'attach'),
    ev(6, 6900, 'task', 'RUNNING->DONE'),
    ev(7, 7000, 'request', 'GET /v2/vrackServices/resource/:id'),
  ];

  it('runs from the first change request after `since` to the last work it caused', () => {
    expect(changeWindowSince(events, 2000)).toEqual({ from: 6000, to: 6900 });
  });

  it('ignores reads, and is undefined when nothing changed', () => {
    expect(changeWindowSince(events, 6950)).toBeUndefined();
  });

  it('counts a lab-admin suspension as a change', () => {
    expect(changeWindowSince([ev(1, 100, 'lab', 'suspended'), ev(2, 300, 'dataplane', 'detach')], 0)).toEqual({ from: 100, to: 300 });
  });
});
