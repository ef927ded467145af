import { describe, expect, it } from 'vitest';
import { alertSourceOf, parseSlackAlert } from './parse-slack-alert.js';

describe('parseSlackAlert', () => {
  it('reads a Grafana/Alertmanager firing message with label lines', () => {
    const alert = parseSlackAlert({
      type: 'message',
      bot_id: 'B1',
      bot_profile: { name: 'Grafana' },
      ts: '1800000000.000100',
      text: '[FIRING:1] HighLatency (checkout critical)',
      attachments: [
        {
          text: 'Labels:\n - alertname = HighLatency\n - severity = critical\n - service = checkout\n - startsAt = 2026-12-07T12:00:00Z',
        },
      ],
    });
    expect(alert).toMatchObject({
      source: 'grafana',
      name: 'HighLatency',
      severity: 'critical',
      service: 'checkout',
      resolved: false,
    });
    expect(alert?.startedAt.toISOString()).toBe('2026-12-07T12:00:00.000Z');
  });

  it('reads PagerDuty-style attachments with fields', () => {
    const alert = parseSlackAlert({
      type: 'message',
      subtype: 'bot_message',
      bot_id: 'B2',
      username: 'PagerDuty',
      ts: '1800000000.000200',
      attachments: [
        {
          title: 'Triggered: #123 Error rate above 5% on payments',
          fields: [
            { title: 'Priority', value: 'P1' },
            { title: 'Service', value: 'payments' },
          ],
        },
      ],
    });
    expect(alert).toMatchObject({ source: 'pagerduty', severity: 'P1', service: 'payments' });
    expect(alert?.name).toContain('Error rate above 5%');
    expect(Math.floor(alert!.startedAt.getTime() / 1000)).toBe(1_800_000_000);
  });

  it('marks resolved alerts', () => {
    expect(
      parseSlackAlert({
        bot_id: 'B',
        bot_profile: { name: 'Alertmanager' },
        text: '[RESOLVED] HighLatency',
        ts: '1',
      })?.resolved,
    ).toBe(true);
  });

  it('recognises the sender by bot identity, never by text alone', () => {
    expect(alertSourceOf({ user: 'U1', text: 'Grafana: [FIRING:1] HighLatency' })).toBeUndefined();
    expect(
      alertSourceOf({
        bot_id: 'B9',
        bot_profile: { name: 'Deploy bot' },
        text: 'Grafana [FIRING:1] X',
      }),
    ).toBeUndefined();
    expect(alertSourceOf({ bot_id: 'B3', bot_profile: { name: 'Datadog' } })).toBe('datadog');
    expect(alertSourceOf({ bot_id: 'B4', bot_profile: { name: 'Sentry' } })).toBe('sentry');
    expect(alertSourceOf({ bot_id: 'B5', bot_profile: { name: 'Opsgenie' } })).toBe('opsgenie');
  });
});
