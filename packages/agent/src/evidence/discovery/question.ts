import { isGeneratedSuffixOf, normalizeServiceName } from './service-labels.js';

export interface KnownService {
  name: string;
  aliases?: readonly string[];
}

export interface ServiceMention {
  service: string;
  /** The words of the question that named it. */
  matched: string;
  /** `known`: matched a known service or alias; `guessed`: read from the sentence shape. */
  confidence: 'known' | 'guessed';
}

const WORD_RE = /[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z0-9]/g;

const NOT_SERVICES = new Set([
  'it',
  'this',
  'that',
  'there',
  'everything',
  'anything',
  'something',
  'the',
  'a',
  'an',
  'our',
  'my',
  'we',
  'system',
  'site',
  'website',
  'prod',
  'production',
  'staging',
  'service',
  'app',
  'api',
  'latency',
  'traffic',
  'error',
  'errors',
  'what',
  'why',
  'how',
  'when',
  'who',
  'is',
  'are',
  'so',
  'very',
  'cpu',
  'memory',
  'today',
]);

const GUESS_PATTERNS = [
  /\bwhy (?:is|are|was|were|does|did|do|has|have) (?:the |our |my )?([a-z0-9][\w.-]*)(?: service| app| api| pods?| deployment)? (?:so |very |really )?(?:slow|down|failing|erroring|broken|timing|returning|throwing|crashing|restarting|using|not|unhealthy|degraded|flapping|oom|leaking|high|spiking|unavailable|5\d\d)/i,
  /\b(?:in|on|for|from|of|with|to) (?:the |our )?([a-z0-9][\w.-]*) (?:service|app|api|pods?|deployment|container|microservice)\b/i,
  /\b(?:the |our )?([a-z0-9][\w.-]*) (?:service|app|pods?|deployment|microservice) (?:is|are|was|has|keeps|seems)\b/i,
  /\b([a-z0-9][\w.-]*) (?:is|are|was|seems|looks) (?:so |very |really )?(?:slow|down|failing|erroring|broken|unhealthy|degraded|flapping|unavailable)\b/i,
  /\b(?:errors|latency|timeouts|5xx|restarts|crashes) (?:in|on|from|of) (?:the |our )?([a-z0-9][\w.-]*)\b/i,
];

/**
 * Finds the service a question is about. Known services (and their aliases)
 * win, matched on single words or runs of up to three words so that "API
 * gateway" finds `api-gateway`; the longest match wins, then the earliest.
 * Without a known match, common sentence shapes ("why is X slow", "errors in
 * X", "the X service") give a guess. Null when nothing fits.
 */
export function extractServiceFromQuestion(
  question: string,
  known: readonly (string | KnownService)[] = [],
): ServiceMention | null {
  const words = question.match(WORD_RE) ?? [];
  const services = known.map((k) =>
    typeof k === 'string' ? { name: k, aliases: [] } : { name: k.name, aliases: k.aliases ?? [] },
  );
  let best: { mention: ServiceMention; length: number; start: number } | null = null;
  for (let start = 0; start < words.length; start++) {
    for (let length = 1; length <= 3 && start + length <= words.length; length++) {
      const phrase = words.slice(start, start + length).join(' ');
      const normalized = normalizeServiceName(phrase);
      if (normalized.length === 0) continue;
      for (const service of services) {
        const hit = [service.name, ...service.aliases].some(
          (candidate) =>
            normalizeServiceName(candidate) === normalized ||
            (length === 1 && isGeneratedSuffixOf(phrase, candidate)),
        );
        if (!hit) continue;
        const score = normalized.length;
        if (best === null || score > best.length)
          best = {
            mention: { service: service.name, matched: phrase, confidence: 'known' },
            length: score,
            start,
          };
      }
    }
  }
  if (best !== null) return best.mention;
  for (const pattern of GUESS_PATTERNS) {
    const found = pattern.exec(question);
    const name = found?.[1]?.replace(/[.-]+$/, '');
    if (name && !NOT_SERVICES.has(name.toLowerCase()))
      return { service: name.toLowerCase(), matched: name, confidence: 'guessed' };
  }
  return null;
}
