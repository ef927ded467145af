import type { RcaReport, RcaUsage } from '@vibemonitor/contracts';

/** One chat.postMessage: fallback text plus Block Kit blocks. */
export interface SlackMessagePayload {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** Slack's limits: 3,000 characters per section text, 50 blocks per message. */
export const SLACK_SECTION_MAX = 3000;
export const SLACK_BLOCKS_MAX = 50;

export const FEEDBACK_UP_ACTION = 'vm_feedback_up';
export const FEEDBACK_DOWN_ACTION = 'vm_feedback_down';
export const COMMENT_ACTION = 'vm_comment';
export const COMMENT_VIEW = 'vm_comment_view';

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Converts the Markdown our reports use to Slack mrkdwn: **bold** and
 * __bold__ to *bold*, [text](url) to <url|text>, headings to bold lines,
 * `- ` bullets to •. Text is escaped first, so a report cannot inject
 * Slack mentions or links of its own.
 */
export function markdownToMrkdwn(markdown: string): string {
  return escapeMrkdwn(markdown)
    .replace(
      /\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g,
      (_m, label: string, url: string) => `<${url}|${label}>`,
    )
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/__(.+?)__/g, '*$1*')
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*')
    .replace(/^\s*[-*]\s+/gm, '• ');
}

/** Splits text into pieces of at most `max` characters, preferring line breaks. */
export function splitText(text: string, max = SLACK_SECTION_MAX): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = max;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

function sections(markdown: string): Array<Record<string, unknown>> {
  return splitText(markdownToMrkdwn(markdown)).map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text },
  }));
}

function bullets(title: string, items: string[]): string | undefined {
  if (items.length === 0) return undefined;
  return `**${title}**\n${items.map((item) => `- ${item}`).join('\n')}`;
}

/** Cost line: dollars when known, tokens, tool calls and duration. */
export function describeUsage(usage: RcaUsage | undefined): string | undefined {
  if (!usage) return undefined;
  const parts = [
    usage.costUsd !== undefined ? `$${usage.costUsd.toFixed(4)}` : undefined,
    `${usage.inputTokens + usage.outputTokens} tokens`,
    `${usage.toolCalls} tool calls`,
    `${Math.round(usage.durationMs / 100) / 10} s`,
  ].filter(Boolean);
  return parts.join(' · ');
}

function feedbackBlocks(turnId: string): Array<Record<string, unknown>> {
  return [
    {
      type: 'actions',
      block_id: `vm_feedback`,
      elements: [
        {
          type: 'button',
          action_id: FEEDBACK_UP_ACTION,
          value: turnId,
          text: { type: 'plain_text', text: '👍 Helpful' },
        },
        {
          type: 'button',
          action_id: FEEDBACK_DOWN_ACTION,
          value: turnId,
          text: { type: 'plain_text', text: '👎 Not helpful' },
        },
        {
          type: 'button',
          action_id: COMMENT_ACTION,
          value: turnId,
          text: { type: 'plain_text', text: 'Add a comment' },
        },
      ],
    },
  ];
}

/** Characters of block text per message: well under Slack's 40,000 so one message stays readable. */
export const SLACK_MESSAGE_CHARS_MAX = 12_000;

function blockChars(block: Record<string, unknown>): number {
  return JSON.stringify(block).length;
}

/** Splits blocks into messages of at most SLACK_BLOCKS_MAX blocks and SLACK_MESSAGE_CHARS_MAX characters. */
function toMessages(text: string, blocks: Array<Record<string, unknown>>): SlackMessagePayload[] {
  const messages: SlackMessagePayload[] = [];
  let current: SlackMessagePayload | undefined;
  let chars = 0;
  for (const block of blocks) {
    const size = blockChars(block);
    if (
      !current ||
      current.blocks.length >= SLACK_BLOCKS_MAX ||
      chars + size > SLACK_MESSAGE_CHARS_MAX
    ) {
      current = { text: messages.length === 0 ? text : `${text} (continued)`, blocks: [] };
      messages.push(current);
      chars = 0;
    }
    current.blocks.push(block);
    chars += size;
  }
  return messages;
}

/**
 * The final answer of a completed investigation, as one or more messages:
 * root cause with confidence, summary, key evidence with its queries, what
 * was ruled out and not checked, next steps, cost, a link to the full report,
 * then the feedback buttons (on the last message).
 */
export function renderSlackAnswer(input: {
  report: RcaReport;
  usage: RcaUsage | undefined;
  turnId: string;
  reportUrl: string | undefined;
}): SlackMessagePayload[] {
  const { report, usage } = input;
  const parts: string[] = [];
  if (report.rootCause) {
    const service = report.rootCause.service ? ` (service ${report.rootCause.service})` : '';
    parts.push(
      `**Root cause**${service}, confidence ${report.rootCause.confidence}:\n${report.rootCause.cause}`,
    );
  } else {
    parts.push('**No root cause established.**');
  }
  parts.push(report.summary);
  const evidence = report.evidence.slice(0, 8).map((e) => {
    const query = e.query ? `\n  query: \`${e.query.replace(/`/g, "'")}\`` : '';
    return `${e.summary} _(${e.source})_${query}`;
  });
  for (const block of [
    bullets('Key evidence', evidence),
    bullets('Ruled out', report.ruledOut),
    bullets('Not checked', report.notChecked),
    bullets('Next steps', report.nextSteps),
  ]) {
    if (block) parts.push(block);
  }
  const cost = describeUsage(usage);
  const footer = [
    report.analyst === 'deterministic'
      ? 'Composed from the checks, without a model.'
      : report.model
        ? `Model: ${report.model}.`
        : undefined,
    cost ? `Cost: ${cost}.` : undefined,
    input.reportUrl ? `[Full report](${input.reportUrl})` : undefined,
  ].filter(Boolean);
  const blocks = parts.flatMap(sections);
  if (footer.length > 0) {
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: markdownToMrkdwn(footer.join('  ')).slice(0, SLACK_SECTION_MAX) },
      ],
    });
  }
  const messages = toMessages(report.summary.slice(0, 300), blocks);
  const last = messages.at(-1);
  if (last && last.blocks.length + 1 <= SLACK_BLOCKS_MAX)
    last.blocks.push(...feedbackBlocks(input.turnId));
  else messages.push({ text: 'Was this helpful?', blocks: feedbackBlocks(input.turnId) });
  return messages;
}

/** The answer when an investigation failed or was cancelled. */
export function renderSlackFailure(message: string): SlackMessagePayload {
  const text = `The investigation did not finish: ${message}`;
  return { text, blocks: sections(text) };
}
