// Parameter types shared by every step file: the lab's vocabulary, parsed once.
import { defineParameterType } from '@cucumber/cucumber';
import { parseDuration } from '../sim/index.ts';

defineParameterType({ name: 'cidr', regexp: /\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}/, transformer: (s: string) => s });
defineParameterType({ name: 'ip', regexp: /\d{1,3}(?:\.\d{1,3}){3}/, transformer: (s: string) => s });
defineParameterType({ name: 'vlan', regexp: /none|\d+/, transformer: (s: string) => (s === 'none' ? null : Number(s)) });
defineParameterType({
  name: 'duration',
  regexp: /\d+(?:\.\d+)? ?(?:ms|milliseconds?|s|seconds?|minutes?)/,
  transformer: (s: string) => parseDuration(s),
});
// A lab host name as written in the lab file (bm1, node1, my-vrack-gateway, pod1).
defineParameterType({ name: 'host', regexp: /[a-z][a-z0-9]*(?:-[a-z0-9]+)*/, transformer: (s: string) => s });
