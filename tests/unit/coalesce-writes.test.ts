import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coalesceResponseWrites } from '@/lib/server/http/coalesce-writes';

/**
 * lib/server/http/coalesce-writes.ts, counted on a real socket: how many writes reach it per response (a corked
 * socket hands its buffered chunks over in one write), and that a streamed answer's first bytes still leave before
 * its end. The server answers as Next does (counted there: 1 write per API answer with it, 2 without).
 */
type Counted = Socket & { _writeGeneric: (...args: unknown[]) => unknown; writes: number };

let release: () => void = () => {};
const streamed = new Promise<void>((resolve) => (release = resolve));
const writesPerResponse: number[] = [];
let writesBeforeEnd = -1;

const server = http.createServer(async (req, res) => {
  const socket = req.socket as Counted;
  if (!Object.hasOwn(socket, 'writes')) {
    const write = socket._writeGeneric;
    socket._writeGeneric = function (this: Counted, ...args: unknown[]) {
      this.writes++;
      return write.apply(this, args);
    };
  }
  socket.writes = 0;
  res.on('finish', () => writesPerResponse.push(socket.writes));
  res.setHeader('Content-Type', 'text/plain');
  // Next pipes an answer inside promise callbacks: headers flushed there, then the body after awaiting its stream.
  await Promise.resolve();
  res.flushHeaders();
  await Promise.resolve();
  if (req.url === '/stream') {
    res.write('first bytes');
    await streamed; // the rest only once the client holds the first bytes
    writesBeforeEnd = socket.writes;
    res.end('the rest');
  } else res.end('{"status":"ok"}');
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let port = 0;

function get(path: string, onFirstBytes?: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (!body) onFirstBytes?.();
          body += chunk;
        });
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  agent.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('coalesceResponseWrites', () => {
  it('sends a JSON answer in one socket write instead of two (headers, then body and end)', async () => {
    writesPerResponse.length = 0;
    await get('/answer');
    expect(writesPerResponse).toEqual([2]); // not installed: the switch HTTP_COALESCE_WRITES=off

    coalesceResponseWrites();
    coalesceResponseWrites(); // installed once however often it is called
    writesPerResponse.length = 0;
    for (let i = 0; i < 3; i++) expect(await get('/answer')).toBe('{"status":"ok"}');
    expect(writesPerResponse).toEqual([1, 1, 1]);
  });

  it('does not hold a streamed answer: headers and first bytes leave together, before the end is written', async () => {
    coalesceResponseWrites();
    writesPerResponse.length = 0;
    // Deadlocks (and the test times out) if the first bytes wait for the end.
    expect(await get('/stream', release)).toBe('first bytesthe rest');
    expect(writesBeforeEnd).toBe(1);
    expect(writesPerResponse).toEqual([2]);
  });
});
