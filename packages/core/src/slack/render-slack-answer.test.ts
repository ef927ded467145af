import { describe, expect, it } from 'vitest';
import type { RcaReport } from '@vibemonitor/contracts';
import {
  markdownToMrkdwn,
  renderSlackAnswer,
  SLACK_BLOCKS_MAX,
  SLACK_SECTION_MAX,
} from './render-slack-answer.js';

const report: RcaReport = {
  analyst: 'llm',
  model: 'm',
  summary: 'Checkout is slow because **payments** is saturated.',
  rootCause: {
    service: 'payments',
    cause: 'CPU saturation',
    confidence: 'high',
    evidenceIds: ['e1'],
  },
  evidence: [{ id: 'e1', source: 'metrics', summary: 'CPU at 98%', query: 'rate(cpu[5m])' }],
  ruledOut: ['database'],
  timeline: [],
  nextSteps: ['scale payments'],
  notChecked: ['traces'],
};

describe('renderSlackAnswer', () => {
  it('converts Markdown and escapes Slack control characters', () => {
    expect(markdownToMrkdwn('**a** <@U1> [x](https://e.com) # h')).toBe(
      '*a* &lt;@U1&gt; <https://e.com|x> # h',
    );
    expect(markdownToMrkdwn('## Title\n- one')).toBe('*Title*\n• one');
  });

  it('has root cause, evidence with query, ruled out, cost, link and feedback buttons', () => {
    const [message] = renderSlackAnswer({
      report,
      usage: { inputTokens: 10, outputTokens: 5, toolCalls: 2, durationMs: 1500, costUsd: 0.01 },
      turnId: 't1',
      reportUrl: 'https://vm.example/chat/s1',
    });
    const text = JSON.stringify(message);
    for (const part of [
      'confidence high',
      'CPU at 98%',
      'rate(cpu[5m])',
      'Ruled out',
      'traces',
      '$0.0100',
      'https://vm.example/chat/s1',
      'vm_feedback_up',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('splits long reports within Slack limits', () => {
    const long = {
      ...report,
      nextSteps: Array.from({ length: 400 }, (_, i) => `step ${i} ${'x'.repeat(200)}`),
      evidence: [],
    };
    const messages = renderSlackAnswer({
      report: long,
      usage: undefined,
      turnId: 't',
      reportUrl: undefined,
    });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(SLACK_BLOCKS_MAX);
      for (const b of m.blocks) {
        const t = (b as { text?: { text: string } }).text?.text ?? '';
        expect(t.length).toBeLessThanOrEqual(SLACK_SECTION_MAX);
      }
    }
    expect(JSON.stringify(messages.at(-1))).toContain('vm_comment');
  });
});
