import type { RcaReport } from '@vibemonitor/contracts';

export type EvidenceItem = RcaReport['evidence'][number];

/**
 * Numbers the evidence of one investigation (`E1`, `E2`...), from checks and
 * tool calls alike, so every claim in the report can point at the query or
 * pattern behind it and citations can be checked against what really ran.
 */
export class EvidenceLedger {
  private readonly items: EvidenceItem[] = [];

  add(item: Omit<EvidenceItem, 'id'>): EvidenceItem {
    const entry: EvidenceItem = { id: `E${this.items.length + 1}`, ...item };
    this.items.push(entry);
    return entry;
  }

  has(id: string): boolean {
    return this.items.some((item) => item.id === id);
  }

  get(id: string): EvidenceItem | undefined {
    return this.items.find((item) => item.id === id);
  }

  all(): EvidenceItem[] {
    return [...this.items];
  }
}
