// Parameter types shared by every step file: the lab's vocabulary, parsed once.
import { defineParameterType } from '@cucumber/cucumber';
import { parseDuration } from '../sim/index.ts';

defineParameterType({ name: 'cidr', regexp: /\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}/, transformer: (s: string) => s });
defineParameterType({ name: 'ip', regexp: /\d{1,3}(?:\.\d{1,3}){3}/, transformer: (s: string) => s });
// Not offered in snippets: an undefined step's number is an {int} and its words are words, not VLANs and hosts.
defineParameterType({ name: 'vlan', regexp: /none|\d+/, transformer: (s: string) => (s === 'none' ? null : Number(s)), useForSnippets: false });
defineParameterType({
  name: 'duration',
  regexp: /\d+(?:\.\d+)? ?(?:ms|milliseconds?|s|seconds?|minutes?)/,
  transformer: (s: string) => parseDuration(s),
});
// A host (or pod) name as the scenario's lab file writes it: the lab schema's name rule
// (topologies/lab.schema.json, definitions/name), so any name a lab file can give, a step can use.
// A name the lab does not have fails the step with NO_SUCH_HOST, listing the lab's hosts.
defineParameterType({ name: 'host', regexp: /[a-z](?:[a-z0-9-]*[a-z0-9])?/, transformer: (s: string) => s, useForSnippets: false });
