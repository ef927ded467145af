import type { TimeSpan } from '../engine/investigation-window.js';
import { hostOfInstance, isGeneratedSuffixOf } from '../evidence/index.js';
import type { MetricSource } from '../sources/data-sources.js';

/**
 * Which service owns which IP address. Callers' errors often name only an
 * address (`dial tcp 10.96.14.2:8080: connect: connection refused`,
 * `upstream connect error ... 10.244.1.17:9000`); the telemetry usually says
 * whose address it is: kube-state-metrics publishes pod IPs
 * (`kube_pod_info{pod_ip}`), Service cluster IPs (`kube_service_info{cluster_ip}`)
 * and endpoint addresses (`kube_endpoint_address{ip}`), and every Prometheus
 * scrape target's `up{instance="10.244.1.17:8080"}` carries its service's
 * labels. An address claimed by two services is ambiguous and left out.
 */

/** Where each address-bearing metric keeps the address and the owner's name, in order of preference. */
const ADDRESS_SOURCES: ReadonlyArray<{ metric: string; address: string; owners: string[] }> = [
  { metric: 'kube_service_info', address: 'cluster_ip', owners: ['service'] },
  { metric: 'kube_pod_info', address: 'pod_ip', owners: ['created_by_name', 'pod'] },
  { metric: 'kube_endpoint_address', address: 'ip', owners: ['endpoint'] },
  {
    metric: 'up',
    address: 'instance',
    owners: ['service', 'service_name', 'app', 'app_kubernetes_io_name', 'container', 'job'],
  },
];

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** Addresses that say nothing about who was called. */
const MEANINGLESS = /^(?:127\.|0\.0\.0\.0$|255\.255\.255\.255$)/;

/** A pod's owner as kube-state-metrics names it (`orders-7d9f8c5b6`) or the pod itself, back to the service. */
function ownerName(value: string, services: readonly string[]): string | null {
  const lower = value.toLowerCase();
  return (
    services.find((s) => s.toLowerCase() === lower) ??
    services.find((s) => isGeneratedSuffixOf(lower, s)) ??
    null
  );
}

/** The address book from series labels (pure): IP -> service, ambiguous addresses dropped. */
export function addressesFromSeries(
  seriesByMetric: ReadonlyMap<string, ReadonlyArray<Record<string, string>>>,
  services: readonly string[],
): Map<string, string> {
  const owners = new Map<string, Set<string>>();
  for (const { metric, address, owners: ownerLabels } of ADDRESS_SOURCES) {
    for (const labels of seriesByMetric.get(metric) ?? []) {
      const raw = labels[address];
      if (!raw) continue;
      const ip = address === 'instance' ? hostOfInstance(raw) : raw;
      if (!IPV4.test(ip) || MEANINGLESS.test(ip)) continue;
      const owner = ownerLabels
        .map((label) => labels[label])
        .filter((value): value is string => Boolean(value))
        .map((value) => ownerName(value, services))
        .find((name) => name !== null);
      if (!owner) continue;
      owners.set(ip, (owners.get(ip) ?? new Set()).add(owner));
    }
  }
  const book = new Map<string, string>();
  for (const [ip, names] of owners) if (names.size === 1) book.set(ip, [...names][0]!);
  return book;
}

/** Reads the address-bearing series of every metrics source in the window and builds the book. */
export async function buildAddressBook(input: {
  metrics: readonly MetricSource[];
  metricNames: (source: MetricSource) => Set<string>;
  services: readonly string[];
  window: TimeSpan;
  signal: AbortSignal;
}): Promise<Map<string, string>> {
  const seriesByMetric = new Map<string, Array<Record<string, string>>>();
  for (const source of input.metrics) {
    const present = input.metricNames(source);
    for (const { metric } of ADDRESS_SOURCES.filter((s) => present.has(s.metric))) {
      const found = await source
        .series({
          match: [metric],
          start: input.window.start,
          end: input.window.end,
          limit: 2000,
          signal: input.signal,
        })
        .catch(() => ({ series: [] as Array<Record<string, string>> }));
      seriesByMetric.set(metric, [...(seriesByMetric.get(metric) ?? []), ...found.series]);
    }
  }
  return addressesFromSeries(seriesByMetric, input.services);
}

/** The service owning an IP address the text names (`10.96.14.2:8080`), other than `author`, or null. */
export function serviceByAddress(
  text: string,
  author: string,
  book: ReadonlyMap<string, string>,
): string | null {
  if (book.size === 0) return null;
  for (const match of text.matchAll(
    /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?(?![\d.])/g,
  )) {
    // Port 53 is the resolver the caller asked, not the service it wanted.
    if (match[2] === '53') continue;
    const owner = book.get(match[1]!);
    if (owner && owner.toLowerCase() !== author.toLowerCase()) return owner;
  }
  return null;
}
