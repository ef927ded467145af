import type { CauseKind } from '../checks/check-result.js';

/** How each kind of cause reads in a report, and what an on-call engineer should do next. */
export const causePhrases: Record<CauseKind, { title: string; nextSteps: string[] }> = {
  unavailable: {
    title: 'is down or unreachable',
    nextSteps: [
      'Check why it is not running or not ready (pod events, recent evictions, liveness probes) and restore it.',
      'Confirm the callers recover once it is back; consider a circuit breaker so its outage degrades them gracefully.',
    ],
  },
  disk_full: {
    title: 'ran out of disk space',
    nextSteps: [
      'Free or grow the volume now (expand the PVC, delete old WAL/logs, drop a stuck replication slot).',
      'Add an alert on disk usage above 80% with time-to-full.',
    ],
  },
  pool_exhaustion: {
    title: 'exhausted its connection pool',
    nextSteps: [
      'Look for connections that are never returned (leak detection logs, long transactions) and restart the affected pods to release them.',
      'Alert on pool usage above 80% and on time spent waiting for a connection.',
    ],
  },
  fd_exhaustion: {
    title: 'has run out of file descriptors (too many open files and sockets)',
    nextSteps: [
      'Find what holds the descriptors (lsof or /proc/<pid>/fd on one pod): usually sockets that are never closed or an HTTP client without keep-alive reuse.',
      'Restart the affected pods to recover now; raise the open-files limit only as a stopgap and alert on open/max descriptors above 80%.',
    ],
  },
  network: {
    title: 'has a network problem on its path (network latency or packet loss)',
    nextSteps: [
      'Check the network path to its pods: the node they run on (TCP retransmissions, interface drops), traffic shaping or policies applied recently, and the CNI.',
      'Move its pods to another node or remove the faulty rule; give callers timeouts and retries with backoff meanwhile.',
    ],
  },
  oom: {
    title: 'is being OOM-killed',
    nextSteps: [
      'Take a heap profile of the growing process to find the leak (caches without bounds, listeners never removed).',
      'Raise the memory limit only as a stopgap; roll back a recent change if the growth started with it.',
    ],
  },
  memory_growth: {
    title: 'shows steadily growing memory',
    nextSteps: [
      'Take a heap profile to find what grows; compare with the last release.',
      'Watch for OOM kills and restarts as it nears its limit.',
    ],
  },
  bad_deploy: {
    title: 'started failing right after a deploy',
    nextSteps: [
      'Roll back to the previous version.',
      'Read the new errors in the logs to find the faulty change before redeploying.',
    ],
  },
  config_change: {
    title: 'started failing right after a configuration change',
    nextSteps: [
      'Revert the configuration change.',
      'Validate the configuration (hosts, URLs, keys) before it is applied, e.g. in CI or a startup check.',
    ],
  },
  certificate: {
    title: 'fails TLS handshakes because of a certificate problem',
    nextSteps: [
      'Renew or replace the expired certificate and reload the service.',
      'Monitor certificate expiry dates and alert weeks ahead.',
    ],
  },
  dns: {
    title: 'cannot resolve a host name',
    nextSteps: [
      'Check the host name in the configuration and the DNS records it depends on.',
      'Check the cluster DNS (CoreDNS) health.',
    ],
  },
  traffic_surge: {
    title: 'receives a traffic surge',
    nextSteps: [
      'Identify where the extra traffic comes from (user agents, IPs, one client) and block or rate-limit it.',
      'Scale out the affected services if the traffic is legitimate.',
    ],
  },
  gc_pressure: {
    title: 'spends its time in garbage collection (memory pressure)',
    nextSteps: [
      'Look at the heap: what fills it (a cache, large requests) and whether something forces full collections.',
      'Tune the heap size or collector only once the cause of the churn is known; roll back a recent change if it started with it.',
    ],
  },
  cpu_saturation: {
    title: 'is CPU-saturated',
    nextSteps: [
      'Profile the CPU of the busy process to find the hot path; roll back a recent change if it started with it.',
      'Raise the CPU limit or scale out as a stopgap.',
    ],
  },
  queue_backlog: {
    title: 'has a growing queue backlog',
    nextSteps: [
      'Check that consumers are running and keeping up; scale them out.',
      'Look for a slow or failing step in the consumer.',
    ],
  },
  workload_change: {
    title: 'changed shortly before the problem began',
    nextSteps: [
      'Check what the new or changed workload does and pause it if it competes for shared resources.',
      'Schedule heavy jobs away from peak hours or onto dedicated nodes.',
    ],
  },
  dependency_failure: {
    title: 'fails calling a dependency',
    nextSteps: [
      'Check the health of the dependency named in the errors.',
      'Make sure the service degrades gracefully (timeouts, retries with backoff, circuit breaker).',
    ],
  },
  slow_dependency: {
    title: 'waits on a slow dependency',
    nextSteps: [
      'Check the latency of the dependency named in the logs (its status page if it is external).',
      'Set tight timeouts and a circuit breaker on that call.',
    ],
  },
  crash_restarts: {
    title: 'keeps restarting',
    nextSteps: [
      'Read the logs of the previous container (kubectl logs --previous) for the crash reason.',
      'Check the liveness probe and recent changes.',
    ],
  },
  app_exception: {
    title: 'throws a new exception',
    nextSteps: [
      'Read the stack trace of the new exception to find the failing code path; roll back the change that introduced it.',
      'Check whether a recent deploy or data change reaches that code path.',
    ],
  },
  errors: {
    title: 'returns errors',
    nextSteps: [
      'Read the new error patterns in its logs to find the failing operation.',
      'Check its dependencies and recent changes.',
    ],
  },
  latency: {
    title: 'got slower',
    nextSteps: [
      'Find which operation or dependency got slower (traces or per-endpoint latency).',
      'Check its dependencies and recent changes.',
    ],
  },
};
