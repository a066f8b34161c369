import { describe, expect, it } from 'vitest';
import type { ShareView, StorageServiceView } from '../../api/data-plane.ts';
import { aclPrefixLength, assignExportIds, DEFAULT_MOUNT_PORT, renderGaneshaConfig } from './ganesha-config.ts';

const share = (id: string, acls: ShareView['acls'], exportPath = `/share_${id}`): ShareView => ({ id, name: `n-${id}`, protocol: 'NFS', sizeGiB: 10, exportPath, acls });
const service = (shares: ShareView[]): StorageServiceView => ({ serviceName: 'efs-1', urn: 'urn:v1:eu:resource:storageNetApp:efs-1', region: 'eu-west-lim', shares });

/** The EXPORT block of one share, as text. */
function exportBlockOf(config: string, shareId: string): string {
  const start = config.indexOf(`# share ${shareId}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = config.indexOf('\n}\n', start);
  return config.slice(start, end + 2);
}

describe('renderGaneshaConfig', () => {
  const config = renderGaneshaConfig(
    service([
      share('s1', [
        { id: 'a1', accessTo: '10.120.0.0/16', accessLevel: 'rw' },
        { id: 'a2', accessTo: '10.120.3.7', accessLevel: 'ro' },
      ]),
      share('s2', []),
    ]),
    { exportRoot: '/srv/efs/' },
  );

  it('fixes the MOUNT port to the one the EFS server waits on (Linux mountd’s 20048)', () => {
    expect(DEFAULT_MOUNT_PORT).toBe(20048);
    expect(config).toMatch(/^ {4}MNT_Port = 20048;$/m);
  });

  it('writes one EXPORT per share with path, pseudo path, protocols, transport, FSAL and squash', () => {
    expect(config.match(/^EXPORT \{$/gm)).toHaveLength(2);
    const s1 = exportBlockOf(config, 's1');
    expect(s1).toContain('Export_Id = 1;');
    expect(s1).toContain('Path = "/srv/efs/s1";');
    expect(s1).toContain('Pseudo = "/share_s1";');
    expect(s1).toContain('Protocols = 3, 4;');
    expect(s1).toContain('Transports = TCP;');
    expect(s1).toContain('Squash = Root_Squash;');
    expect(s1).not.toContain('No_Root_Squash');
    expect(s1).toMatch(/Anonymous_Uid = 65534;\s+Anonymous_Gid = 65534;/);
    expect(s1).toMatch(/FSAL \{\s+Name = VFS;\s+\}/);
    expect(exportBlockOf(config, 's2')).toContain('Export_Id = 2;');
  });

  it('refuses hosts outside the ACLs and writes one CLIENT per ACL, most specific first, unquoted', () => {
    const s1 = exportBlockOf(config, 's1');
    expect(s1).toMatch(/Squash = Root_Squash;[\s\S]*Access_Type = None;[\s\S]*CLIENT/);
    const clients = [...s1.matchAll(/CLIENT \{\s+# ACL (\S+)\s+Clients = ([^;]+);\s+Access_Type = (RW|RO);\s+\}/g)].map((m) => [m[1], m[2], m[3]]);
    expect(clients).toEqual([
      ['a2', '10.120.3.7', 'RO'],
      ['a1', '10.120.0.0/16', 'RW'],
    ]);
    // A share with no ACL is exported to nobody.
    const s2 = exportBlockOf(config, 's2');
    expect(s2).toContain('Access_Type = None;');
    expect(s2).not.toContain('CLIENT');
  });

  it('sets the core, NFSv4 and log parameters', () => {
    expect(config).toMatch(/NFS_CORE_PARAM \{[^}]*Protocols = 3, 4;[^}]*mount_path_pseudo = true;[^}]*\}/);
    expect(config).toMatch(/NFSV4 \{[^}]*Graceless = true;[^}]*Lease_Lifetime = 10;[^}]*\}/);
    // Files removed on disk (a lab reset) must not linger in ganesha's directory cache.
    expect(config).toMatch(/MDCACHE \{[^}]*Dir_Chunk = 0;[^}]*\}/);
    expect(config).toMatch(/LOG \{[^}]*Default_Log_Level = EVENT;[^}]*\}/);
    expect(config).not.toContain('RecoveryRoot');
    expect(config).not.toMatch(/^\s*Bind_addr\s*=/m);
    expect(renderGaneshaConfig(service([]), { exportRoot: '/e', recoveryRoot: '/e/.efs/v4recov', leaseLifetimeS: 5 })).toMatch(
      /Lease_Lifetime = 5;[\s\S]*RecoveryRoot = "\/e\/\.efs\/v4recov";/,
    );
  });

  it('is deterministic and balanced', () => {
    const again = renderGaneshaConfig(
      service([
        share('s1', [
          { id: 'a1', accessTo: '10.120.0.0/16', accessLevel: 'rw' },
          { id: 'a2', accessTo: '10.120.3.7', accessLevel: 'ro' },
        ]),
        share('s2', []),
      ]),
      { exportRoot: '/srv/efs' },
    );
    expect(again).toBe(config);
    expect(config.split('{').length).toBe(config.split('}').length);
  });

  it('keeps export ids given earlier', () => {
    const text = renderGaneshaConfig(service([share('s1', []), share('s3', [])]), { exportRoot: '/e', exportIds: new Map([['s3', 7]]) });
    expect(exportBlockOf(text, 's3')).toContain('Export_Id = 7;');
    expect(exportBlockOf(text, 's1')).toContain('Export_Id = 1;');
  });

  it('refuses input that would break the configuration, naming it', () => {
    expect(() => renderGaneshaConfig(service([share('s1', [{ id: 'x', accessTo: '10.0.0.0/16; }', accessLevel: 'rw' }])]), { exportRoot: '/e' })).toThrow(
      /invalid ACL accessTo: must be an IPv4 address or CIDR block/,
    );
    expect(() => renderGaneshaConfig(service([share('s1', [], 'share"1')]), { exportRoot: '/e' })).toThrow(/invalid share s1 exportPath/);
    expect(() => renderGaneshaConfig(service([share('../x', [])]), { exportRoot: '/e' })).toThrow(/invalid share id/);
    expect(() => renderGaneshaConfig(service([share('a', [], '/p'), share('b', [], '/p')]), { exportRoot: '/e' })).toThrow(/same export path/);
    expect(() => renderGaneshaConfig(service([]), { exportRoot: 'relative' })).toThrow(/invalid EFS exportRoot/);
    const badLevel = share('s1', [{ id: 'x', accessTo: '10.0.0.1', accessLevel: 'admin' as 'rw' }]);
    expect(() => renderGaneshaConfig(service([badLevel]), { exportRoot: '/e' })).toThrow(/must be ro or rw .*valid: ro, rw/);
  });
});

describe('renderGaneshaConfig and free text (security review #1)', () => {
  const injected = 'x)\nEXPORT { Export_Id = 999; Path = "/"; Pseudo = "/pwn"; Protocols = 3, 4; Access_Type = RW; Squash = No_Root_Squash; SecType = sys; FSAL { Name = VFS; } }\n#(';

  it('refuses a share name with a line break, naming the share and the rule', () => {
    const evil = { ...share('s1', []), name: injected };
    expect(() => renderGaneshaConfig(service([evil]), { exportRoot: '/e' })).toThrow(/invalid share s1 name: .*letters, digits, spaces/);
  });

  it('never writes the share name into the config (comment lines carry the id only)', () => {
    const text = renderGaneshaConfig(service([{ ...share('s1', []), name: 'my share' }]), { exportRoot: '/e' });
    expect(text).toContain('# share s1\n');
    expect(text).not.toContain('my share');
  });

  it('refuses an IPv6 client with a %zone (the simulator\'s ACL rule is IPv4 only)', () => {
    const evil = share('s1', [{ id: 'a1', accessTo: 'fe80::1%x;}EXPORT{', accessLevel: 'rw' }]);
    expect(() => renderGaneshaConfig(service([evil]), { exportRoot: '/e' })).toThrow(/invalid ACL accessTo/);
  });

  it('refuses free text in the header, ACL ids and the recovery root', () => {
    expect(() => renderGaneshaConfig({ ...service([]), region: 'lim\nLOG {' }, { exportRoot: '/e' })).toThrow(/invalid EFS region/);
    expect(() => renderGaneshaConfig({ ...service([]), urn: 'urn:x\n}' }, { exportRoot: '/e' })).toThrow(/invalid EFS urn/);
    expect(() => renderGaneshaConfig(service([share('s1', [{ id: 'a\n}', accessTo: '10.0.0.1', accessLevel: 'rw' }])]), { exportRoot: '/e' })).toThrow(/invalid ACL id/);
    expect(() => renderGaneshaConfig(service([]), { exportRoot: '/e', recoveryRoot: '/e";\n' })).toThrow(/invalid EFS recoveryRoot/);
  });

  it('root-squashes every client but the ACLs listed in noRootSquash (positive control)', () => {
    const s = share('s1', [
      { id: 'a1', accessTo: '10.1.0.0/16', accessLevel: 'rw' },
      { id: 'a2', accessTo: '10.2.0.5', accessLevel: 'rw' },
    ]);
    const text = renderGaneshaConfig(service([s]), { exportRoot: '/e', noRootSquash: [{ share: 'n-s1', accessTo: '10.2.0.5' }] });
    expect(text).toMatch(/# ACL a2\s+Clients = 10\.2\.0\.5;\s+Access_Type = RW;\s+Squash = No_Root_Squash;/);
    expect(text).toMatch(/# ACL a1\s+Clients = 10\.1\.0\.0\/16;\s+Access_Type = RW;\s+\}/);
  });
});

describe('assignExportIds', () => {
  it('keeps known ids and fills the lowest free ones in share order', () => {
    const ids = assignExportIds([{ id: 'a' }, { id: 'b' }, { id: 'c' }], new Map([['b', 1], ['gone', 2]]));
    expect([...ids]).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 3],
    ]);
  });
});

describe('aclPrefixLength', () => {
  it.each([
    ['10.1.2.3', 32],
    ['10.1.0.0/16', 16],
    ['0.0.0.0/0', 0],
  ])('%s → /%i', (acl, prefix) => expect(aclPrefixLength(acl)).toBe(prefix));

  // The API refuses IPv6 and leading zeros (api/rules/acl-rule.ts); the EFS renders nothing else.
  it.each(['10.1.0.0/33', 'host.example', '10.1.0.0/16/1', '', '10.1.0.0/x', '*', '2001:db8::1', '2001:db8::/48', '010.1.0.0/16'])('refuses %j', (acl) => {
    expect(() => aclPrefixLength(acl)).toThrow(/invalid ACL accessTo/);
  });
});
