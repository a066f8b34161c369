/** The client's v1 vRack association calls (vrack.json) and the polling of their tasks until done. */
import { isApiError } from './api-error.ts';
import type { Transport } from './transport.ts';
import type { VrackTask } from './types.ts';
import type { WaitOptions } from './wait-options.ts';
import { HarnessError } from '../core/errors.ts';
import { StopWaiting, waitFor } from '../core/wait.ts';

const enc = encodeURIComponent;

export function createVrackV1Client(t: Transport) {
  const call = t.call.bind(t);

  async function getVrackTask(sn: string, taskId: number): Promise<VrackTask | undefined> {
    try {
      return await call<VrackTask>('GET', `/1.0/vrack/${enc(sn)}/task/${taskId}`);
    } catch (err) {
      if (isApiError(err, 404)) return undefined;
      throw err;
    }
  }

  async function waitForVrackTask(sn: string, taskId: number, options: WaitOptions = {}): Promise<void> {
    let last: VrackTask | undefined;
    await waitFor(
      async () => {
        last = await getVrackTask(sn, taskId);
        if (last === undefined || last.status === 'done') return true;
        if (last.status === 'cancelled') {
          throw new StopWaiting(
            new HarnessError('VRACK_TASK_CANCELLED', `vRack ${sn} task ${taskId} failed: it was cancelled (${last.function} ${last.targetDomain ?? ''})`, { details: { task: last } }),
          );
        }
        return false;
      },
      {
        what: `vRack ${sn} task ${taskId} to finish`,
        timeoutMs: options.timeoutMs ?? 120_000,
        intervalMs: options.intervalMs ?? 1_000,
        ...(options.signal ? { signal: options.signal } : {}),
        describe: () => (last ? `status ${last.status} (${last.function} ${last.targetDomain ?? ''})` : 'no answer yet'),
      },
    );
  }


  async function associateVrackServices(sn: string, vrsId: string, options: WaitOptions & { wait?: boolean } = {}): Promise<VrackTask> {
    const task = await call<VrackTask>('POST', `/1.0/vrack/${enc(sn)}/vrackServices`, { body: { vrackServices: vrsId } });
    if (options.wait !== false) await waitForVrackTask(sn, task.id, options);
    return task;
  }

  async function dissociateVrackServices(sn: string, vrsId: string, options: WaitOptions & { wait?: boolean } = {}): Promise<VrackTask> {
    const task = await call<VrackTask>('DELETE', `/1.0/vrack/${enc(sn)}/vrackServices/${enc(vrsId)}`);
    if (options.wait !== false) await waitForVrackTask(sn, task.id, options);
    return task;
  }

  return { getVrackTask, waitForVrackTask, associateVrackServices, dissociateVrackServices };
}
