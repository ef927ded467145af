import { router } from '../../trpc.js';
import { cancelSubscriptionProcedure } from './cancel-subscription.js';
import { changeServiceCountProcedure } from './change-service-count.js';
import { createPortalSessionProcedure } from './create-portal-session.js';
import { getSubscriptionProcedure } from './get-subscription.js';
import { getUsageProcedure } from './get-usage.js';
import { listInvoicesProcedure } from './list-invoices.js';
import { listPlansProcedure } from './list-plans.js';
import { startCheckoutProcedure } from './start-checkout.js';

export const billingRouter = router({
  plans: listPlansProcedure,
  subscription: getSubscriptionProcedure,
  usage: getUsageProcedure,
  checkout: startCheckoutProcedure,
  portal: createPortalSessionProcedure,
  cancel: cancelSubscriptionProcedure,
  changeServiceCount: changeServiceCountProcedure,
  invoices: listInvoicesProcedure,
});
