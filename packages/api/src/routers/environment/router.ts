import { router } from '../../trpc.js';
import { addRepositoryProcedure } from './add-repository.js';
import { createEnvironmentProcedure } from './create-environment.js';
import { deleteEnvironmentProcedure } from './delete-environment.js';
import { listAvailableRepositoriesProcedure } from './list-available-repositories.js';
import { listEnvironmentsProcedure } from './list-environments.js';
import { removeRepositoryProcedure } from './remove-repository.js';
import { setDefaultEnvironmentProcedure } from './set-default-environment.js';
import { updateEnvironmentProcedure } from './update-environment.js';

export const environmentRouter = router({
  list: listEnvironmentsProcedure,
  create: createEnvironmentProcedure,
  update: updateEnvironmentProcedure,
  delete: deleteEnvironmentProcedure,
  setDefault: setDefaultEnvironmentProcedure,
  addRepository: addRepositoryProcedure,
  removeRepository: removeRepositoryProcedure,
  availableRepositories: listAvailableRepositoriesProcedure,
});
