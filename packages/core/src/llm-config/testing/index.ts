export {
  FAKE_LLM_KEYS,
  startFakeLlmServer,
  type FakeLlmServer,
  type FakeLlmServerOptions,
  type ReceivedLlmRequest,
  type ScriptedError,
  type ScriptedMessage,
  type ScriptedReply,
  type ScriptedToolCall,
} from './fake-llm-server.js';
