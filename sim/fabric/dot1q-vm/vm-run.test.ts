import { describe, expect, it } from 'vitest';
import { shareArgs, shareMounts } from './vm-run.ts';

describe('VM shares', () => {
  it('passes each share to qemu as a 9p device, read-only unless writable', () => {
    expect(shareArgs([{ path: '/p' }, { path: '/p/reports', writable: true }])).toEqual([
      '-fsdev', 'local,id=fs0,path=/p,security_model=none,readonly=on', '-device', 'virtio-9p-pci,fsdev=fs0,mount_tag=vl0',
      '-fsdev', 'local,id=fs1,path=/p/reports,security_model=none', '-device', 'virtio-9p-pci,fsdev=fs1,mount_tag=vl1',
    ]);
  });

  it('refuses a path qemu would split at a comma, or one that climbs out', () => {
    expect(() => shareArgs([{ path: '/a,readonly=off' }])).toThrow(/refused/);
    expect(() => shareArgs([{ path: '/a/../etc' }])).toThrow(/refused/);
    expect(() => shareArgs([{ path: '/ok', at: 'relative' }])).toThrow(/refused/);
  });

  it('mounts each share at its path in the VM (or its `at`), stopping the script when one fails', () => {
    const lines = shareMounts([{ path: '/p' }, { path: '/n', at: '/opt/n' }]).split('\n');
    expect(lines[0]).toBe(`mkdir -p '/p' && mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,ro,cache=loose vl0 '/p' || { echo "VLVM-SHARE-FAILED /p"; exit 97; }`);
    expect(lines[1]).toContain(`vl1 '/opt/n'`);
  });
});
