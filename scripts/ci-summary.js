// Prints vitest's JSON report as the plain "N passed, N failed" line CI reads.
// A test file that failed to load has no test results of its own: it counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const path = process.argv[2];
if (!existsSync(path)) {
  console.log('no test report was written (the build or the test run failed before reporting)');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
const brokenFiles = (report.testResults ?? []).filter((file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0).length;
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
if (skipped > 0) console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
