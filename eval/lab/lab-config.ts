// The lab's configuration files. YAML is a superset of JSON, so each is
// written as JSON: no YAML library, and the structure is checked by tsc.

export interface LabPorts {
  demo: number;
  redis: number;
  postgres: number;
  prometheus: number;
  alertmanager: number;
  nodeExporter: number;
  redisExporter: number;
  postgresExporter: number;
  blackboxExporter: number;
  processExporter: number;
}

/** The service names the lab's telemetry carries (label `service`) and the workspace declares. */
export const LAB_SERVICES = { api: 'shop-api', redis: 'redis', postgres: 'postgres' } as const;

const target = (port: number) => `127.0.0.1:${port}`;

/** Scrape every second, evaluate every second: a fault shows within seconds. */
export function prometheusConfig(input: { ports: LabPorts; rulesFile: string }) {
  const { ports } = input;
  const job = (name: string, port: number, service: string) => ({
    job_name: name,
    static_configs: [{ targets: [target(port)], labels: { service, environment: 'lab' } }],
  });
  return {
    global: { scrape_interval: '1s', scrape_timeout: '900ms', evaluation_interval: '1s' },
    rule_files: [input.rulesFile],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [target(ports.alertmanager)] }] }] },
    scrape_configs: [
      job('shop-api', ports.demo, LAB_SERVICES.api),
      // The host and the process group the demo service runs in.
      job('node', ports.nodeExporter, LAB_SERVICES.api),
      job('process', ports.processExporter, LAB_SERVICES.api),
      job('redis', ports.redisExporter, LAB_SERVICES.redis),
      job('postgres', ports.postgresExporter, LAB_SERVICES.postgres),
      {
        job_name: 'blackbox',
        metrics_path: '/probe',
        params: { module: ['http_2xx'] },
        static_configs: [
          {
            targets: [`http://127.0.0.1:${ports.demo}/health`],
            labels: { service: LAB_SERVICES.api, environment: 'lab' },
          },
        ],
        relabel_configs: [
          { source_labels: ['__address__'], target_label: '__param_target' },
          { source_labels: ['__param_target'], target_label: 'instance' },
          { target_label: '__address__', replacement: target(ports.blackboxExporter) },
        ],
      },
    ],
  };
}

/**
 * The alert rules an on-call team would write: symptoms of the checkout API
 * first, then the causes the exporters see directly. Short `for` so a fault
 * pages within seconds.
 */
export function alertRules(input: { receiptsDir: string }) {
  const api = LAB_SERVICES.api;
  const requests = `http_server_request_duration_seconds_count{service="${api}"}`;
  return {
    groups: [
      {
        name: 'incident-lab',
        rules: [
          {
            alert: 'CheckoutErrorRateHigh',
            expr: `sum(rate(${requests.replace('}', ',http_response_status_code=~"5.."}')}[15s])) / sum(rate(${requests}[15s])) > 0.05`,
            for: '5s',
            labels: { severity: 'page', service: api, environment: 'lab' },
            annotations: {
              summary:
                'Checkout is failing: {{ $value | humanizePercentage }} of requests answer 5xx',
            },
          },
          {
            alert: 'CheckoutLatencyHigh',
            expr: `histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="${api}"}[15s]))) > 0.5`,
            for: '5s',
            labels: { severity: 'page', service: api, environment: 'lab' },
            annotations: { summary: 'Checkout p95 latency is {{ $value | humanizeDuration }}' },
          },
          {
            alert: 'ShopApiCpuSaturated',
            expr: `sum(rate(namedprocess_namegroup_cpu_seconds_total{service="${api}",groupname="${api}"}[10s])) > 0.25`,
            for: '5s',
            labels: { severity: 'page', service: api, environment: 'lab' },
            annotations: {
              summary: 'shop-api processes use {{ $value | humanize }} CPU cores',
            },
          },
          {
            alert: 'ReceiptsVolumeFull',
            expr: `node_filesystem_avail_bytes{service="${api}",mountpoint="${input.receiptsDir}"} / node_filesystem_size_bytes{service="${api}",mountpoint="${input.receiptsDir}"} < 0.05`,
            for: '3s',
            labels: { severity: 'page', service: api, environment: 'lab' },
            annotations: {
              summary: 'The receipts volume has {{ $value | humanizePercentage }} free',
            },
          },
          {
            alert: 'RedisDown',
            expr: `redis_up{service="${LAB_SERVICES.redis}"} == 0`,
            for: '3s',
            labels: { severity: 'page', service: LAB_SERVICES.redis, environment: 'lab' },
            annotations: { summary: 'The Redis exporter cannot reach Redis' },
          },
          {
            alert: 'PostgresConnectionsNearLimit',
            expr: `sum(pg_stat_activity_count{service="${LAB_SERVICES.postgres}"}) / max(pg_settings_max_connections{service="${LAB_SERVICES.postgres}"}) > 0.85`,
            for: '3s',
            labels: { severity: 'page', service: LAB_SERVICES.postgres, environment: 'lab' },
            annotations: {
              summary: 'PostgreSQL uses {{ $value | humanizePercentage }} of max_connections',
            },
          },
        ],
      },
    ],
  };
}

/** One receiver per fault (so nothing is deduplicated across faults), grouped per alert and service. */
export function alertmanagerConfig(
  input: { receiver: string; url: string; secret: string } | null,
) {
  const receiver = input?.receiver ?? 'nowhere';
  return {
    route: {
      receiver,
      group_by: ['alertname', 'service'],
      group_wait: '1s',
      group_interval: '2s',
      repeat_interval: '1h',
    },
    receivers: [
      input
        ? {
            name: receiver,
            webhook_configs: [
              {
                url: input.url,
                send_resolved: true,
                http_config: { authorization: { type: 'Bearer', credentials: input.secret } },
              },
            ],
          }
        : { name: receiver },
    ],
  };
}

/** process-exporter: the demo service's process group (children such as stress-ng count with it). */
export function processExporterConfig(input: { demoScript: string }) {
  return {
    process_names: [
      {
        name: LAB_SERVICES.api,
        cmdline: [input.demoScript.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')],
      },
    ],
  };
}

export function blackboxConfig() {
  return { modules: { http_2xx: { prober: 'http', timeout: '900ms', http: { method: 'GET' } } } };
}
