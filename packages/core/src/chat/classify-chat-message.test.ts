import { describe, expect, it } from 'vitest';
import { rcaReportSchema, rcaUsageSchema } from '@vibemonitor/contracts';
import { classifyChatMessage, smallTalkAnswer } from './classify-chat-message.js';

describe('classifyChatMessage', () => {
  it.each([
    'hi',
    'Hello!',
    'hey there',
    'Good morning team',
    'thanks',
    'Thank you so much!',
    'ok',
    'cheers',
  ])('answers the greeting %j without investigating', (message) =>
    expect(classifyChatMessage(message)).toBe('greeting'),
  );
  it.each([
    'help',
    'Help?',
    '?',
    'What can you do?',
    'how does this work',
    'How do I use this?',
    'what can I ask',
  ])('answers the help request %j without investigating', (message) =>
    expect(classifyChatMessage(message)).toBe('help'),
  );
  it.each([
    'Why is checkout slow?',
    'hi, checkout is down',
    'hello, why are payments failing since 10:00?',
    'help! the api returns 500s',
    'and what about yesterday?',
    'is it fixed now?',
    'thanks, but is payments still slow?',
    '',
  ])('investigates %j', (message) => expect(classifyChatMessage(message)).toBe('question'));

  it('answers with a valid report and zero usage', () => {
    for (const kind of ['greeting', 'help'] as const) {
      const answer = smallTalkAnswer(kind);
      expect(rcaReportSchema.parse(answer.report)).toMatchObject({ rootCause: null, evidence: [] });
      expect(rcaUsageSchema.parse(answer.usage)).toEqual({
        inputTokens: 0,
        outputTokens: 0,
        toolCalls: 0,
        durationMs: 0,
      });
      expect(answer.report.summary).toBe(answer.text);
    }
  });
});
