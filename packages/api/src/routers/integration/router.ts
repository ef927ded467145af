import { router } from '../../trpc.js';
import { checkIntegrationHealthProcedure } from './check-integration-health.js';
import { getAwsSetupProcedure } from './get-aws-setup.js';
import { connectIntegrationProcedure } from './connect-integration.js';
import { disconnectIntegrationProcedure } from './disconnect-integration.js';
import { listAvailableIntegrationsProcedure } from './list-available-integrations.js';
import { listIntegrationsProcedure } from './list-integrations.js';
import { testIntegrationProcedure } from './test-integration.js';
import { updateIntegrationProcedure } from './update-integration.js';

export const integrationRouter = router({
  list: listIntegrationsProcedure,
  available: listAvailableIntegrationsProcedure,
  test: testIntegrationProcedure,
  connect: connectIntegrationProcedure,
  update: updateIntegrationProcedure,
  disconnect: disconnectIntegrationProcedure,
  healthCheck: checkIntegrationHealthProcedure,
  awsSetup: getAwsSetupProcedure,
});
