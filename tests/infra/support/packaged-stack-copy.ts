import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
/** The lock scripts/sls-package.sh holds while it writes .serverless/. */
const PACKAGE_LOCK = path.join(process.env.TMPDIR ?? '/tmp', 'xecu-sls-package.lock');

/**
 * Runs `sls package --stage ci` offline (scripts/sls-package.sh) and copies .serverless/ into a private folder under
 * the packaging lock: everyone working in this checkout packages into the same folder, and a packaging started
 * by someone else while a test reads would remove the zips under it. Returns the copied template's path.
 */
export function packageStackInto(outDir: string): string {
  const run = spawnSync(path.join(ROOT, 'scripts/sls-package.sh'), ['ci', 'ap-southeast-1'], { cwd: ROOT, encoding: 'utf8', timeout: 590_000 });
  if (run.status !== 0) throw new Error(`sls package failed (status ${run.status}, signal ${run.signal}):\n${run.stdout}\n${run.stderr}`);
  const copy = spawnSync('flock', [PACKAGE_LOCK, 'cp', '-a', `${path.join(ROOT, '.serverless')}/.`, outDir], { encoding: 'utf8', timeout: 120_000 });
  if (copy.status !== 0) throw new Error(`copying .serverless failed: ${copy.stderr}`);
  return path.join(outDir, 'cloudformation-template-update-stack.json');
}
