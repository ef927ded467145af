import type { EvidenceLedger } from '../analyst/evidence-ledger.js';
import { hostOfInstance, isGeneratedSuffixOf } from '../evidence/index.js';
import type { InvestigationWindow } from '../engine/investigation-window.js';
import type { MetricSource } from '../sources/data-sources.js';
import type { Finding } from './check-result.js';
import { metricBaselineStart } from './metric-sweep.js';
import type { ServiceDirectory } from './service-directory.js';

/*
 * A certificate that expires breaks every client that checks it, at one
 * moment, with nothing changed: the most common "nothing was deployed" outage.
 * Exporters publish each certificate's end of validity as a Unix timestamp;
 * one that passed inside the investigation's span is a finding for the
 * service presenting it.
 */

/** Expiry timestamps (seconds since the epoch) as common exporters name them. */
const EXPIRY_METRICS = [
  'nginx_ingress_controller_ssl_expire_time_seconds',
  'certmanager_certificate_expiration_timestamp_seconds',
  'probe_ssl_earliest_cert_expiry',
  'x509_cert_not_after',
  'ssl_certificate_expiry_seconds',
  'traefik_tls_certs_not_after',
];

/** Labels that can name the service presenting a certificate, most specific first. */
const OWNER_LABELS = [
  'service',
  'app',
  'app_kubernetes_io_name',
  'job',
  'container',
  'controller_pod',
  'pod',
  'instance',
];
/** `ingress-nginx-controller` is ingress-nginx in its controller role. */
const ROLE_SUFFIX = /^(?:controller|server|proxy|gateway|primary|master)(?:-|$)/;

/** Labels that say which certificate it is. */
const NAME_LABELS = ['host', 'cn', 'subject_CN', 'common_name', 'name', 'secret_name', 'instance'];

/** The service a certificate series belongs to, by its labels, or null. */
export function certificateOwner(
  labels: Record<string, string>,
  services: readonly string[],
): string | null {
  // cert-manager's series are about certificates it manages, labelled as cert-manager itself.
  if (/cert-?manager/i.test(labels.job ?? '')) return null;
  for (const label of OWNER_LABELS) {
    const raw = labels[label];
    if (!raw) continue;
    const value = (
      label === 'instance' ? hostOfInstance(raw) : raw.slice(raw.lastIndexOf('/') + 1)
    ).toLowerCase();
    const owner =
      services.find(
        (s) =>
          value.startsWith(`${s.toLowerCase()}-`) && ROLE_SUFFIX.test(value.slice(s.length + 1)),
      ) ??
      services.find((s) => s.toLowerCase() === value) ??
      services.find((s) => isGeneratedSuffixOf(value, s)) ??
      // `ingress-nginx-controller` is ingress-nginx's controller.
      services.find(
        (s) =>
          s.length >= 4 && value.startsWith(`${s.toLowerCase()}-`) && !services.includes(value),
      );
    if (owner) return owner;
  }
  return null;
}

/** Certificates that expired between the baseline's start and the incident's end, as findings. */
export async function certificateExpiryFindings(input: {
  directory: ServiceDirectory;
  metrics: readonly MetricSource[];
  window: InvestigationWindow;
  ledger: EvidenceLedger;
  signal: AbortSignal;
}): Promise<Finding[]> {
  const { directory, window, ledger, signal } = input;
  const from = metricBaselineStart(window).getTime() / 1000;
  const to = window.incident.end.getTime() / 1000;
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const source of input.metrics) {
    const present = directory.metricNames(source);
    for (const metric of EXPIRY_METRICS.filter((name) => present.has(name))) {
      const result = await source
        .instant({ query: metric, time: window.incident.end, maxSeries: 200, signal })
        .catch(() => null);
      for (const series of result?.series ?? []) {
        const expiry = series.points.at(-1)?.value ?? null;
        if (expiry === null || expiry <= from || expiry > to) continue;
        const owner = certificateOwner(series.labels, directory.services);
        if (owner === null) continue;
        const name = NAME_LABELS.map((label) => series.labels[label]).find(Boolean) ?? metric;
        if (seen.has(`${owner}\u0000${name}`)) continue;
        seen.add(`${owner}\u0000${name}`);
        const at = new Date(expiry * 1000).toISOString();
        const item = ledger.add({
          source: 'dependency_saturation',
          summary: `${owner}: the TLS certificate for ${name} expired at ${at}`,
          query: `${metric}{${Object.entries(series.labels)
            .filter(([label]) => label !== '__name__')
            .map(([label, value]) => `${label}="${value.replace(/["\\]/g, '\\$&')}"`)
            .join(', ')}}`,
        });
        findings.push({
          service: owner,
          kind: 'certificate',
          text: `TLS certificate for ${name} expired at ${at} (${metric})`,
          strength: 8,
          onset: expiry * 1000,
          evidenceIds: [item.id],
        });
      }
    }
  }
  return findings;
}
