// Runs once when the server starts: refuse to start on invalid configuration, with a message naming what
// is missing, instead of failing inside the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env } = await import('./lib/server/env');
  env();
}
