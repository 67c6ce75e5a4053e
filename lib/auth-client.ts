/**
 * Sign-in and sign-out from the browser through next-auth's own endpoints (/api/auth/…), as next-auth/react's
 * signIn/signOut do, without loading next-auth/react (SessionProvider, broadcast, logger) into every page.
 */
export async function postToAuth(path: string, fields: Record<string, string>): Promise<{ response: Response; url: string | null }> {
  const csrf = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await fetch(`/api/auth/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, csrfToken: csrf.csrfToken, callbackUrl: window.location.href, json: 'true' }),
  });
  const body = (await response.json().catch(() => null)) as { url?: string } | null;
  return { response, url: body?.url ?? null };
}

/** Email and password sign-in; the session cookie is set on success. `error` is next-auth's code (CredentialsSignin, TooManyAttempts…). */
export async function signInWithPassword(email: string, password: string): Promise<{ ok: boolean; error: string | null }> {
  try {
    const { response, url } = await postToAuth('callback/credentials', { email, password });
    const error = url ? new URL(url, window.location.href).searchParams.get('error') : 'CredentialsSignin';
    return { ok: response.ok && !error, error };
  } catch {
    return { ok: false, error: null };
  }
}

/** Ends the session on the server, then loads `to` (a full load: nothing of the old session stays in memory). */
export async function signOut(to: string) {
  await postToAuth('signout', {}).catch(() => null);
  window.location.assign(to);
}
