/**
 * Secrets that must never reach a log: OAuth codes and states, tokens, client secrets and passwords, as URL
 * query parameters (`?code=…&state=…`, how Next's dev server prints the callback request) or JSON-ish
 * `"accessToken": "…"` pairs. Used by the dev launcher on everything Next prints.
 */
const SECRET_NAMES = [
  'code',
  'state',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'accessToken',
  'refreshToken',
  'client_secret',
  'clientSecret',
  'code_verifier',
  'codeVerifier',
  'password',
];
const names = SECRET_NAMES.join('|');
const IN_QUERY = new RegExp(`([?&;](?:${names})=)[^&#\\s"']*`, 'gi');
const IN_JSON = new RegExp(`("(?:${names})"\\s*:\\s*")[^"]*(")`, 'gi');

/** A candidate's onboarding link carries its token in the path (`/onboard/<token>`). */
const IN_PATH = /(\/onboard\/)[A-Za-z0-9_-]+/g;

export function redactSecrets(line: string): string {
  return line.replace(IN_QUERY, '$1[redacted]').replace(IN_JSON, '$1[redacted]$2').replace(IN_PATH, '$1[redacted]');
}

/**
 * A line-buffered filter: whole lines are redacted before they are written, so a secret split across two
 * chunks is still caught; a trailing partial line is written after a short pause.
 */
export function redactingWriter(write: (text: string) => void, flushAfterMs = 100) {
  let pending = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (pending) write(redactSecrets(pending));
    pending = '';
  };
  return (chunk: string | Buffer) => {
    pending += chunk.toString();
    const end = pending.lastIndexOf('\n');
    if (end >= 0) {
      write(redactSecrets(pending.slice(0, end + 1)));
      pending = pending.slice(end + 1);
    }
    if (timer) clearTimeout(timer);
    if (pending) timer = setTimeout(flush, flushAfterMs);
  };
}
