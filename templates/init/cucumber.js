// Cucumber's configuration: vracklab's preset (its steps, reports under reports/, one lab per
// worker), then your own settings. `npx vracklab steps` lists the steps you can use. Features are
// found under features/ (Cucumber's default); paths on the command line narrow a run.
import vracklab from 'vracklab/cucumber';

export default {
  ...vracklab,
  // Your own step files next to vracklab's (they can use its world: `this: VrackLabWorld`).
  // import: [...vracklab.import, 'steps/**/*.js'],
};
