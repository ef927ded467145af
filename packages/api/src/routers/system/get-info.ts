import { systemInfoSchema } from '@vibemonitor/contracts';
import { publicProcedure } from '../../trpc.js';

/** Version, run mode and which optional integrations this deployment has configured. */
export const getInfo = publicProcedure
  .output(systemInfoSchema)
  .query(({ ctx }) => ctx.deps.systemInfo);
