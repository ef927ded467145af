import { router } from '../../trpc.js';
import { countServicesProcedure } from './count-services.js';
import { createServiceProcedure } from './create-service.js';
import { deleteServiceProcedure } from './delete-service.js';
import { listServicesProcedure } from './list-services.js';
import { updateServiceProcedure } from './update-service.js';

export const serviceRouter = router({
  list: listServicesProcedure,
  count: countServicesProcedure,
  create: createServiceProcedure,
  update: updateServiceProcedure,
  delete: deleteServiceProcedure,
});
