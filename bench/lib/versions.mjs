// Installed versions of the packages a benchmark measures, read from the
// workspace root's node_modules (every peer is a root devDependency).
import { readFileSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);

/** The installed version of `name`, or `not installed`. */
export function versionOf(name) {
  const dir = name === '@robotforge/sdk' ? 'packages/sdk/' : `node_modules/${name}/`;
  try {
    return JSON.parse(readFileSync(new URL(`${dir}package.json`, ROOT), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

/** `name@version` for each package. */
export const withVersions = (names) => names.map((name) => `${name}@${versionOf(name)}`);
