import { describe, expect, it } from 'vitest';
import {
  activeTraceContext,
  splitTraceContext,
  traceContextKey,
  withTraceContext,
} from './job-tracing.js';

describe('trace context in job data', () => {
  it('adds nothing when no span is active (tracing off)', () => {
    expect(activeTraceContext()).toBeUndefined();
    expect(withTraceContext({ turnId: 't1' })).toEqual({ turnId: 't1' });
  });

  it('splits the carried context from the payload, and ignores a malformed one', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(splitTraceContext({ turnId: 't1', [traceContextKey]: { traceparent } })).toEqual({
      payload: { turnId: 't1' },
      carrier: { traceparent },
    });
    expect(splitTraceContext({ turnId: 't1', [traceContextKey]: { traceparent: 42 } })).toEqual({
      payload: { turnId: 't1' },
      carrier: undefined,
    });
    expect(splitTraceContext({ turnId: 't1' })).toEqual({
      payload: { turnId: 't1' },
      carrier: undefined,
    });
  });
});
