// Makes sure a Chromium for the browser tests is on this machine. Playwright's
// own browser download is not used: the tests run Debian's `chromium`. When
// it is missing and we are root on Debian, it is installed with apt-get;
// otherwise this fails with the command to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

const found = () => CANDIDATES.find((path) => path && existsSync(path));

if (!found()) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log('[robotforge] installing Debian chromium for the browser tests');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  }
}

const path = found();
if (!path) {
  console.error('Chromium is needed for the browser tests: sudo apt-get install chromium');
  console.error('(or set CHROMIUM_PATH to a Chromium binary)');
  process.exit(1);
}
console.log(`[robotforge] browser tests use ${path}`);
