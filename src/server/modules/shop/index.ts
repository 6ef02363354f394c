// The public surface of the shop module: the shop's own profile, and the letterhead documents print.
export { shopRoutes } from './routes';
export { letterheadOf, shopLetterhead } from './profile';
