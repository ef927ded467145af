import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { groupingAccuracy, parsingAccuracy } from '../packages/agent/src/evidence/log-patterns/accuracy.js';
import { maskLine } from '../packages/agent/src/evidence/log-patterns/mask.js';
import { LogPatternMiner } from '../packages/agent/src/evidence/log-patterns/miner.js';
import { benchLogMiner } from './log-miner.js';

/**
 * LogPAI loghub-2k benchmark: `pnpm bench:loghub DIR`. DIR holds the public
 * `<System>_2k.log_structured.csv` files of the logpai/loghub repository and,
 * when present, logparser's `<System>_2k.log_structured_corrected.csv`
 * (data/loghub_2k_corrected). The data is not ours to commit, so it is read
 * from wherever it was downloaded. As in Drain's and loghub's benchmarks the
 * miner sees only the message (the `Content` column), one pass with the
 * default settings, then a second pass classifies every line with `match`
 * against the final templates. Ground truth: `EventId` (raw) or
 * `EventTemplate` (corrected, as loghub-2.0's evaluation groups).
 */
export const LOGHUB_SYSTEMS = [
  'HDFS', 'Hadoop', 'Spark', 'Zookeeper', 'BGL', 'HPC', 'Thunderbird', 'Windows',
  'Linux', 'Android', 'HealthApp', 'Apache', 'Proxifier', 'OpenSSH', 'OpenStack', 'Mac',
] as const;

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface LabelledFile {
  content: string[];
  eventIds: string[];
  templates: string[];
}

export function readStructured(path: string): LabelledFile {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8')).filter((r) => r.length > 1);
  const col = (name: string) => {
    const index = header!.indexOf(name);
    if (index < 0) throw new Error(`${path}: no ${name} column`);
    return index;
  };
  const content = col('Content');
  const eventId = col('EventId');
  const template = col('EventTemplate');
  return { content: rows.map((r) => r[content]!), eventIds: rows.map((r) => r[eventId]!), templates: rows.map((r) => r[template]!) };
}

export interface SystemResult {
  system: string;
  ga: number;
  pa: number;
  gaCorrected: number | null;
  paCorrected: number | null;
  naiveGa: number;
  templates: number;
}

/** One pass of `add` over the content, then `match` for the final grouping and templates. */
export function mineAndClassify(content: readonly string[]): string[] {
  const miner = new LogPatternMiner();
  for (const line of content) miner.add(line);
  return content.map((line) => miner.match(line)?.template ?? '');
}

export function evaluateSystem(dir: string, system: string): SystemResult | null {
  const rawPath = join(dir, `${system}_2k.log_structured.csv`);
  if (!existsSync(rawPath)) return null;
  const raw = readStructured(rawPath);
  const predicted = mineAndClassify(raw.content);
  const correctedPath = join(dir, `${system}_2k.log_structured_corrected.csv`);
  let gaCorrected: number | null = null;
  let paCorrected: number | null = null;
  if (existsSync(correctedPath)) {
    const corrected = readStructured(correctedPath);
    const predictedCorrected = corrected.content.length === raw.content.length && corrected.content.every((c, i) => c === raw.content[i]) ? predicted : mineAndClassify(corrected.content);
    gaCorrected = groupingAccuracy(corrected.templates, predictedCorrected);
    paCorrected = parsingAccuracy(corrected.templates, predictedCorrected);
  }
  return {
    system,
    ga: groupingAccuracy(raw.eventIds, predicted),
    pa: parsingAccuracy(raw.templates, predicted),
    gaCorrected,
    paCorrected,
    naiveGa: groupingAccuracy(raw.eventIds, raw.content.map((l) => maskLine(l))),
    templates: new Set(predicted).size,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (dir === undefined || !existsSync(dir)) {
    console.error('usage: pnpm bench:loghub DIR   (DIR holds <System>_2k.log_structured.csv and optionally *_corrected.csv)');
    process.exit(2);
  }
  const only = process.argv[3];
  const results = LOGHUB_SYSTEMS.filter((s) => only === undefined || s === only)
    .map((s) => evaluateSystem(dir, s))
    .filter((r): r is SystemResult => r !== null);
  if (results.length === 0) {
    console.error(`no <System>_2k.log_structured.csv files in ${dir}`);
    process.exit(2);
  }
  const f = (n: number | null) => (n === null ? '    - ' : n.toFixed(3).padStart(6));
  console.log(`${'system'.padEnd(12)}     GA     PA  GA(c)  PA(c)  naive  templates`);
  for (const r of results) console.log(`${r.system.padEnd(12)} ${f(r.ga)} ${f(r.pa)} ${f(r.gaCorrected)} ${f(r.paCorrected)} ${f(r.naiveGa)} ${String(r.templates).padStart(10)}`);
  const avg = (pick: (r: SystemResult) => number | null) => {
    const values = results.map(pick).filter((v): v is number => v !== null);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  };
  console.log(`${'average'.padEnd(12)} ${f(avg((r) => r.ga))} ${f(avg((r) => r.pa))} ${f(avg((r) => r.gaCorrected))} ${f(avg((r) => r.paCorrected))} ${f(avg((r) => r.naiveGa))}`);
  console.log(`lowest GA: ${Math.min(...results.map((r) => r.ga)).toFixed(3)}; GA = LogPAI grouping accuracy, PA = parsing accuracy (template equal after normalisation), (c) = corrected templates, naive = exact match of the masked line`);
  if (process.env.LOGHUB_SPEED !== '0') {
    // The speed figure of `pnpm bench` in the same run (1M generated lines, all corpus systems mixed).
    console.log('\nspeed (1M generated lines, default settings):');
    for (const [key, value] of Object.entries(await benchLogMiner({ lines: 1_000_000 }))) console.log(`  ${key.padEnd(30)} ${value}`);
  }
}
