// A deliberately failing test, run only by the harness self-test (scripts/harness-self-test.sh, with
// HARNESS_SELF_TEST=1): if `npm run test:unit` exits 0 on it, a red test could land. Never part of the suite.
import { expect, test } from 'vitest';

test('harness fixture: this test must fail', () => {
  expect(1).toBe(2);
});
