import { parseArgs } from 'node:util';
import { startFixtureSites, type SiteFaults } from './start-fixture-sites';

const HELP = `xecu fixture-sites — serve the chotot-gateway and xetot HTML mimics on 127.0.0.1 until Ctrl-C

Usage: xecu fixture-sites [options]

  --seed N                 same seed, same data                          default 1
  --chotot-listings N      ads on the chotot mimic                       default 600
  --xetot-listings N       ads on the xetot mimic                        default 200
  --chotot-port N          default: a free port
  --xetot-port N           default: a free port
  --depth-cap N            chotot: deepest offset+limit served (400 past it)   default 1000
  --page-size N            xetot: cards per listing page                 default 20
Faults (both sites unless --fault-site says one):
  --fault-site chotot|xetot
  --rate-limit-every N     every Nth request answers 429 + Retry-After
  --retry-after S          Retry-After seconds                           default 1
  --unavailable-every N    every Nth request answers 503
  --slow-ms N              delay every answer
  --malformed-every N      chotot: every Nth JSON answer cut in half
  --changed-markup-every N xetot: every Nth detail page in a redesigned markup (1 = all)
  --changed-list-markup    xetot: listing pages in the redesigned markup
  -h, --help

Example:
  xecu fixture-sites --chotot-port 8701 --xetot-port 8702 --rate-limit-every 25
  xecu scrape --site chotot --base-url http://127.0.0.1:8701 --allow-private-network --delay-ms 0 --max-rpm 0
`;

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

/** `xecu fixture-sites …`: serves the mimics until SIGINT/SIGTERM; prints their URLs (one JSON line on stdout). */
export async function runFixtureSitesCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        seed: { type: 'string' },
        'chotot-listings': { type: 'string' },
        'xetot-listings': { type: 'string' },
        'chotot-port': { type: 'string' },
        'xetot-port': { type: 'string' },
        'depth-cap': { type: 'string' },
        'page-size': { type: 'string' },
        'fault-site': { type: 'string' },
        'rate-limit-every': { type: 'string' },
        'retry-after': { type: 'string' },
        'unavailable-every': { type: 'string' },
        'slow-ms': { type: 'string' },
        'malformed-every': { type: 'string' },
        'changed-markup-every': { type: 'string' },
        'changed-list-markup': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`xecu fixture-sites: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  let sites;
  try {
    const faults: Partial<SiteFaults> = {
      ...(values['rate-limit-every'] !== undefined && { rateLimitEvery: int('rate-limit-every', values['rate-limit-every']) }),
      ...(values['retry-after'] !== undefined && { retryAfterSeconds: int('retry-after', values['retry-after']) }),
      ...(values['unavailable-every'] !== undefined && { unavailableEvery: int('unavailable-every', values['unavailable-every']) }),
      ...(values['slow-ms'] !== undefined && { slowMs: int('slow-ms', values['slow-ms']) }),
      ...(values['malformed-every'] !== undefined && { malformedEvery: int('malformed-every', values['malformed-every']) }),
      ...(values['changed-markup-every'] !== undefined && { changedMarkupEvery: int('changed-markup-every', values['changed-markup-every']) }),
      ...(values['changed-list-markup'] && { changedListMarkup: true }),
    };
    const only = values['fault-site'];
    if (only !== undefined && only !== 'chotot' && only !== 'xetot') throw new Error('--fault-site must be chotot or xetot');
    sites = await startFixtureSites({
      seed: int('seed', values.seed),
      chototListings: int('chotot-listings', values['chotot-listings']),
      xetotListings: int('xetot-listings', values['xetot-listings']),
      chototPort: int('chotot-port', values['chotot-port']),
      xetotPort: int('xetot-port', values['xetot-port']),
      chototDepthCap: int('depth-cap', values['depth-cap']),
      xetotPageSize: int('page-size', values['page-size']),
      faults: { ...(only !== 'xetot' && { chotot: faults }), ...(only !== 'chotot' && { xetot: faults }) },
    });
  } catch (error) {
    process.stderr.write(`xecu fixture-sites: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  process.stdout.write(`${JSON.stringify({ chototBaseUrl: sites.chototBaseUrl, xetotBaseUrl: sites.xetotBaseUrl })}\n`);
  process.stderr.write(`chotot gateway mimic: ${sites.chototBaseUrl}/v1/public/ad-listing?cg=2010&limit=50&o=0\n`);
  process.stderr.write(`xetot HTML mimic:     ${sites.xetotBaseUrl}/toan-quoc/mua-ban-oto?page=1\nCtrl-C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await sites.stop();
  return 0;
}
