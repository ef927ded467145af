import type { RcaReport } from '@vibemonitor/contracts';
import type { ModelAnswer } from './parse-model-answer.js';

const CITATION = /\[((?:E\d+)(?:\s*,\s*E\d+)*)\]/g;

function citedIds(text: string): string[] {
  return [...text.matchAll(CITATION)].flatMap((match) =>
    match[1]!.split(',').map((id) => id.trim()),
  );
}

export interface CitationCheck {
  report: Omit<RcaReport, 'analyst' | 'evidence' | 'model'>;
  /** Ids the model cited that no check or tool produced. */
  unknownIds: string[];
  /** Claims dropped because they rested only on unknown ids. */
  droppedClaims: number;
}

/**
 * Holds the model's answer to its citations. Evidence ids are checked
 * against the ledger: an unknown id is removed (marked "[unverified]" in
 * prose); a list item that cites only unknown ids is dropped; a root cause
 * left with no real evidence keeps its text but drops to low confidence and
 * the report says why. Nothing the model wrote is trusted just for sounding sure.
 */
export function validateCitations(
  answer: ModelAnswer,
  known: (id: string) => boolean,
): CitationCheck {
  const unknown = new Set<string>();
  let droppedClaims = 0;

  const cleanText = (text: string) =>
    text.replace(CITATION, (_, ids: string) => {
      const list = ids.split(',').map((id) => id.trim());
      const good = list.filter((id) => known(id));
      for (const id of list) if (!known(id)) unknown.add(id);
      return good.length > 0 ? `[${good.join(', ')}]` : '[unverified]';
    });

  /** Keeps an item unless every id it cites is unknown. */
  const keepList = (items: string[]) =>
    items.flatMap((item) => {
      const ids = citedIds(item);
      if (ids.length > 0 && ids.every((id) => !known(id))) {
        for (const id of ids) unknown.add(id);
        droppedClaims += 1;
        return [];
      }
      return [cleanText(item)];
    });

  const notChecked = [...answer.notChecked];
  let rootCause: CitationCheck['report']['rootCause'] = null;
  if (answer.rootCause) {
    const listed = answer.rootCause.evidenceIds
      .map((id) => id.trim())
      .filter((id) => id.length > 0);
    const fromText = citedIds(answer.rootCause.cause);
    for (const id of [...listed, ...fromText]) if (!known(id)) unknown.add(id);
    const evidenceIds = [...new Set([...listed, ...fromText].filter((id) => known(id)))];
    const supported = evidenceIds.length > 0;
    rootCause = {
      service: answer.rootCause.service ?? null,
      cause: cleanText(answer.rootCause.cause),
      confidence: supported ? answer.rootCause.confidence : 'low',
      evidenceIds,
    };
    if (!supported)
      notChecked.push(
        'The root cause proposed by the model cites no evidence that exists, so it is unverified (confidence lowered to low).',
      );
  }

  const timeline = answer.timeline.flatMap((entry) => {
    const ids = citedIds(entry.text);
    if (ids.length > 0 && ids.every((id) => !known(id))) {
      for (const id of ids) unknown.add(id);
      droppedClaims += 1;
      return [];
    }
    return [{ at: entry.at, text: cleanText(entry.text) }];
  });
  const report = {
    summary: cleanText(answer.summary),
    rootCause,
    ruledOut: keepList(answer.ruledOut),
    timeline,
    nextSteps: answer.nextSteps.map(cleanText),
    notChecked,
  };
  if (unknown.size > 0) {
    report.notChecked.push(
      `The model cited evidence that does not exist (${[...unknown].sort().join(', ')}); those citations were removed${droppedClaims > 0 ? ` and ${droppedClaims} claim(s) resting only on them were dropped` : ''}.`,
    );
  }
  return { report, unknownIds: [...unknown].sort(), droppedClaims };
}
