// @ts-check
const { writeSync } = require('node:fs');
const path = require('node:path');

/**
 * Ends a jest run with a banner when part of the suite did not run: the MySQL/MariaDB half (global
 * setup found no server) and every skipped test (the browser test without Chromium, …). It comes
 * last, after the summary, where the eye lands: the warnings printed when a run starts have scrolled
 * away by then, and a green summary reads as "everything passed".
 */
class SkippedTestsReporter {
  /** @param {import('@jest/types').Config.GlobalConfig} globalConfig */
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  /**
   * @param {unknown} _contexts
   * @param {import('@jest/test-result').AggregatedResult} results
   */
  onRunComplete(_contexts, results) {
    const lines = skippedParts(results, process.env, Boolean(this.globalConfig.testNamePattern), this.globalConfig.rootDir);
    if (lines.length === 0) return;
    const bar = '!'.repeat(78);
    const banner = `\n${bar}\n!! NOT EVERYTHING WAS TESTED. Skipped:\n${lines.map((line) => `!!   - ${line}`).join('\n')}\n${bar}\n\n`;
    // Jest prints its summary after every custom reporter: the banner waits for the process to end.
    if (this.globalConfig.watch || this.globalConfig.watchAll) process.stderr.write(banner);
    else process.once('exit', () => writeSync(2, banner));
  }
}

const SKIPPED = new Set(['pending', 'skipped', 'disabled']);

/** Where a skipped file's tests come back from. */
const REMEDIES = [
  { folder: `test${path.sep}browser${path.sep}`, remedy: 'install Chromium (/usr/bin/chromium); HUB_REQUIRE_BROWSER=1 makes this a failure' },
];

/**
 * One line per part that did not run. Tests left out by `-t` are the caller's choice, not news.
 * @param {import('@jest/test-result').AggregatedResult} results
 * @param {NodeJS.ProcessEnv} env
 * @param {boolean} filteredByName
 * @param {string} rootDir
 */
function skippedParts(results, env, filteredByName, rootDir) {
  const lines = [];
  if (env.HUB_TEST_MYSQL === 'off') {
    lines.push(`the MySQL/MariaDB half of every suite: ${withoutPassword(env.HUB_TEST_MYSQL_URL ?? '')} was unreachable (start it or set HUB_TEST_MYSQL_URL; HUB_TEST_REQUIRE_MYSQL=1 makes this a failure)`);
  }
  if (filteredByName) return lines;
  for (const file of results.testResults) {
    const skipped = file.testResults.filter((test) => SKIPPED.has(test.status)).length;
    if (skipped === 0) continue;
    const relative = path.relative(rootDir, file.testFilePath);
    const name = relative.startsWith('..') ? file.testFilePath : relative;
    const remedy = REMEDIES.find((r) => name.startsWith(r.folder))?.remedy;
    lines.push(`${skipped} test${skipped === 1 ? '' : 's'} of ${name}${remedy ? `: ${remedy}` : ''}`);
  }
  return lines;
}

/** @param {string} url */
function withoutPassword(url) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

module.exports = SkippedTestsReporter;
