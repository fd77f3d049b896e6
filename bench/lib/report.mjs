// Turns the result of one benchmark part into markdown, and lets each part
// run on its own: `node bench/span.mjs` prints its section.
import { pathToFileURL } from 'node:url';

/**
 * What every part returns.
 * @typedef {object} PartResult
 * @property {string} title
 * @property {string[]} intro paragraphs before the tables
 * @property {{ columns: string[], rows: (string | number)[][], align?: string }[]} tables
 *   `align` holds one letter per column: l(eft) or r(ight)
 * @property {string[]} notes bullet points after the tables
 * @property {Target[]} targets
 */

/**
 * A goal from the issue and whether this run met it.
 * @typedef {object} Target
 * @property {string} goal
 * @property {string} measured
 * @property {boolean | null} met null when it could not be measured
 * @property {string} [reason] why it was missed, as found by profiling
 */

const escapeCell = (value) => String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A markdown table. */
export function table({ columns, rows, align }) {
  const rule = columns.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [columns, rule, ...rows]
    .map((cells) => `| ${cells.map(escapeCell).join(' | ')} |`)
    .join('\n');
}

/** A target's verdict as the table shows it. */
export const verdict = (target) =>
  target.met === null ? 'not measured' : target.met ? 'met' : '**missed**';

/** One part as a markdown section (level-2 heading). */
export function renderPart(part) {
  const blocks = [`## ${part.title}`, ...part.intro];
  for (const t of part.tables) blocks.push(table(t));
  if (part.notes.length) blocks.push(part.notes.map((note) => `- ${note}`).join('\n'));
  return blocks.join('\n\n');
}

/** True when `url` (a module's import.meta.url) is the script node was started with. */
export const isMain = (url) => process.argv[1] && url === pathToFileURL(process.argv[1]).href;

/** Runs one part on its own and prints its section and targets. */
export async function runStandalone(run) {
  const part = await run({ quick: process.env.BENCH_QUICK === '1' });
  console.log(renderPart(part));
  for (const target of part.targets) {
    console.log(`target: ${target.goal}: ${verdict(target)} (${target.measured})`);
    if (target.met === false && target.reason) console.log(`  reason: ${target.reason}`);
  }
}
