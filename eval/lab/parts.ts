import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** A program the lab runs, and the Debian package that ships it. */
export interface LabPart {
  name: string;
  debianPackage: string;
  path: string | null;
}

function onPath(command: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** PostgreSQL's server programs are not on PATH on Debian: /usr/lib/postgresql/<major>/bin. */
function postgresBin(program: string): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return onPath(program);
  const majors = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const path = `${root}/${major}/bin/${program}`;
    if (existsSync(path)) return path;
  }
  return onPath(program);
}

/** Every part of the lab, found (path) or not (null). */
export function findLabParts(): Record<string, LabPart> {
  const part = (name: string, debianPackage: string, path: string | null): [string, LabPart] => [
    name,
    { name, debianPackage, path },
  ];
  return Object.fromEntries([
    part('prometheus', 'prometheus', onPath('prometheus')),
    part('alertmanager', 'prometheus-alertmanager', onPath('prometheus-alertmanager')),
    part('node-exporter', 'prometheus-node-exporter', onPath('prometheus-node-exporter')),
    part('redis-exporter', 'prometheus-redis-exporter', onPath('prometheus-redis-exporter')),
    part(
      'postgres-exporter',
      'prometheus-postgres-exporter',
      onPath('prometheus-postgres-exporter'),
    ),
    part(
      'blackbox-exporter',
      'prometheus-blackbox-exporter',
      onPath('prometheus-blackbox-exporter'),
    ),
    part('process-exporter', 'prometheus-process-exporter', onPath('prometheus-process-exporter')),
    part('stress-ng', 'stress-ng', onPath('stress-ng')),
    part('redis-server', 'redis-server', onPath('redis-server')),
    part('initdb', 'postgresql', postgresBin('initdb')),
    part('postgres', 'postgresql', postgresBin('postgres')),
  ]);
}

/** The parts that are missing, as one sentence saying how to install them (null when none is). */
export function missingPartsMessage(parts: Record<string, LabPart>): string | null {
  const missing = Object.values(parts).filter((p) => p.path === null);
  if (missing.length === 0) return null;
  const packages = [...new Set(missing.map((p) => p.debianPackage))].join(' ');
  return `the incident lab needs ${missing.map((p) => p.name).join(', ')}, not found on this machine; install them with \`bash eval/lab/install-parts.sh\` (apt-get install -y ${packages})`;
}
