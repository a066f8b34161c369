/**
 * `node catalogue-json.ts CWD IMPORT_PATH…`: prints the step catalogue of that support code as JSON.
 * The "did you mean" plugin runs it in a child process because Cucumber has already loaded the
 * support code in the run's own process, and a second load there would register nothing.
 */
import { loadStepCatalogue } from './step-catalogue.ts';

const [cwd, ...importPaths] = process.argv.slice(2);
const catalogue = await loadStepCatalogue({ cwd, importPaths });
process.stdout.write(JSON.stringify(catalogue));
