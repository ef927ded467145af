import { describe, expect, it } from 'vitest';
import { isGreetingOrHelp, questionFromSlackText } from './slack-question.js';

describe('Slack questions', () => {
  it('strips bot mentions', () => {
    expect(questionFromSlackText('<@UBOT> why is  checkout slow?')).toBe('why is checkout slow?');
    expect(questionFromSlackText('<@UBOT|vibemonitor>  hi ')).toBe('hi');
  });

  it('tells greetings and help from questions', () => {
    for (const text of ['', 'hi', 'Hello!', 'help', 'thanks', '?'])
      expect(isGreetingOrHelp(text)).toBe(true);
    for (const text of ['help me find why checkout is slow', 'hi, why is login failing?']) {
      expect(isGreetingOrHelp(text)).toBe(false);
    }
  });
});
