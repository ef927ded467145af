import { router } from '../../trpc.js';
import { getLlmConfigProcedure } from './get-llm-config.js';
import { putLlmConfigProcedure } from './put-llm-config.js';
import { resetLlmConfigProcedure } from './reset-llm-config.js';
import { verifyLlmConfigProcedure } from './verify-llm-config.js';

export const llmConfigRouter = router({
  get: getLlmConfigProcedure,
  put: putLlmConfigProcedure,
  verify: verifyLlmConfigProcedure,
  reset: resetLlmConfigProcedure,
});
