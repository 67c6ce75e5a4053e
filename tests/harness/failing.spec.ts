// A deliberately failing browser-runner test, run only by the harness self-test (scripts/harness-self-test.sh,
// with HARNESS_SELF_TEST=1): if `npm run test:e2e` exits 0 on it, a red test could land. Never part of the suite.
import { expect, test } from '@playwright/test';

test('harness fixture: this test must fail', () => {
  expect(1).toBe(2);
});
