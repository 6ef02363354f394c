// The public surface of the punchout module (cXML PunchOut for client portals).
export { punchoutRoutes } from './routes';
export { queueShipNotice, registerPunchOutQueues } from './notices';
