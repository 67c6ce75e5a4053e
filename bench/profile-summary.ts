// Summarises a V8 CPU profile (node --cpu-prof; `BENCH_CPU_PROF=1 npm run bench` writes one per instance into
// .data/bench-prof): self time by package / our code / Node internals, and the heaviest functions, so that the
// proxy overhead is attributed to causes measured, not guessed. Usage: tsx bench/profile-summary.ts <file.cpuprofile> [skip seconds]
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const profile = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
// Only the steady state: samples from `skip` seconds on (default: the last 60 % of the profile, after start-up).
const span = profile.timeDeltas.reduce((a, b) => a + b, 0);
const skip = process.argv[3] ? Number(process.argv[3]) * 1e6 : span * 0.4;
const self = new Map<number, number>();
let at = 0;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at >= skip) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

function category(node: Node): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName === '(idle)' ? '(idle)' : functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    const inner = /node_modules\/next\/dist\/(compiled\/[^/]+|server\/[^/]+|[^/]+)/.exec(url);
    return pkg[1] === 'next' && inner ? `next/${inner[1]}` : pkg[1]!;
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  if (/\/chunks\/|\/app\//.test(url)) return 'our code (bundled)';
  return url.replace(/^.*\//, '');
}

const byCategory = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, time] of self) {
  const node = byId.get(id)!;
  byCategory.set(category(node), (byCategory.get(category(node)) ?? 0) + time);
  const key = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '')}:${node.callFrame.lineNumber}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
}
const busy = total - (byCategory.get('(idle)') ?? 0);
console.log(`profile: ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s`);
console.log('\nself time by cause (share of busy time):');
for (const [name, time] of [...byCategory]
  .filter(([n]) => n !== '(idle)')
  .sort((a, b) => b[1] - a[1])
  .slice(0, 25))
  console.log(`  ${((100 * time) / busy).toFixed(1).padStart(5)} %  ${name}`);
console.log('\nheaviest functions:');
for (const [name, time] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`  ${((100 * time) / busy).toFixed(1).padStart(5)} %  ${name.slice(0, 150)}`);
