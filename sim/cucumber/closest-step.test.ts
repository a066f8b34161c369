import { describe, expect, it } from 'vitest';
import { closestStep, editDistance, shapeOfExpression, shapeOfText } from './closest-step.ts';
import type { CatalogueStep } from './step-catalogue.ts';

const step = (keyword: string, pattern: string, example: string): CatalogueStep => ({ area: 'lab', keyword, pattern, example: `${keyword} ${example}`, uri: 'steps/x.ts', line: 1 });

const STEPS = [
  step('Given', 'a delivered vRack Services {string} in region {string}', 'a delivered vRack Services "vrs-lim" in region "LIM"'),
  step('Given', 'a vRack {string}', 'a vRack "pn-xyzzz"'),
  step('Then', '{host} can ping {ip}', 'bm1 can ping 10.120.0.1'),
  step('Then', '{host} cannot reach {ip}', 'bm1 cannot reach 10.120.0.1'),
  step('Then', 'the request is accepted', 'the request is accepted'),
];

describe('closestStep', () => {
  it('finds the step a misspelled word meant, whatever the arguments', () => {
    expect(closestStep('a deliverd vRack Services "my-vrs" in region "GRA"', STEPS)?.pattern).toBe('a delivered vRack Services {string} in region {string}');
    expect(closestStep('the request is acepted', STEPS)?.pattern).toBe('the request is accepted');
  });

  it('tells apart steps that differ by one word, through their examples', () => {
    expect(closestStep('web-1 cannot reach 192.168.7.1', STEPS)?.pattern).toBe('{host} cannot reach {ip}');
    expect(closestStep('web-1 can pin 192.168.7.1', STEPS)?.pattern).toBe('{host} can ping {ip}');
  });

  it('proposes nothing for a text unlike every step', () => {
    expect(closestStep('the moon is made of green cheese and nothing else', STEPS)).toBeUndefined();
  });
});

describe('shapes', () => {
  it('reduce arguments to the placeholders of the parameters', () => {
    expect(shapeOfText('bm1 pings "x" at 10.0.0.1/24 every 50 ms, 3 times')).toBe('bm1 pings "_" at 0 every 0, 0 times');
    expect(shapeOfExpression('{host} pings {string} at {cidr} every {duration}, {int} time(s)')).toBe('{host} pings "_" at 0 every 0, 0 times');
  });

  it('measure edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
