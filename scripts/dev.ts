// `npm run dev`: the portal on its embedded defaults (see scripts/local-stack.ts), then `next dev`.
import { existsSync } from 'node:fs';
import { redactingWriter } from '../lib/log-redaction';
import { devListenHost, spawnNext } from './next-bin';
import { startLocalStack } from './local-stack';

if (existsSync('.env')) process.loadEnvFile('.env');
const port = Number(process.env.PORT ?? 3000);

const stack = await startLocalStack({ mode: 'dev', appPort: port });
const next = spawnNext(['dev', '--port', String(port), '--hostname', devListenHost()], {
  env: { ...process.env, ...stack.env },
  // Both streams are filtered: Next prints every request's URL, and the OAuth callback's carries code and state.
  stdio: ['inherit', 'pipe', 'pipe'],
});

const out = redactingWriter((text) => process.stdout.write(text));
const err = redactingWriter((text) => process.stderr.write(text));
next.stderr?.on('data', err);
let announced = false;
next.stdout?.on('data', (chunk: Buffer) => {
  out(chunk);
  if (!announced && /ready/i.test(chunk.toString())) {
    announced = true;
    console.log(['', ...stack.banner, ''].join('\n'));
  }
});

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  next.kill('SIGTERM');
  await stack.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
next.on('exit', (code) => void shutdown(code ?? 0));
