// A software passkey (ES256, "none" attestation) written from the WebAuthn spec, not from the portal's library: a test
// that asked @simplewebauthn to make its answers would agree with the portal whatever both got wrong.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

type Cbor = number | string | Buffer | Map<Cbor, Cbor> | Record<string, never>;

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 256) return Buffer.from([(major << 5) | 24, length]);
  const b = Buffer.alloc(3);
  b[0] = (major << 5) | 25;
  b.writeUInt16BE(length, 1);
  return b;
}

/** Just the CBOR that attestation objects and COSE keys need: small integers, text, bytes, maps. */
function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  const entries = value instanceof Map ? [...value.entries()] : [];
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const b64url = (b: Buffer) => b.toString('base64url');
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();

export interface SoftPasskey {
  credentialId: Buffer;
  privateKey: KeyObject;
  counter: number;
  register(options: { challenge: string; rp: { id?: string } }, origin: string): RegistrationAnswer;
  answer(options: { challenge: string; rpId?: string }, origin: string, rpId?: string): AuthenticationAnswer;
}

export type RegistrationAnswer = ReturnType<typeof registration>;
export type AuthenticationAnswer = ReturnType<typeof authentication>;

function registration(key: SoftPasskey, challenge: string, rpId: string, origin: string) {
  const jwk = key.privateKey.export({ format: 'jwk' });
  const cose = cbor(
    new Map<Cbor, Cbor>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]),
  );
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(key.credentialId.length);
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(key.counter);
  // rpIdHash, flags UP|UV|AT, counter, AAGUID (zeros), credential id, public key.
  const authData = Buffer.concat([sha256(rpId), Buffer.from([0x45]), counter, Buffer.alloc(16), idLength, key.credentialId, cose]);
  const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge, origin, crossOrigin: false }));
  const attestationObject = cbor(
    new Map<Cbor, Cbor>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', authData],
    ]),
  );
  return {
    id: b64url(key.credentialId),
    rawId: b64url(key.credentialId),
    type: 'public-key' as const,
    response: { clientDataJSON: b64url(clientData), attestationObject: b64url(attestationObject), transports: ['internal'] },
    clientExtensionResults: {},
  };
}

function authentication(key: SoftPasskey, challenge: string, rpId: string, origin: string) {
  key.counter += 1;
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(key.counter);
  const authData = Buffer.concat([sha256(rpId), Buffer.from([0x05]), counter]);
  const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin, crossOrigin: false }));
  const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), key.privateKey);
  return {
    id: b64url(key.credentialId),
    rawId: b64url(key.credentialId),
    type: 'public-key' as const,
    response: { clientDataJSON: b64url(clientData), authenticatorData: b64url(authData), signature: b64url(signature) },
    clientExtensionResults: {},
  };
}

export function softPasskey(): SoftPasskey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key: SoftPasskey = {
    credentialId: randomBytes(16),
    privateKey,
    counter: 0,
    register: (options, origin) => registration(key, options.challenge, options.rp.id ?? new URL(origin).hostname, origin),
    answer: (options, origin, rpId) => authentication(key, options.challenge, rpId ?? options.rpId ?? new URL(origin).hostname, origin),
  };
  return key;
}
