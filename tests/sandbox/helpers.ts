import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

export const REDIRECT = 'http://localhost:3999/api/nxsys/callback';
export const client = { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET };

export function sandboxFor(options: Partial<SandboxOptions> = {}) {
  return startSandbox({ apiPort: 0, portalPort: 0, redirectUris: [REDIRECT], ...options });
}

/** Signs in on the consent page as a Nxsys user and approves; returns the code from the redirect. */
export async function authorize(sb: Sandbox, email = 'payroll@brightwater.example', state = 'state-1') {
  const response = await fetch(`${sb.portalUrl}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      clientId: DEMO_CLIENT_ID,
      redirectUri: REDIRECT,
      state,
      email,
      password: 'sandbox-demo',
      decision: 'approve',
    }),
  });
  const location = new URL(response.headers.get('location')!);
  return location.searchParams.get('code')!;
}

export async function token(sb: Sandbox, fields: Record<string, string>) {
  const response = await fetch(`${sb.apiUrl}/nxsys/oauth/token`, { method: 'POST', body: new URLSearchParams(fields) });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as Record<string, unknown> & { error?: { code: string } },
  };
}

export async function connect(sb: Sandbox, email?: string) {
  const code = await authorize(sb, email);
  const { body } = await token(sb, { grantType: 'authorization_code', code, redirectUri: REDIRECT, ...client });
  return body as { accessToken: string; refreshToken: string; expiresIn: number; tokenType: string };
}

export async function api(sb: Sandbox, accessToken: string | null, path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${sb.apiUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(accessToken ? { Authorization: `Nxsys-oauthtoken ${accessToken}` } : {}),
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as any };
}
