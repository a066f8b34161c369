/**
 * The lab file of a reference lab named in a scenario (`Given the lab "vrack-services" is up`):
 * the name is a lab name, checked before it becomes a path, so a scenario cannot load `../x`.
 */
import { invalidInput } from '../core/errors.ts';
import { LAB_NAME_PATTERN } from './lab-registry.ts';

/** The lab file of a lab name: `topologies/<name>.lab.yml`, relative to the working directory (the name is checked first). */
export function referenceLabFile(name: string): string {
  if (!LAB_NAME_PATTERN.test(name)) {
    throw invalidInput('reference lab', name, 'a lab name (lowercase letters, digits and dashes, at most 20) naming topologies/<name>.lab.yml', ['vrack-services', 'mks-private-networks', 'two-regions']);
  }
  return `topologies/${name}.lab.yml`;
}
