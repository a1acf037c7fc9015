import type { CleanResult, IngestInput } from '../../contracts/batch';
import { cleanObject, type CleanDependencies } from './clean';
import { customerProfile } from './customer-profile';
import { listingProfile } from './listing-profile';

export { cleanObject, cleanOutputRefs, type CleanDependencies, type CleanProgress } from './clean';
export { CleanError, UnreadableFileError, AccountingError, RejectRateExceededError } from './errors';

/** clean for whatever kind the batch is: customers or listings. */
export async function clean(input: IngestInput, deps: CleanDependencies): Promise<CleanResult> {
  return input.kind === 'customers' ? cleanObject(input, customerProfile, deps) : cleanObject(input, listingProfile, deps);
}
