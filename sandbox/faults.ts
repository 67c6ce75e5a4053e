// Faults on demand, so that the portal's handling of each can be tested: latency, 5xx, 429 with
// Retry-After, hung requests. They apply to Nxsys API requests (not to the /__sandbox control routes).
export interface Faults {
  /** Added to every matching request. */
  latencyMs: number;
  /** Added after a matching request was acted on, before its answer: a caller that gives up meanwhile misses the answer, not the change. */
  answerLatencyMs: number;
  /** The next N matching requests fail with failStatus. */
  failNext: number;
  failStatus: number;
  /** Fraction (0…1) of matching requests that fail with failStatus. */
  failRate: number;
  /** The next N matching requests get 429 with Retry-After: retryAfterSeconds. */
  rateLimitNext: number;
  retryAfterSeconds: number;
  /** The next N matching requests are never answered. */
  hangNext: number;
  /** Only requests whose path starts with this are affected ('' = all). */
  pathPrefix: string;
  /**
   * The umbrella company whose calls this profile applies to ('' = everyone's). Each company has its own
   * profile, set and cleared on its own, so tests running side by side on different companies can't disturb
   * each other; a company's profile is consulted before the shared one.
   */
  companyId: string;
  /** Only requests with this HTTP method are affected ('' = all), e.g. to fail a save but not the reads around it. */
  method: string;
}

export const NO_FAULTS: Faults = {
  latencyMs: 0,
  answerLatencyMs: 0,
  failNext: 0,
  failStatus: 503,
  failRate: 0,
  rateLimitNext: 0,
  retryAfterSeconds: 1,
  hangNext: 0,
  pathPrefix: '',
  companyId: '',
  method: '',
};

export type FaultDecision =
  { kind: 'none' } | { kind: 'fail'; status: number } | { kind: 'rate_limit'; retryAfter: number } | { kind: 'hang' };

/** Whether a request is one a profile's faults (latency included) apply to: its path prefix and method. */
export const matches = (faults: Faults, request: { method: string; path: string }) =>
  (!faults.pathPrefix || request.path.startsWith(faults.pathPrefix)) &&
  (!faults.method || request.method.toUpperCase() === faults.method.toUpperCase());

export function decide(faults: Faults, request: { method: string; path: string }, random: () => number): FaultDecision {
  if (!matches(faults, request)) return { kind: 'none' };
  if (faults.hangNext > 0) {
    faults.hangNext--;
    return { kind: 'hang' };
  }
  if (faults.rateLimitNext > 0) {
    faults.rateLimitNext--;
    return { kind: 'rate_limit', retryAfter: faults.retryAfterSeconds };
  }
  if (faults.failNext > 0) {
    faults.failNext--;
    return { kind: 'fail', status: faults.failStatus };
  }
  if (faults.failRate > 0 && random() < faults.failRate) return { kind: 'fail', status: faults.failStatus };
  return { kind: 'none' };
}
