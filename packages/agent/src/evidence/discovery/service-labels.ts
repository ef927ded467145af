/**
 * Label names that commonly carry a service's identity, most specific first.
 * `pod` is last: its values carry replica hashes and need prefix matching.
 * `groupname` names a service only when matched: it is never used to discover one.
 */
export const SERVICE_LABEL_NAMES = [
  'service',
  'service_name',
  'app',
  'app_kubernetes_io_name',
  'job',
  'container',
  'deployment',
  // process-exporter's process group (`name:` in its config, often the service's own name).
  'groupname',
  'pod',
] as const;

export type MatchKind = 'alias' | 'exact' | 'case-insensitive' | 'normalized' | 'prefix' | 'suffix';

export interface ServiceLabelMatch {
  label: string;
  value: string;
  kind: MatchKind;
  /** Higher is more certain: configured alias 100, alias value 95, exact 90, case 80, normalized 70, pod-hash prefix 60, suffix 40. */
  score: number;
}

export type ServiceAlias = string | { label: string; value: string };

const SCORES: Record<MatchKind, number> = {
  alias: 100,
  exact: 90,
  'case-insensitive': 80,
  normalized: 70,
  prefix: 60,
  suffix: 40,
};

/** `api-gateway`, `api_gateway`, `API.Gateway` and `apigateway` all normalise to `apigateway`. */
export function normalizeServiceName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// Kubernetes generates replica-set hashes and pod suffixes from this alphabet
// (no vowels, no 0/1/3), and StatefulSets use ordinals: `api-gateway-7d9f8c5b6-xk2p9`, `postgres-0`.
const GENERATED_SEGMENT_RE = /^(?:[bcdfghjklmnpqrstvwxz2456789]{4,10}|\d{1,4})$/;

/**
 * True when `value` is `name` plus generated segments (`orders-7d9f8c5b6-xk2p9`),
 * but not a different service that shares a prefix (`orders-db`, `orders-canary`).
 */
export function isGeneratedSuffixOf(value: string, name: string): boolean {
  const v = value.toLowerCase();
  const n = name.toLowerCase();
  if (!v.startsWith(n) || v.length === n.length) return false;
  const separator = v.charAt(n.length);
  if (separator !== '-' && separator !== '_' && separator !== '.') return false;
  const segments = v.slice(n.length + 1).split(/[-_.]/);
  return (
    segments.length > 0 &&
    segments.length <= 2 &&
    segments.every((s) => GENERATED_SEGMENT_RE.test(s))
  );
}

/** Words that name a process's role beside its service (`redis-exporter`, `postgres-primary`), not another service. */
const ROLE_SUFFIX =
  /^(?:exporter|metrics|primary|master|replica|leader|follower|server|svc|service|headless|node)$/;

/** `redis-exporter`, `postgres_primary-0`: the service's name, then role words and generated segments. */
function isRoleSuffixOf(value: string, name: string): boolean {
  const v = value.toLowerCase();
  const n = name.toLowerCase();
  if (
    n.length < 3 ||
    !v.startsWith(n) ||
    v.length === n.length ||
    !/[-_.]/.test(v.charAt(n.length))
  )
    return false;
  const segments = v.slice(n.length + 1).split(/[-_.]/);
  return (
    segments.some((seg) => ROLE_SUFFIX.test(seg)) &&
    segments.every((seg) => ROLE_SUFFIX.test(seg) || GENERATED_SEGMENT_RE.test(seg))
  );
}

function classify(value: string, name: string): MatchKind | null {
  if (value === name) return 'exact';
  if (value.toLowerCase() === name.toLowerCase()) return 'case-insensitive';
  const normalized = normalizeServiceName(name);
  if (normalized.length > 0 && normalizeServiceName(value) === normalized) return 'normalized';
  if (isGeneratedSuffixOf(value, name) || isRoleSuffixOf(value, name)) return 'prefix';
  const v = value.toLowerCase();
  const n = name.toLowerCase();
  // An environment or namespace prefix: `prod-orders`, `shop_orders`.
  if (v.length > n.length && v.endsWith(n) && /[-_.]/.test(v.charAt(v.length - n.length - 1)))
    return 'suffix';
  return null;
}

/**
 * Finds the label values in one source that identify `service`. Aliases
 * configured for the service come first (an explicit `{ label, value }` is
 * trusted even when that label's values were not listed); then each candidate
 * label's values are compared with the name: exact, case-insensitive,
 * normalised, pod-style generated suffix, environment prefix. Returns every
 * match, best first; empty when the source does not know the service.
 */
export function matchServiceLabels(input: {
  service: string;
  aliases?: readonly ServiceAlias[];
  /** Values of each label in the source, e.g. from Prometheus `/api/v1/label/<name>/values`. */
  labelValues: Readonly<Record<string, readonly string[]>>;
  labelNames?: readonly string[];
}): ServiceLabelMatch[] {
  const labelNames = input.labelNames ?? SERVICE_LABEL_NAMES;
  const priority = (label: string) => {
    const i = labelNames.indexOf(label);
    return i < 0 ? labelNames.length : i;
  };
  const matches = new Map<string, ServiceLabelMatch>();
  const add = (match: ServiceLabelMatch) => {
    const key = `${match.label}\u0000${match.value}`;
    const existing = matches.get(key);
    if (existing === undefined || existing.score < match.score) matches.set(key, match);
  };
  const names: Array<{ name: string; alias: boolean }> = [{ name: input.service, alias: false }];
  for (const alias of input.aliases ?? []) {
    if (typeof alias === 'string') names.push({ name: alias, alias: true });
    else add({ label: alias.label, value: alias.value, kind: 'alias', score: SCORES.alias });
  }
  for (const label of labelNames) {
    for (const value of input.labelValues[label] ?? []) {
      for (const { name, alias } of names) {
        const kind = classify(value, name);
        if (kind === null) continue;
        // A configured { label, value } pair (100) beats a string alias found in some label (95); looser
        // alias matches keep their kind, one point below the same match on the service's own name.
        if (alias && kind === 'exact')
          add({ label, value, kind: 'alias', score: SCORES.alias - 5 });
        else add({ label, value, kind, score: SCORES[kind] - (alias ? 1 : 0) });
      }
    }
  }
  return [...matches.values()].sort(
    (a, b) =>
      b.score - a.score || priority(a.label) - priority(b.label) || a.value.localeCompare(b.value),
  );
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeLabelValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * A PromQL/LogQL matcher for the best label: `app="orders"` for one value,
 * `pod=~"orders-7d9f-abcde|orders-7d9f-xk2p9"` when the best label matched
 * several values (replicas). Null when there is no match.
 */
export function toLabelMatcher(matches: readonly ServiceLabelMatch[]): string | null {
  const best = matches[0];
  if (best === undefined) return null;
  const values = matches
    .filter((m) => m.label === best.label && m.score === best.score)
    .map((m) => m.value);
  if (values.length === 1) return `${best.label}="${escapeLabelValue(values[0]!)}"`;
  return `${best.label}=~"${escapeLabelValue(values.map(escapeRegex).join('|'))}"`;
}

/**
 * The host an `instance` (or probe `target`) label names: `db-1.prod.internal:9100`
 * -> `db-1`, `http://payment:8080/health` -> `payment`, `10.0.3.7:5432` -> `10.0.3.7`.
 */
export function hostOfInstance(value: string): string {
  const withoutScheme = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[/?#].*$/, '');
  const withoutPort = withoutScheme.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(withoutPort) ? withoutPort : withoutPort.split('.')[0]!;
}

/** True when an instance's host is the service (`redis:9121`, `checkout-7d9f8c5b6-xk2p9.shop.svc:8080`). */
export function instanceNamesService(instance: string, service: string): boolean {
  return (
    classify(hostOfInstance(instance), service) !== null &&
    classify(hostOfInstance(instance), service) !== 'suffix'
  );
}
