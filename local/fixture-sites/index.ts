/** Offline fixture sites (chotot gateway mimic, xetot HTML mimic) for tests, demos and benches. */
export {
  startFixtureSites,
  noFaults,
  type FixtureSites,
  type FixtureSitesOptions,
  type FaultControl,
  type SiteFaults,
  type SiteStats,
  type FixtureSiteName,
} from './start-fixture-sites';
export { runFixtureSitesCommand } from './cli';
