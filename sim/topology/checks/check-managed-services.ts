/** The managed services (storageNetApp, the EFS) of a lab file: region, shares, files and ACLs. */
import { didYouMean } from '../did-you-mean.ts';
import { ACCESS_TO_RULE, parseAccessTo } from '../../api/rules/acl-rule.ts';
import type { DocPath } from '../lab-issue.ts';
import type { ShareFile } from '../lab-file.ts';
import type { CheckContext } from './check-context.ts';

export function checkManagedServices(ctx: CheckContext): void {
  const { profile, regions } = ctx;
  (ctx.lab.managedServices?.storageNetApp ?? []).forEach((s, i) => {
    const p: DocPath = ['managedServices', 'storageNetApp', i];
    ctx.claimName(s.name, [...p, 'name']);
    ctx.efsRegion.set(s.name, s.region);
    if (!regions.includes(s.region)) ctx.add([...p, 'region'], `unknown region ${JSON.stringify(s.region)} for storageNetApp ${JSON.stringify(s.name)}: not a region of profile ${profile}${didYouMean(s.region, regions)} (valid: ${regions.join(', ')})`);
    const shareNames: string[] = [];
    (s.shares ?? []).forEach((sh, j) => {
      const sp: DocPath = [...p, 'shares', j];
      if (shareNames.includes(sh.name)) ctx.add([...sp, 'name'], `duplicate share ${JSON.stringify(sh.name)} in ${JSON.stringify(s.name)}: share names are unique per service`);
      shareNames.push(sh.name);
      checkShare(ctx, sh, sp);
    });
  });
}

function checkShare(ctx: CheckContext, sh: ShareFile, sp: DocPath): void {
  for (const path of Object.keys(sh.files ?? {})) {
    if (path.startsWith('/') || path.split('/').some((seg) => seg === '..' || seg === '')) {
      ctx.add([...sp, 'files', path], `invalid file path ${JSON.stringify(path)} in share ${JSON.stringify(sh.name)}: must be relative, without '..' or empty parts (e.g. dir/hello.txt)`);
    }
  }
  (sh.acls ?? []).forEach((a, k) => {
    // The simulator's own rule (api/rules/acl-rule.ts); the lab file asks in addition for a CIDR's
    // network address, which is what a reader expects (a bare IP is one host).
    const acl = parseAccessTo(a.accessTo);
    if (!acl) ctx.add([...sp, 'acls', k, 'accessTo'], `invalid ACL accessTo ${JSON.stringify(a.accessTo)} in share ${JSON.stringify(sh.name)}: must be ${ACCESS_TO_RULE} (e.g. 10.120.0.0/16 or 10.120.0.5)`);
    else if (acl.hostBits) {
      ctx.add([...sp, 'acls', k, 'accessTo'], `invalid ACL accessTo ${a.accessTo} in share ${JSON.stringify(sh.name)}: a CIDR must be a network address (did you mean ${acl.network}?)`);
    }
  });
}
