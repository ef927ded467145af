/**
 * Grouping accuracy as defined by LogPAI (Zhu et al., "Tools and Benchmarks
 * for Automated Log Parsing", ICSE-SEIP 2019): a line counts as correctly
 * parsed when the set of lines in its predicted group is exactly the set of
 * lines of its ground-truth group. Returns the fraction of such lines.
 */
export function groupingAccuracy(truth: readonly string[], predicted: readonly (string | number)[]): number {
  if (truth.length !== predicted.length) throw new RangeError(`truth has ${truth.length} labels but predicted has ${predicted.length}`);
  if (truth.length === 0) return 1;
  const truthSizes = new Map<string, number>();
  for (const label of truth) truthSizes.set(label, (truthSizes.get(label) ?? 0) + 1);
  const groups = new Map<string | number, { size: number; label: string; pure: boolean }>();
  for (let i = 0; i < predicted.length; i++) {
    const key = predicted[i]!;
    const label = truth[i]!;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { size: 1, label, pure: true });
    else {
      group.size++;
      if (group.label !== label) group.pure = false;
    }
  }
  let correct = 0;
  for (const group of groups.values()) {
    if (group.pure && truthSizes.get(group.label) === group.size) correct += group.size;
  }
  return correct / truth.length;
}

const WILDCARD_RUN_RE = /<\*>(?:[\s:.,;/=_+|#@()[\]{}'"-]*<\*>)+/g;
const SPACE_RE = /\s+/g;

/**
 * A template in a comparable form: runs of wildcards with only punctuation or
 * spaces between them (`<*>:<*>`, `<*> <*>`) are one `<*>`, and whitespace is
 * collapsed. Parsers differ on how many wildcards a variable spans; the
 * constant text they keep is what parsing accuracy compares.
 */
export function normaliseTemplate(template: string): string {
  return template.replace(WILDCARD_RUN_RE, '<*>').replace(SPACE_RE, ' ').trim();
}

/**
 * Parsing accuracy (message-level, as in loghub-2.0): the fraction of lines
 * whose predicted template equals the ground-truth template after
 * `normaliseTemplate`.
 */
export function parsingAccuracy(truth: readonly string[], predicted: readonly string[]): number {
  if (truth.length !== predicted.length) throw new RangeError(`truth has ${truth.length} templates but predicted has ${predicted.length}`);
  if (truth.length === 0) return 1;
  const cache = new Map<string, string>();
  const norm = (t: string) => {
    let n = cache.get(t);
    if (n === undefined) cache.set(t, (n = normaliseTemplate(t)));
    return n;
  };
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (norm(truth[i]!) === norm(predicted[i]!)) correct++;
  return correct / truth.length;
}
