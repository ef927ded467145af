import { router } from './trpc.js';
import { systemRouter } from './routers/system/router.js';
import { authRouter } from './routers/auth/router.js';

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
});

export type AppRouter = typeof appRouter;
