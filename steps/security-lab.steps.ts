// Issue 8, lab side: a lab's API takes only its own credentials (from its record), not the dev ones.
import { When } from '@cucumber/cucumber';
import { attempt, createClient, labApiConnection } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('security');

When("I call the lab's API with OAuth2 client {string} and secret {string}", example(`I call the lab's API with OAuth2 client "vracklab" and secret "vracklab-secret"`), async function (this: VrackLabWorld, clientId: string, clientSecret: string) {
  const client = createClient({ endpoint: this.requireLab().apiUrl, clientId, clientSecret });
  this.last = await attempt(`list vRack Services as ${clientId}`, () => client.listVrackServices());
});

When("I authenticate with the credentials in the lab's record", example("I authenticate with the credentials in the lab's record"), function (this: VrackLabWorld) {
  const lab = this.requireLab();
  // Scenario labs are recorded as <name>.<runId> (startLab register: 'run').
  const conn = labApiConnection({ name: `${lab.name}.${lab.runId}` })!;
  this.adHocClient = createClient({ endpoint: conn.apiUrl, clientId: conn.credentials.oauth2ClientId, clientSecret: conn.credentials.oauth2ClientSecret });
});
