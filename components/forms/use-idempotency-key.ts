'use client';

import { useState } from 'react';

/** A random key; crypto.randomUUID exists only in secure contexts (https, localhost), getRandomValues everywhere. */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The Idempotency-Key of a create form (lib/server/idempotency.ts): made when the form opens, sent with every
 * submission of it (a double click, a retry after a timeout: the server answers once), renewed after a success or
 * when the server says the earlier attempt's outcome is unknown (the next send is then a new one).
 */
export function useIdempotencyKey() {
  const [key, setKey] = useState(newKey);
  return { headers: { 'Idempotency-Key': key }, renew: () => setKey(newKey()) };
}
