import { ChatGoogleGenerativeAI, type GoogleGenerativeAIChatInput } from '@langchain/google-genai';

/**
 * ChatGoogleGenerativeAI with a deadline on non-streaming calls, like the
 * other clients' `timeout` option. @langchain/google-genai 2.3 has no such
 * option, and its non-streaming `_generate` drops the call's `signal` before
 * the request, so without this a Gemini endpoint that never answers would
 * hang the caller. Streamed calls already honour the call's `signal`/`timeout`.
 */
export class TimedChatGoogleGenerativeAI extends ChatGoogleGenerativeAI {
  readonly requestTimeoutMs: number;

  constructor(fields: GoogleGenerativeAIChatInput & { requestTimeoutMs: number }) {
    const { requestTimeoutMs, ...rest } = fields;
    super(rest);
    this.requestTimeoutMs = requestTimeoutMs;
  }

  override completionWithRetry(
    request: Parameters<ChatGoogleGenerativeAI['completionWithRetry']>[0],
    options?: this['ParsedCallOptions'],
  ): ReturnType<ChatGoogleGenerativeAI['completionWithRetry']> {
    const deadline = AbortSignal.timeout(this.requestTimeoutMs);
    const signal = options?.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    return super.completionWithRetry(request, { ...options, signal } as this['ParsedCallOptions']);
  }
}
