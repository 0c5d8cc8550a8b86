import { readFileSync } from 'node:fs';
import { REPOSITORY_ROOT } from './lifespan-server.ts';

/** The parts of a V8 .cpuprofile (as written by `node --cpu-prof`) the summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives: a package name, a Lifespan source file, node's internals, or V8 itself. */
function placeOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.replace(/^file:\/\//, '');
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (packageMatch?.[1]) return packageMatch[1];
  if (path.startsWith('node:')) return 'node internals';
  return path.startsWith(REPOSITORY_ROOT) ? path.slice(REPOSITORY_ROOT.length) : path;
}

function top(totals: Map<string, number>, all: number, count: number): string[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => `  ${((micros / all) * 100).toFixed(1).padStart(5)}%  ${name}`);
}

/** Self time of a CPU profile, by place (package or file) and by function, largest first. */
export function summarizeProfile(path: string, count = 20): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id);
    const micros = profile.timeDeltas[index] ?? 0;
    if (!frame || frame.functionName === '(idle)') return;
    all += micros;
    const place = placeOf(frame.url, frame.functionName);
    const name = `${frame.functionName || '(anonymous)'} ${place}:${frame.lineNumber + 1}`;
    byPlace.set(place, (byPlace.get(place) ?? 0) + micros);
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
  return [
    `CPU profile ${path} (${(all / 1e6).toFixed(1)} s busy, idle excluded), self time by place:`,
    ...top(byPlace, all, count),
    'by function:',
    ...top(byFunction, all, count),
  ].join('\n');
}
