import { registerHealthSource } from '../modules/accounts';
import { countOpenJobsByAccount } from '../modules/jobs';

/** Fills each account's health line from the modules that hold the figures (jobs today; inbox and orders next). */
export function wireAccountHealth() {
  registerHealthSource(countOpenJobsByAccount);
}
