import { AppError } from '@vibemonitor/contracts';
import { describeStripeError, isStripeOutage } from '@vibemonitor/integrations';

/**
 * Runs a Stripe call and turns its failures into AppErrors a person can act
 * on: an outage is UNAVAILABLE, a refusal is BAD_REQUEST with Stripe's own
 * message. Anything else (a bug) is rethrown as is.
 */
export async function callStripe<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isStripeOutage(error)) {
      throw new AppError(
        'UNAVAILABLE',
        `Stripe could not be reached to ${what}. Try again in a minute.`,
      );
    }
    const described = describeStripeError(error);
    if (described) throw new AppError('BAD_REQUEST', `Stripe refused to ${what}: ${described}`);
    throw error;
  }
}
