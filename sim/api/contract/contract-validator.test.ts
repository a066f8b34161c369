import { describe, expect, it } from 'vitest';
import { createContractValidator, validateResponse } from './contract-validator.ts';
import { loadOpenApiDocuments } from './openapi-document.ts';
import { convertSchema } from './openapi-to-json-schema.ts';

const docs = loadOpenApiDocuments();
const strict = createContractValidator({ requireNonNullable: true });

// Every response example the three documents publish, as [label, method, wire path, status, value].
const examples: [string, string, string, number, unknown][] = [];
for (const doc of docs) {
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        for (const [name, ex] of Object.entries(response.content?.['application/json']?.examples ?? {})) {
          const wire = `${doc.prefix}${template.replace(/\{[^}]+\}/g, 'x-1')}`;
          examples.push([`${method.toUpperCase()} ${wire} ${status} ${name}`, method, wire, Number(status), ex.value]);
        }
      }
    }
  }
}

const vrsPath = '/v2/vrackServices/resource/vrs-ak0-ok0-sy5-8py';
const exampleOf = (name: string) => structuredClone(examples.find(([label]) => label.startsWith('GET /v2/vrackServices/resource/x-1 200') && label.endsWith(name))![4]) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('contract validator over the OpenAPI examples', () => {
  it('finds the published examples', () => {
    // vrackservices.json alone has six GET examples of a resource; fewer means the walk is broken.
    expect(examples.filter(([l]) => l.startsWith('GET /v2/vrackServices/resource/x-1 200')).length).toBe(6);
  });

  it.each(examples)('accepts %s', (_label, method, path, status, value) => {
    const r = strict.validateResponse(method, path, status, value);
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
  });
});

describe('contract validator rejects broken payloads precisely', () => {
  it('a wrong enum value, with the allowed values and what was sent', () => {
    const v = exampleOf('2-EmptySubnet');
    v.currentState.productStatus = 'ENABLED';
    expect(validateResponse('GET', vrsPath, 200, v).errors).toEqual([
      '/currentState/productStatus must be equal to one of the allowed values (ACTIVE, DRAFT, SUSPENDED) (got "ENABLED")',
    ]);
  });

  it('a wrong type in a nested array item', () => {
    const v = exampleOf('2-EmptySubnet');
    v.currentState.subnets[0].serviceRange.remainingIps = '3';
    expect(validateResponse('GET', vrsPath, 200, v).errors).toEqual(['/currentState/subnets/0/serviceRange/remainingIps must be integer (got "3")']);
  });

  it('a null where the schema is not nullable, and null accepted where it is', () => {
    const v = exampleOf('2-EmptySubnet');
    v.currentState.vrackId = null; // nullable
    v.currentState.subnets[0].vlan = null; // nullable
    expect(validateResponse('GET', vrsPath, 200, v).valid).toBe(true);
    v.currentState.region = null;
    expect(validateResponse('GET', vrsPath, 200, v).errors).toEqual(['/currentState/region must be string (got null)']);
  });

  it('a bad format (ipv4-block, ipv4, date-time, uuid)', () => {
    const v = exampleOf('4-ManagedServicesReachableFromVrack');
    v.currentState.subnets[0].cidr = '172.16.0.0';
    v.currentState.subnets[0].serviceEndpoints[0].endpoints[0].ip = '172.16.0.300';
    v.createdAt = 'yesterday';
    v.currentTasks = [{ id: 'not-a-uuid', link: '/x', status: 'PENDING', type: 'VrackServicesUpdate' }];
    expect(validateResponse('GET', vrsPath, 200, v).errors).toEqual([
      '/createdAt must match format "date-time" (got "yesterday")',
      '/currentState/subnets/0/cidr must match format "ipv4-block" (got "172.16.0.0")',
      '/currentState/subnets/0/serviceEndpoints/0/endpoints/0/ip must match format "ipv4" (got "172.16.0.300")',
      '/currentTasks/0/id must match format "uuid" (got "not-a-uuid")',
    ]);
  });

  it('a missing non-nullable field in strict mode only', () => {
    const v = exampleOf('1-JustDelivered');
    delete v.checksum;
    expect(validateResponse('GET', vrsPath, 200, v).valid).toBe(true);
    expect(strict.validateResponse('GET', vrsPath, 200, v).errors).toEqual(["(root) must have required property 'checksum'"]);
  });

  it('an undeclared property when asked to forbid them', () => {
    const v = exampleOf('1-JustDelivered');
    v.currentState.displayName = 'beta field';
    expect(validateResponse('GET', vrsPath, 200, v).valid).toBe(true);
    const closed = createContractValidator({ forbidUnknownProperties: true });
    const errors = closed.validateResponse('GET', vrsPath, 200, v).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\/currentState has undeclared property 'displayName' \(got \{"productStatus":"DRAFT"/);
  });

  it('v1 payloads: vrack task status enum, nullable dates; storage ACL', () => {
    const task = { function: 'addVrackServices', id: 1, status: 'todo', lastUpdate: null, orderId: null, serviceName: 'pn-1', targetDomain: 'vrs-a', todoDate: '2024-04-15T09:30:34Z' };
    expect(validateResponse('POST', '/1.0/vrack/pn-1/vrackServices', 200, task).valid).toBe(true);
    expect(validateResponse('GET', '/1.0/vrack/pn-1/task/1', 200, { ...task, status: 'DONE' }).errors).toEqual([
      '/status must be equal to one of the allowed values (cancelled, doing, done, init, todo) (got "DONE")',
    ]);
    const acl = { id: '7a3f2e1c-0000-4000-8000-000000000001', accessLevel: 'rw', accessTo: '10.120.0.0/16', accessType: 'ip', createdAt: null, status: 'active' };
    expect(validateResponse('POST', '/1.0/storage/netapp/sn/share/s1/acl', 200, acl).valid).toBe(true);
    expect(validateResponse('GET', '/1.0/storage/netapp/sn/share/s1/acl', 200, [{ ...acl, accessLevel: 'all' }]).errors).toEqual([
      '/0/accessLevel must be equal to one of the allowed values (ro, rw) (got "all")',
    ]);
  });

  it('errors: declared error examples, undeclared ones against the common error model', () => {
    expect(validateResponse('PUT', vrsPath, 412, { class: 'Client::PreconditionFailed::ChecksumMismatch', message: 'x' }).valid).toBe(true);
    expect(validateResponse('GET', '/1.0/vrack/pn-1/task/9', 404, { message: 'The requested object (taskId = 9) does not exist' }).valid).toBe(true);
    expect(validateResponse('GET', '/1.0/vrack/pn-1/task/9', 404, { error: 'nope' }).errors).toEqual(["(root) must have required property 'message'"]);
  });

  it('error classes must come from the published catalogue of that operation and status', () => {
    expect(validateResponse('PUT', vrsPath, 423, { class: 'Client::Locked::VrackServicesLocked', message: 'locked' }).valid).toBe(true);
    expect(validateResponse('PUT', vrsPath, 409, { class: 'Client::Conflict::ResourceBusy', message: 'busy' }).valid).toBe(true); // undeclared status: common model only
    const r = validateResponse('PUT', vrsPath, 412, { class: 'Client::PreconditionFailed', message: 'x' });
    expect(r.errors).toEqual([
      `/class is not in the error catalogue of PUT /v2/vrackServices/resource/{vrackServicesId} 412 (got "Client::PreconditionFailed"; declared: Client::PreconditionFailed::ChecksumMismatch)`,
    ]);
  });

  it('errors may carry a details string map, even with undeclared properties forbidden', () => {
    const closed = createContractValidator({ forbidUnknownProperties: true, requireNonNullable: true });
    const body = { class: 'Client::BadRequest::InvalidJSON', message: 'x', details: { field: 'remainingIps' } };
    expect(closed.validateResponse('PUT', vrsPath, 400, body).valid).toBe(true);
    expect(closed.validateResponse('PUT', vrsPath, 400, { ...body, details: { field: 3 } }).errors).toEqual(['/details/field must be string (got 3)']);
    expect(closed.validateResponse('PUT', vrsPath, 400, { ...body, hint: 'x' }).errors).toEqual([`(root) has undeclared property 'hint' (got ${JSON.stringify({ ...body, hint: 'x' }).slice(0, 77)}...)`]);
  });

  it('void operations must answer null; undeclared success statuses and unknown routes are reported', () => {
    expect(validateResponse('DELETE', '/1.0/storage/netapp/sn/share/s1', 200, null).valid).toBe(true);
    expect(validateResponse('DELETE', '/1.0/storage/netapp/sn/share/s1', 200, { ok: true }).valid).toBe(false);
    expect(validateResponse('GET', vrsPath, 201, {}).errors).toEqual(['status 201 is not declared for GET /v2/vrackServices/resource/{vrackServicesId} (declared: 200, 404)']);
    expect(validateResponse('POST', '/v2/vrackServices/resource', 200, {}).errors).toEqual(['no operation POST /v2/vrackServices/resource in the OpenAPI documents']);
  });

  it('picks the most specific template and understands /v1 and query strings', () => {
    expect(strict.findOperation('GET', '/v2/vrackServices/reference/region?x=1')?.template).toBe('/vrackServices/reference/region');
    expect(strict.findOperation('GET', '/v1/vrack/pn-1/allowedServices?serviceFamily=vrackServices')?.wireTemplate).toBe('/1.0/vrack/{serviceName}/allowedServices');
    expect(strict.findOperation('GET', '/1.0/storage/netapp/sn/share/s1/accessPath/a1')?.document).toBe('storagenetapp');
  });

  it('assertResponse throws a CONTRACT_VIOLATION naming the schema and the errors', () => {
    expect(() => strict.assertResponse('GET', vrsPath, 200, { id: 5 })).toThrow(/^GET \/v2\/vrackServices\/resource\/vrs-ak0-ok0-sy5-8py 200 response does not match the OpenAPI schema vrackServices.VrackServicesWithIAM: .*\/id must be string \(got 5\)/);
  });

  it('request bodies: readOnly fields are not required, required inputs are', () => {
    expect(strict.validateRequestBody('PUT', vrsPath, { checksum: 'x', targetSpec: { subnets: [] } }).valid).toBe(true);
    expect(strict.validateRequestBody('PUT', vrsPath, { targetSpec: { subnets: [{ cidr: '10.0.0.0/24', serviceRange: { cidr: '10.0.0.0/29' } }] } }).errors).toEqual([
      "(root) must have required property 'checksum'",
      "/targetSpec/subnets/0 must have required property 'serviceEndpoints'",
    ]);
    // NetAppShareACLRule marks id/status readOnly, accessLevel/accessTo required.
    expect(strict.validateRequestBody('POST', '/1.0/storage/netapp/sn/share/s1/acl', { accessLevel: 'ro', accessTo: '10.0.0.0/24' }).valid).toBe(true);
  });
});

describe('convertSchema', () => {
  it('turns nullable into a null-accepting type or an anyOf, and unwraps lone allOf refs', () => {
    expect(convertSchema({ type: 'string', nullable: true, example: 'x' }, { documentId: 'd' })).toEqual({ type: ['string', 'null'] });
    expect(convertSchema({ allOf: [{ $ref: '#/components/schemas/E' }], nullable: true, description: 'd' }, { documentId: 'doc' })).toEqual({
      description: 'd',
      anyOf: [{ type: 'null' }, { $ref: 'doc#/definitions/E' }],
    });
    expect(convertSchema({ type: 'string', enum: ['a'], nullable: true }, { documentId: 'd' })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
  });
});
