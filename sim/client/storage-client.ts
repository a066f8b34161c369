/** The client's v1 `/storage/netapp` calls (storagenetapp.json): services, shares, ACLs, access paths. */
import type { Transport } from './transport.ts';
import type { NetAppService, NetAppShare, NetAppShareAccessPath, NetAppShareAclInput, NetAppShareAclRule, NetAppShareInput } from './types.ts';

export interface StorageNetAppApi {
  list(): Promise<NetAppService[]>;
  get(serviceName: string): Promise<NetAppService>;
  listShares(serviceName: string): Promise<NetAppShare[]>;
  getShare(serviceName: string, shareId: string): Promise<NetAppShare>;
  createShare(serviceName: string, share: NetAppShareInput): Promise<NetAppShare>;
  updateShare(serviceName: string, shareId: string, update: { name?: string | null; description?: string | null }): Promise<NetAppShare>;
  deleteShare(serviceName: string, shareId: string): Promise<void>;
  listAcl(serviceName: string, shareId: string): Promise<NetAppShareAclRule[]>;
  getAcl(serviceName: string, shareId: string, aclRuleId: string): Promise<NetAppShareAclRule>;
  createAcl(serviceName: string, shareId: string, rule: NetAppShareAclInput): Promise<NetAppShareAclRule>;
  deleteAcl(serviceName: string, shareId: string, aclRuleId: string): Promise<void>;
  listAccessPaths(serviceName: string, shareId: string): Promise<NetAppShareAccessPath[]>;
  getAccessPath(serviceName: string, shareId: string, accessPathId: string): Promise<NetAppShareAccessPath>;
}

const enc = encodeURIComponent;

export function createStorageClient(t: Transport): StorageNetAppApi {
  const call = t.call.bind(t);
  const NA = '/1.0/storage/netapp';
  const share = (sn: string, shareId: string) => `${NA}/${enc(sn)}/share/${enc(shareId)}`;
  return {
    list: () => call('GET', NA),
    get: (sn) => call('GET', `${NA}/${enc(sn)}`),
    listShares: (sn) => call('GET', `${NA}/${enc(sn)}/share`),
    getShare: (sn, id) => call('GET', share(sn, id)),
    createShare: (sn, body) => call('POST', `${NA}/${enc(sn)}/share`, { body }),
    updateShare: (sn, id, body) => call('PUT', share(sn, id), { body }),
    deleteShare: async (sn, id) => {
      await call('DELETE', share(sn, id));
    },
    listAcl: (sn, id) => call('GET', `${share(sn, id)}/acl`),
    getAcl: (sn, id, rule) => call('GET', `${share(sn, id)}/acl/${enc(rule)}`),
    createAcl: (sn, id, body) => call('POST', `${share(sn, id)}/acl`, { body }),
    deleteAcl: async (sn, id, rule) => {
      await call('DELETE', `${share(sn, id)}/acl/${enc(rule)}`);
    },
    listAccessPaths: (sn, id) => call('GET', `${share(sn, id)}/accessPath`),
    getAccessPath: (sn, id, ap) => call('GET', `${share(sn, id)}/accessPath/${enc(ap)}`),
  };

}
