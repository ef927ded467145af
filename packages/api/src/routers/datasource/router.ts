import { router } from '../../trpc.js';
import { listDatasourcesProcedure } from './list-datasources.js';

export const datasourceRouter = router({
  list: listDatasourcesProcedure,
});
