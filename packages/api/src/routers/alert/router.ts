import { router } from '../../trpc.js';
import { createAlertEndpointProcedure } from './create-alert-endpoint.js';
import { deleteAlertEndpointProcedure } from './delete-alert-endpoint.js';
import { listAlertEndpointsProcedure } from './list-alert-endpoints.js';
import { listAlertGroupsProcedure } from './list-alert-groups.js';
import { rotateAlertEndpointSecretProcedure } from './rotate-alert-endpoint-secret.js';
import { updateAlertEndpointProcedure } from './update-alert-endpoint.js';

export const alertRouter = router({
  endpoints: router({
    list: listAlertEndpointsProcedure,
    create: createAlertEndpointProcedure,
    update: updateAlertEndpointProcedure,
    rotateSecret: rotateAlertEndpointSecretProcedure,
    delete: deleteAlertEndpointProcedure,
  }),
  groups: router({ list: listAlertGroupsProcedure }),
});
