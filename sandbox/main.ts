// `npm run sandbox`: the Nxsys sandbox on its own. See sandbox/README.md.
import { profileFromEnv } from './profile';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_USERS, startSandbox } from './server';

const env = process.env;
const sandbox = await startSandbox({
  host: env.SANDBOX_HOST ?? '127.0.0.1',
  apiPort: Number(env.SANDBOX_API_PORT ?? 4010),
  portalPort: Number(env.SANDBOX_PORTAL_PORT ?? 4011),
  apiUrl: env.SANDBOX_API_URL,
  portalUrl: env.SANDBOX_PORTAL_URL,
  redirectUris: (env.SANDBOX_REDIRECT_URIS ?? 'http://localhost:3000/api/nxsys/callback').split(',').map((s) => s.trim()),
  tokenTtlSeconds: Number(env.SANDBOX_TOKEN_TTL_SECONDS ?? 3600),
  refreshResponse: env.SANDBOX_ROTATE_REFRESH_TOKENS === 'false' ? 'same' : 'rotate',
  seed: Number(env.SANDBOX_SEED ?? 1),
  profile: profileFromEnv(env),
  stateFile: env.SANDBOX_STATE_FILE,
  quiet: false,
});

console.log(`Nxsys sandbox
  API:     ${sandbox.apiUrl}
  portal:  ${sandbox.portalUrl}
  profile: ${sandbox.control.profile.name}, UK read by id ${sandbox.control.profile.ukReadById ? 'on' : 'off'}
  client:  ${DEMO_CLIENT_ID}
  secret:  ${DEMO_CLIENT_SECRET}
  users:   ${DEMO_USERS.map((u) => `${u.email} / ${u.password} (${u.company})`).join('\n           ')}`);

const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
