import type { RcaReport, RcaUsage } from '@vibemonitor/contracts';

/** What a chat message asks for: an investigation, or small talk answered on the spot. */
export type ChatMessageKind = 'question' | 'greeting' | 'help';

const GREETING =
  /^(?:hi|hello|hey|hiya|howdy|yo|hallo|bonjour|hola|good (?:morning|afternoon|evening|day)|thanks?|thank you(?: (?:so|very) much)?|thx|ty|cheers|ok(?:ay)?|cool|great|nice|bye|goodbye|see you)(?: (?:there|all|team|everyone|vibemonitor|bot|again|a lot))*$/;
const HELP =
  /^(?:help|help me|usage|commands|what can you do|what do you do|what are you|who are you|how do(?:es)? (?:this|it|you) work|how do i use (?:this|you|vibemonitor)|what can i ask(?: you)?|what should i ask|how can you help(?: me)?|getting started|how to start)$/;

/**
 * Greetings and requests for help get a short answer without an
 * investigation (no quota, no model); anything else is a question to
 * investigate. Deliberately narrow: only short messages that are nothing but
 * a greeting or a help request, so "hi, checkout is down" is still investigated.
 */
export function classifyChatMessage(message: string): ChatMessageKind {
  const trimmed = message.trim();
  if (/^\?+$/.test(trimmed)) return 'help';
  const text = trimmed
    .toLowerCase()
    .replace(/[!?.,;:'"’()]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length === 0 || text.length > 60) return 'question';
  if (HELP.test(text)) return 'help';
  if (GREETING.test(text)) return 'greeting';
  return 'question';
}

const EXAMPLES = [
  'Why is checkout slow?',
  'Are there errors in payments in the last 2 hours?',
  'What changed in the api since yesterday?',
];

/** The deterministic answer to small talk, as a report (no root cause, nothing investigated). */
export function smallTalkAnswer(kind: Exclude<ChatMessageKind, 'question'>): {
  text: string;
  report: RcaReport;
  usage: RcaUsage;
} {
  const text =
    kind === 'greeting'
      ? 'Hello! Ask me about a problem in production and I will investigate it in your metrics, logs and changes: for example "Why is checkout slow?". Follow-ups in the same conversation ("and yesterday?", "is it fixed now?") keep the service and time window.'
      : 'I investigate production problems: name a symptom and, if you can, a service and a time ("errors in payments in the last 2 hours"). I query the connected integrations (Prometheus, Loki, Grafana, GitHub), then report the likely root cause with its evidence, what I ruled out, and next steps. Follow-ups in the same conversation keep the service and time window; greetings and help requests like this one do not count as investigations.';
  return {
    text,
    report: {
      analyst: 'deterministic',
      summary: text,
      rootCause: null,
      evidence: [],
      ruledOut: [],
      timeline: [],
      nextSteps: EXAMPLES.map((example) => `Ask: "${example}"`),
      notChecked: [],
    },
    usage: { inputTokens: 0, outputTokens: 0, toolCalls: 0, durationMs: 0 },
  };
}
