import { describe, expect, it } from 'vitest';
import { extractServiceFromQuestion } from './question.js';

const known = [
  'checkout',
  'api-gateway',
  'orders',
  { name: 'payments', aliases: ['billing', 'stripe-proxy'] },
];

describe('extractServiceFromQuestion', () => {
  it.each([
    ['Why is checkout slow?', 'checkout'],
    ['why is the API gateway returning 502s', 'api-gateway'],
    ['Errors in api_gateway since 10:00', 'api-gateway'],
    ['Is billing down?', 'payments'],
    ['pod orders-6b8c9d7f4-h2k5m keeps restarting', 'orders'],
    ['Why is apigateway slower than orders?', 'api-gateway'],
  ])('%s -> %s (known)', (question, service) => {
    expect(extractServiceFromQuestion(question, known)).toMatchObject({
      service,
      confidence: 'known',
    });
  });

  it.each([
    ['Why is inventory slow?', 'inventory'],
    ['why are search-api pods restarting', 'search-api'],
    ['high latency in the recommendations service', 'recommendations'],
    ['The cart service is throwing 500s', 'cart'],
    ['notifications is down again', 'notifications'],
    ['errors from shipping since the deploy', 'shipping'],
  ])('%s -> %s (guessed)', (question, service) => {
    expect(extractServiceFromQuestion(question, known)).toMatchObject({
      service,
      confidence: 'guessed',
    });
  });

  it('returns null when no service is named', () => {
    expect(extractServiceFromQuestion('Why is everything slow?', known)).toBeNull();
    expect(extractServiceFromQuestion('what happened last night', known)).toBeNull();
    expect(extractServiceFromQuestion('', [])).toBeNull();
  });
});
