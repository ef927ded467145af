import { createRng, type Rng } from '@vibemonitor/simulator';
import type { CorpusDataset } from './datasets.js';

export interface LabelledLine {
  line: string;
  /** Ground-truth event id: lines from the same template share it. */
  eventId: string;
}

const USERS = ['root', 'admin', 'hadoop', 'deploy', 'oracle', 'test', 'ubuntu', 'git', 'postgres', 'guest', 'support', 'webmaster'];
const HOSTS = ['combo', 'node-17', 'LabSZ', 'worker3', 'mesos-slave-07', 'ip-172-31-4-19', 'db-primary', 'edge01'];
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'kappa', 'sigma', 'omega'];

function ip(rng: Rng): string {
  return `${rng.int(10, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

function fqdn(rng: Rng): string {
  return `${rng.pick(['proxy', 'www', 'mail', 'api', 'n219076184117', 'static-59'])}.${rng.pick(['cse.cuhk', 'example', 'netvigator', 'corp'])}.${rng.pick(['com', 'edu.hk', 'net', 'org'])}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Fills one placeholder, `{kind}` or `{kind:arg}`. Word-valued kinds are the hard cases for a miner. */
function fill(kind: string, arg: string | undefined, rng: Rng): string {
  switch (kind) {
    case 'int':
      return String(rng.int(0, 99999));
    case 'small':
      return String(rng.int(0, 9));
    case 'num': {
      const [lo, hi] = (arg ?? '0-100').split('-').map(Number);
      return String(rng.int(lo ?? 0, hi ?? 100));
    }
    case 'float':
      return (rng.next() * 100).toFixed(rng.int(1, 3));
    case 'ip':
      return ip(rng);
    case 'port':
      return String(rng.int(1024, 65535));
    case 'blk':
      return `${rng.next() < 0.5 ? '-' : ''}${rng.int(1, 9)}${Array.from({ length: 18 }, () => rng.int(0, 9)).join('')}`;
    case 'hex':
      return rng.hex(Number(arg ?? 8));
    case 'uuid':
      return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;
    case 'path':
      return `/${rng.pick(['var', 'usr', 'home', 'opt', 'mnt'])}/${rng.pick(WORDS)}/${rng.pick(['data', 'logs', 'cache'])}/${rng.hex(6)}.${rng.pick(['log', 'dat', 'tmp'])}`;
    case 'user':
      return rng.pick(USERS);
    case 'host':
      return rng.pick(HOSTS);
    case 'word':
      return rng.pick(arg ? arg.split('|') : WORDS);
    case 'ms':
      return `${rng.int(1, 4000)}ms`;
    case 'secs':
      return `${(rng.next() * 30).toFixed(2)}s`;
    case 'date':
      return `2024-0${rng.int(1, 9)}-${pad(rng.int(1, 28), 2)}`;
    case 'time':
      return `${pad(rng.int(0, 23), 2)}:${pad(rng.int(0, 59), 2)}:${pad(rng.int(0, 59), 2)}`;
    case 'ts':
      return `2024-06-${pad(rng.int(1, 28), 2)}T${pad(rng.int(0, 23), 2)}:${pad(rng.int(0, 59), 2)}:${pad(rng.int(0, 59), 2)}.${pad(rng.int(0, 999), 3)}Z`;
    case 'email':
      return `${rng.pick(USERS)}${rng.int(1, 99)}@${rng.pick(['example.com', 'corp.io', 'mail.net'])}`;
    case 'url':
      return `https://${rng.pick(['api', 'cdn', 'auth'])}.${rng.pick(['example.com', 'corp.io'])}/v${rng.int(1, 3)}/${rng.pick(WORDS)}/${rng.int(1, 9999)}`;
    case 'size':
      return `${rng.int(1, 900)}${rng.pick(['KB', 'MB', 'GB'])}`;
    case 'fqdn':
      return fqdn(rng);
    case 'opthost':
      return rng.next() < 0.6 ? '' : fqdn(rng);
    case 'weekday':
      return rng.pick(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    case 'month':
      return rng.pick(['Jan', 'Feb', 'Mar', 'Jun', 'Jul', 'Aug', 'Oct', 'Dec']);
    case 'bytes': {
      // `403 bytes` or `1190 bytes (1.16 KB)`: one value, one or three tokens.
      const n = rng.int(10, 90_000);
      return n < 1024 ? `${n} bytes` : `${n} bytes (${(n / 1024).toFixed(2)} KB)`;
    }
    case 'lifetime':
      return rng.next() < 0.4 ? '<1 sec' : `${pad(rng.int(0, 59), 2)}:${pad(rng.int(0, 59), 2)}`;
    case 'idlist': {
      // A list of node names whose length varies: `an14 an15 an16`.
      const prefix = rng.pick(['an', 'bn', 'cn', 'dn']);
      const from = rng.int(1, 900);
      return Array.from({ length: rng.int(1, 12) }, (_, i) => `${prefix}${from + i}`).join(' ');
    }
    case 'id':
      return `${arg ?? 'id'}_${rng.hex(10)}`;
    default:
      throw new Error(`unknown placeholder kind ${kind}`);
  }
}

const PLACEHOLDER_RE = /\{([a-z]+)(?::([^}]*))?\}/g;

export function render(template: string, rng: Rng): string {
  return template.replace(PLACEHOLDER_RE, (_all, kind: string, arg: string | undefined) => fill(kind, arg, rng));
}

/**
 * Lines of one dataset, deterministic for a seed: templates are drawn with
 * their weights (a long tail, like real logs) after each appears once.
 */
export function generateDataset(dataset: CorpusDataset, lines: number, seed = 1): LabelledLine[] {
  const rng = createRng(`${dataset.name}:${seed}`);
  const weights = dataset.templates.map((t) => t.weight ?? 1);
  const out: LabelledLine[] = [];
  for (let i = 0; i < lines; i++) {
    const index = i < dataset.templates.length ? i : rng.weighted(weights);
    const template = dataset.templates[index]!;
    const body = render(template.text, rng);
    const header = dataset.header?.replace('{level}', template.level ?? 'INFO').replace('{component}', template.component ?? 'main');
    const line = header === undefined ? body : `${render(header, rng)} ${body}`;
    out.push({ line, eventId: `${dataset.name}-E${index + 1}` });
  }
  return out;
}
