/** A valid lab record for tests (this process, up), with overrides. Not used by production code. */
import { processStartTime } from '../fabric/run-lease.ts';
import type { LabRecord } from './lab-registry.ts';

export const FIXTURE_CREDENTIALS = { oauth2ClientId: 'lab-x', oauth2ClientSecret: 's3cret', applicationKey: 'ak', applicationSecret: 'as', consumerKey: 'ck' };

export function labRecordFixture(over: Partial<LabRecord> = {}): LabRecord {
  const pid = over.pid ?? process.pid;
  return {
    name: 'demo',
    key: 'demo',
    runId: 'abc123',
    pid,
    pidStartTime: processStartTime(pid) as string,
    file: 'x.lab.yml',
    driver: 'netns',
    vlanMode: 'segment',
    apiUrl: 'http://127.0.0.1:19299',
    credentials: FIXTURE_CREDENTIALS,
    hosts: [],
    summary: [],
    ids: {},
    startedAt: '2026-01-01T00:00:00Z',
    state: 'up',
    ...over,
  };
}
