// Reachability from lab hosts: NFS reads and writes proven end to end, pings, and their absence.
import { Then } from '@cucumber/cucumber';
import { HarnessError, expectEqual, expectTrue, icmpProbe, nfsRead, nfsWrite } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';


Then('{host} reads {string} from the EFS at {ip} over NFSv{int}', async function (this: VrackLabWorld, host: string, file: string, ip: string, version: number) {
  const lab = this.requireLab();
  const { storage, exportPath, files } = lab.shareOf(ip);
  const seeded = files[file];
  if (seeded === undefined) {
    throw new HarnessError('NOT_SEEDED', `${file} is not a file the lab seeded in the share of ${storage}, so there is nothing to compare with (seeded: ${Object.keys(files).join(', ') || 'none'})`);
  }
  const content = await nfsRead(lab.host(host), ip, exportPath, file, { version: version as 3 | 4, timeoutMs: 15_000 });
  expectEqual(`content of ${file} read by ${host} from ${ip} (NFSv${version})`, seeded, content);
});

Then('{host} writes {string} to the EFS at {ip} and reads it back', async function (this: VrackLabWorld, host: string, file: string, ip: string) {
  const lab = this.requireLab();
  const { exportPath } = lab.shareOf(ip);
  const text = `written by ${host} at ${new Date().toISOString()}\n`;
  await nfsWrite(lab.host(host), ip, exportPath, file, text, { version: 4, timeoutMs: 15_000 });
  const back = await nfsRead(lab.host(host), ip, exportPath, file, { version: 4, timeoutMs: 15_000 });
  expectEqual(`content of ${file} read back by ${host}`, text, back);
});

Then('{host} is refused reading {string} from the EFS at {ip}', async function (this: VrackLabWorld, host: string, file: string, ip: string) {
  const lab = this.requireLab();
  const { exportPath } = lab.shareOf(ip);
  const outcome = await nfsRead(lab.host(host), ip, exportPath, file, { version: 4, timeoutMs: 15_000 }).then(
    () => 'read succeeded',
    (err: unknown) => {
      const reason = (err as { details?: { reason?: string } }).details?.reason;
      // NFSv4 hides an export the client may not use (not-found); NFSv3 says access denied.
      return reason === 'denied' || reason === 'not-found' ? 'refused' : `failed otherwise: ${(err as Error).message}`;
    },
  );
  expectEqual(`NFS read of ${file} by ${host} from ${ip}`, 'refused', outcome);
});

Then('{host} cannot reach {ip}', async function (this: VrackLabWorld, host: string, ip: string) {
  const r = await icmpProbe(this.requireLab().host(host), ip, { timeoutMs: 1500 });
  expectTrue(`ping from ${host} to ${ip}`, !r.ok, 'no reply', `a reply in ${r.rttMs} ms`);
});

Then('{host} can ping {ip}', async function (this: VrackLabWorld, host: string, ip: string) {
  const r = await icmpProbe(this.requireLab().host(host), ip, { timeoutMs: 3000 });
  expectTrue(`ping from ${host} to ${ip}`, r.ok, 'a reply', r.error ?? 'no reply');
});

