// The runner emulation lives in scripts/ (the demo and the benchmark use it too).
export {
  type ActionRun,
  DIST,
  NODE24,
  parseOutputs,
  REPO_ROOT,
  runAction,
} from '../../scripts/local-runner.js';
