import 'server-only';
import { ServerResponse } from 'node:http';

/**
 * Next flushes an answer's headers in a socket write of their own (flushHeaders, as the body starts), then writes
 * the body: two writes for a route handler's JSON answer, three for a page. On a machine where each socket write is
 * costly (the writes were ~25 % of an instance's CPU per proxied call, bench/profile-summary.ts), that is much of a
 * small answer's cost. Here the socket is corked when the headers are flushed and uncorked on the next tick: whatever
 * Next writes in that tick (for a JSON answer: all of it) leaves in one write, so 1 write per API answer and 2 per
 * page (tests/unit/coalesce-writes.test.ts counts them). A streamed page still sends its headers and first bytes at
 * once (one tick later); later chunks are not held. Installed once per process by instrumentation.ts, unless
 * HTTP_COALESCE_WRITES=off.
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
