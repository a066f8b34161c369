// Reachability from lab hosts: NFS reads and writes proven end to end, pings, and their absence.
import { Then } from '@cucumber/cucumber';
import { HarnessError, expectEqual, expectTrue, icmpProbe, nfsRead, nfsWrite } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('reachability');


Then('{host} reads {string} from the EFS at {ip} over NFSv{int}', example('bm1 reads "hello.txt" from the EFS at 10.120.0.8 over NFSv4'), async function (this: VrackLabWorld, host: string, file: string, ip: string, version: number) {
  const lab = this.requireLab();
  const { storage, exportPath, files } = lab.shareOf(ip);
  const seeded = files[file];
  if (seeded === undefined) {
    throw new HarnessError('NOT_SEEDED', `${file} is not a file the lab seeded in the share of ${storage}, so there is nothing to compare with (seeded: ${Object.keys(files).join(', ') || 'none'})`);
  }
  const content = await nfsRead(lab.host(host), ip, exportPath, file, { version: version as 3 | 4, timeoutMs: 15_000 });
  expectEqual(`content of ${file} read by ${host} from ${ip} (NFSv${version})`, seeded, content);
});

Then('{host} writes {string} to the EFS at {ip} and reads it back', example('bm1 writes "from-bm1.txt" to the EFS at 10.120.0.1 and reads it back'), async function (this: VrackLabWorld, host: string, file: string, ip: string) {
  const lab = this.requireLab();
  const { exportPath } = lab.shareOf(ip);
  const text = `written by ${host} at ${new Date().toISOString()}\n`;
  await nfsWrite(lab.host(host), ip, exportPath, file, text, { version: 4, timeoutMs: 15_000 });
  const back = await nfsRead(lab.host(host), ip, exportPath, file, { version: 4, timeoutMs: 15_000 });
  expectEqual(`content of ${file} read back by ${host}`, text, back);
});

/**
 * An ACL refusal is `denied` and nothing else: NFSv3 says access denied, NFSv4 hides the export
 * (nfs-client maps that to denied too). A missing file or export, a timeout or a broken tool is not
 * a refusal, and fails the step with its own words.
 */
async function refusal(attempt: Promise<unknown>): Promise<string> {
  return attempt.then(
    () => 'it succeeded',
    (err: unknown) => {
      const reason = (err as { details?: { reason?: string } }).details?.reason;
      return reason === 'denied' ? 'denied' : `failed otherwise (${reason ?? 'no NFS reason'}): ${(err as Error).message}`;
    },
  );
}

Then('{host} is refused reading {string} from the EFS at {ip}', example('bm1 is refused reading "hello.txt" from the EFS at 10.120.0.1'), async function (this: VrackLabWorld, host: string, file: string, ip: string) {
  // Both versions must refuse. ganesha answers a wrong export path with the same refusal (measured:
  // v4 hides it, v3 denies the mount), so the scenarios read the same path successfully before
  // or after the refusal: that positive control proves the path.
  const lab = this.requireLab();
  for (const version of [4, 3] as const) {
    const outcome = await refusal(nfsRead(lab.host(host), ip, lab.shareOf(ip).exportPath, file, { version, timeoutMs: 15_000 }));
    expectEqual(`NFSv${version} read of ${file} by ${host} from ${ip}`, 'denied', outcome);
  }
});

Then('{host} is refused writing {string} to the EFS at {ip}', example('bm1 is refused writing "from-bm1.txt" to the EFS at 10.120.0.1'), async function (this: VrackLabWorld, host: string, file: string, ip: string) {
  const lab = this.requireLab();
  const outcome = await refusal(nfsWrite(lab.host(host), ip, lab.shareOf(ip).exportPath, file, `written by ${host}\n`, { version: 4, timeoutMs: 15_000 }));
  expectEqual(`NFS write of ${file} by ${host} to ${ip}`, 'denied', outcome);
});

Then('{host} cannot reach {ip}', example('pod2 cannot reach 10.0.2.142'), async function (this: VrackLabWorld, host: string, ip: string) {
  // A refusal of the network (no reply, unreachable); a probe that could not run throws PROBE_NOT_RUN.
  const r = await icmpProbe(this.requireLab().host(host), ip, { timeoutMs: 1500 });
  expectTrue(`ping from ${host} to ${ip}`, !r.ok && r.refusal !== undefined, 'no reply, or unreachable', r.ok ? `a reply in ${r.rttMs} ms` : `${r.error}`);
});

Then('{host} can ping {ip}', example('vm1 can ping 10.0.1.146'), async function (this: VrackLabWorld, host: string, ip: string) {
  const r = await icmpProbe(this.requireLab().host(host), ip, { timeoutMs: 3000 });
  expectTrue(`ping from ${host} to ${ip}`, r.ok, 'a reply', r.error ?? 'no reply');
});

