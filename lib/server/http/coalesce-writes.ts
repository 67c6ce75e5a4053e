import 'server-only';
import { ServerResponse } from 'node:http';

/**
 * Next sends a route handler's answer as three socket writes: the headers (flushHeaders, as the body starts), the
 * body, and the end of the chunked body. On a machine where each socket write is costly (measured: the three writes
 * were ~25 % of an instance's CPU per proxied call, bench/profile-summary.ts), that is most of a small answer's cost.
 * Here the socket is corked when the headers are flushed and uncorked on the next tick: whatever the handler writes
 * in that tick (for a JSON answer: all of it) leaves in one write. A streamed page still flushes its headers and
 * first bytes at once (one tick later); later chunks are not held. Installed once per process (instrumentation.ts).
 */
export function coalesceResponseWrites() {
  const proto = ServerResponse.prototype as ServerResponse & { nxsysCoalesced?: true };
  if (proto.nxsysCoalesced) return;
  proto.nxsysCoalesced = true;
  const flushHeaders = proto.flushHeaders;
  proto.flushHeaders = function (this: ServerResponse) {
    if (!this.headersSent && this.socket && !this.socket.destroyed) {
      this.cork();
      process.nextTick(uncork, this);
    }
    return flushHeaders.call(this);
  };
}

function uncork(response: ServerResponse) {
  response.uncork();
}
