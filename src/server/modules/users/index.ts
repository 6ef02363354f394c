// The public surface of the users module: what other modules, flows and the composition root may use.
export { actorOf, userForApiToken, userForSession } from './auth';
export { authRoutes } from './auth-routes';
export { userRoutes } from './routes';
export {
  countUsers,
  createApiToken,
  createUser,
  findUserByEmail,
  findUsersByHandles,
  getUser,
  getUserContact,
  listUsers,
  userNames,
} from './service';
