import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { vracklabPreset } from './cucumber-preset.ts';

describe('the vracklab/cucumber preset', () => {
  it('loads the step library, reports HTML and JUnit, and leaves the feature paths to Cucumber and the command line', () => {
    const preset = vracklabPreset({});
    expect(preset.import).toEqual([join(import.meta.dirname, 'index.ts')]);
    expect(preset.format).toEqual(['progress', 'html:reports/cucumber.html', 'junit:reports/cucumber.xml']);
    expect(preset).not.toHaveProperty('paths');
    expect(preset.worldParameters).toEqual({ driver: 'docker' });
    expect(preset.parallel).toBe(2);
  });

  it('takes the driver and the workers from the environment, and refuses a worker count that is not one', () => {
    expect(vracklabPreset({ VRACKLAB_DRIVER: 'netns', VRACKLAB_PARALLEL: '1' })).toMatchObject({ parallel: 1, worldParameters: { driver: 'netns' } });
    expect(() => vracklabPreset({ VRACKLAB_PARALLEL: 'two' })).toThrow(/VRACKLAB_PARALLEL=two: a whole number of workers, 1 or more/);
  });
});
