// The start-up the benches share: the local stack in bench mode, and the demo admin's agency connected to the sandbox.

/**
 * Starts the local stack (the sandbox on SANDBOX_API_PORT, else the bench's own port) and makes its settings this
 * process's environment, before any product module reads them: product code is imported only after this.
 */
export async function startBenchStack(sandboxPort: string, appPort: number) {
  process.env.SANDBOX_API_PORT ??= sandboxPort;
  const { startLocalStack } = await import('../scripts/local-stack');
  const stack = await startLocalStack({ mode: 'bench', appPort });
  Object.assign(process.env, stack.env, { NODE_ENV: 'production' });
  return stack;
}

/** The demo admin connects the demo agency (sandbox company COM-1) through the OAuth flow, consent page included (after startBenchStack). */
export async function connectDemoAgency() {
  const { db } = await import('@/lib/server/db');
  const { createSession } = await import('@/lib/server/auth/sessions');
  const { beginConnect, completeConnect } = await import('@/lib/connection/server');
  const { nxsysSettings, tokenKeyring } = await import('@/lib/server/nxsys/settings');
  const admin = await db.user.findUniqueOrThrow({ where: { email: 'admin@northwind.example' }, include: { agency: true } });
  const sessionId = await createSession(db, admin.id, { idleMs: 3_600_000, absoluteMs: 3_600_000 });
  const who = { id: admin.id, sessionId, agency: { id: admin.agency.id, name: admin.agency.name } };
  const authorize = new URL(await beginConnect(db, tokenKeyring(), nxsysSettings(), who));
  const consent = await fetch(`${process.env.NXSYS_PORTAL_URL}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      clientId: authorize.searchParams.get('clientId')!,
      redirectUri: authorize.searchParams.get('redirectUri')!,
      state: authorize.searchParams.get('state')!,
      email: 'payroll@brightwater.example',
      password: 'sandbox-demo',
      decision: 'approve',
    }),
  });
  const back = new URL(consent.headers.get('location')!);
  const connected = await completeConnect(db, tokenKeyring(), nxsysSettings(), who, {
    code: back.searchParams.get('code'),
    state: back.searchParams.get('state'),
    error: back.searchParams.get('error'),
  });
  if (!connected.ok) throw new Error('could not connect the demo agency to the sandbox');
  return { admin, who };
}
