// Waiting for an event in a test: read until the value is what the test waits for (no fixed sleeps).
export async function until<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 30_000, everyMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
