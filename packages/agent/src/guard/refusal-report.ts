import type { RcaReport } from '@vibemonitor/contracts';

/** The polite answer to a blocked question: no investigation ran, and the report says so. */
export function refusalReport(): RcaReport {
  return {
    analyst: 'deterministic',
    summary:
      'I can\'t act on this message: it looks like an attempt to change my instructions or reach beyond investigating an incident, so nothing was queried. If you meant to ask about a problem in your systems, ask again describing the symptom, for example "Why is checkout slow since 14:00?".',
    rootCause: null,
    evidence: [],
    ruledOut: [],
    timeline: [],
    nextSteps: [
      'Rephrase the question as the symptom you are seeing (service, what is wrong, since when).',
    ],
    notChecked: [
      'Everything: the question was blocked by the prompt-injection guard before any query ran.',
    ],
  };
}
