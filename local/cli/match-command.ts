import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { maskPhone } from '../../shared/normalize';
import { catchUp, explainListing, matchesSummary, runMatch, type ListingExplanation, type MatchRunResult } from '../../shared/steps/match';
import { jsonLinesLog } from '../../scraper-onprem/logging/json-lines-log';
import { defaultHome, openLocalEnvironment, type LocalEnvironment } from '../runtime/local-environment';
import { count, table } from './format';

const MATCH_HELP = `Usage: xecu match [--full] [--train] [--block-cap N] [--json]

Matches marketplace listings to customer vehicles (Fellegi–Sunter: blocking rules → comparison vectors →
match weights → one customer per listing) and writes marts.listing_matches (history kept: valid_from/valid_to).
Without --full it catches up: each loaded batch not matched yet (the first time: a full run).
Prints pairs per blocking rule (and blocks capped as too big), matches per band and source, time per phase.

Bands: lead   = probability ≥ 0.99, private seller, no tie, phone or given + family name agree
       review = probability ≥ 0.5 (check by hand)

Options:
  --full         every listing against every customer vehicle
  --train        estimate the model (u from random pairs, m by EM) on a full run's pairs, store it in match.models
                 and match with it (implies --full)
  --block-cap N  blocks holding more customer vehicles than N yield no pairs, only a count (default 50)
  --json         the result as JSON on stdout
  --home <dir>   offline data folder (default: XECU_HOME or ./.xecu)
Set DATABASE_URL to use a PostgreSQL server instead of the embedded PGlite.
`;

const EXPLAIN_HELP = `Usage: xecu explain <source>:<listing_id> [--json]

Shows how one listing is matched: every candidate customer vehicle the blocking rules find, each comparison's level
and partial weight, the prior and the given-name frequency adjustment, the total weight and probability (the same
numbers the score used: the same SQL runs, for this listing only, nothing written), the decision, and the
listing's current row in marts.listing_matches.

Example: xecu explain xetot:12345678
`;

class MatchUsageError extends Error {
  override readonly name = 'UsageError';
}

function openLog(home: string) {
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  const stream = createWriteStream(path.join(home, 'logs', `xecu-${new Date().toISOString().slice(0, 10)}.log`), { flags: 'a' });
  return { log: jsonLinesLog((line) => stream.write(line), 'info', 'xecu'), close: () => new Promise<void>((resolve) => stream.end(resolve)) };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The human summary of one run: blocking rules, bands per source, phases. */
export function formatMatchRun(run: MatchRunResult): string {
  const lines: string[] = [];
  lines.push(`match ${run.mode}${run.batchId ? ` ${run.batchId}` : ''}: ${count(run.listingsInScope)} listings, ${count(run.pairs)} pairs, model ${run.modelVersion}${run.trained ? ' (trained now)' : ''}`);
  lines.push(
    table(
      ['blocking rule', 'pairs', 'capped listings', 'capped pairs'],
      run.blockingRules.map((rule) => [rule.blockingRule, count(rule.pairs), count(rule.cappedListings), count(rule.cappedPairs)]),
      new Set([1, 2, 3]),
    ),
  );
  const sources = [...new Set(run.bands.map((b) => b.source))].sort();
  const bandCount = (source: string, band: string) => run.bands.find((b) => b.source === source && b.band === band)?.listings ?? 0;
  lines.push(
    table(
      ['source', 'lead', 'review', 'below review'],
      sources.map((source) => [source, count(bandCount(source, 'lead')), count(bandCount(source, 'review')), count(bandCount(source, 'none'))]),
      new Set([1, 2, 3]),
    ),
  );
  lines.push(`marts.listing_matches: ${count(run.opened)} rows opened, ${count(run.closed)} closed (history kept)`);
  lines.push(`time: ${Object.entries(run.timings).map(([phase, ms]) => `${phase} ${seconds(ms)}`).join(', ')}`);
  return lines.join('\n');
}

export async function runMatchCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      full: { type: 'boolean', default: false },
      train: { type: 'boolean', default: false },
      'block-cap': { type: 'string' },
      json: { type: 'boolean', default: false },
      home: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(MATCH_HELP);
    return 0;
  }
  const blockCap = values['block-cap'] === undefined ? undefined : Number(values['block-cap']);
  if (blockCap !== undefined && (!Number.isInteger(blockCap) || blockCap < 1)) throw new MatchUsageError('--block-cap must be a whole number ≥ 1');
  const settings = blockCap === undefined ? {} : { settings: { blockCap } };
  const home = path.resolve(values.home ?? defaultHome());
  const logging = openLog(home);
  const env = await openLocalEnvironment({ home, log: logging.log });
  try {
    let runs: MatchRunResult[];
    let note = '';
    if (values.full || values.train) {
      runs = [await runMatch({ warehouse: env.warehouse, mode: 'full', train: values.train, log: logging.log, ...settings })];
    } else {
      const caught = await catchUp({ warehouse: env.warehouse, log: logging.log, ...settings });
      runs = caught.runs;
      note = caught.kind === 'nothing' ? 'match: every loaded batch is matched already (xecu match --full re-matches everything)' : '';
    }
    if (values.json) {
      const json = runs.map((run) => ({ ...run, training: run.training ? { sessions: run.training.sessions, model: run.training.model } : undefined }));
      process.stdout.write(`${JSON.stringify(json.length === 1 ? json[0] : json, null, 2)}\n`);
    } else {
      if (note) process.stdout.write(`${note}\n`);
      for (const run of runs) process.stdout.write(`${formatMatchRun(run)}\n`);
      process.stdout.write(`(${env.warehouseLabel})\n`);
    }
    return 0;
  } finally {
    await env.close();
    await logging.close();
  }
}

function signed(weight: number): string {
  return `${weight >= 0 ? '+' : ''}${weight.toFixed(2)}`;
}

/** The waterfall of every candidate and the decision, as text. Phones masked. */
export function formatExplanation(explained: ListingExplanation, listing: string): string {
  if (!explained.listing) return `${listing}: no such listing in core.listings`;
  const facts = explained.listing;
  const phone = typeof facts.seller_phone === 'string' ? maskPhone(facts.seller_phone) : 'no phone';
  const lines = [
    `listing ${listing}: ${[facts.make, facts.model, facts.year, facts.province].filter((v) => v !== null).join(' ')} · seller "${String(facts.seller_name ?? '')}" ${phone} (${String(facts.seller_type ?? '?')})`,
    `model ${explained.modelVersion}; ${explained.candidates.length} candidate(s)`,
  ];
  explained.candidates.forEach((candidate, index) => {
    lines.push('');
    lines.push(`#${index + 1} ${candidate.customerKey}${candidate.customerId ? ` (${candidate.customerId})` : ''} ${candidate.fullName ?? ''} · ${candidate.car} · found by ${candidate.blockingRule}`);
    const rows: string[][] = [['prior', '', signed(candidate.priorWeight)]];
    for (const c of candidate.comparisons) rows.push([c.comparison, `${c.level} ${c.label}`, signed(c.weight)]);
    rows.push(['given-name TF', '', signed(candidate.tfAdjustment)]);
    rows.push(['match weight', `probability ${candidate.matchProbability.toFixed(6)}`, signed(candidate.matchWeight)]);
    lines.push(table(['', 'level', 'weight'], rows, new Set([2])));
  });
  lines.push('');
  const decision = explained.decision;
  if (!decision) lines.push('decision: no candidate');
  else {
    lines.push(`decision: ${decision.band ?? 'below review (no match)'} → ${decision.customerKey} / ${decision.vehicleKey}, weight ${signed(decision.matchWeight)}, probability ${decision.matchProbability.toFixed(6)}${decision.tiedCustomers > 1 ? `, tied with ${decision.tiedCustomers - 1} other customer(s)` : ''}`);
    if (decision.why) lines.push(`why: ${decision.why}`);
  }
  const current = explained.current;
  lines.push(current ? `in marts.listing_matches: ${String(current.band)} → ${String(current.customer_key)} since ${String(current.valid_from)} (model ${String(current.model_version)})` : 'in marts.listing_matches: no current match');
  return lines.join('\n');
}

export async function runExplainCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, home: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    process.stdout.write(EXPLAIN_HELP);
    return 0;
  }
  const target = positionals[0] ?? '';
  const colon = target.indexOf(':');
  if (positionals.length !== 1 || colon <= 0 || colon === target.length - 1) throw new MatchUsageError('give one listing as <source>:<listing_id>, e.g. xecu explain xetot:12345678');
  const listing = { source: target.slice(0, colon), listingId: target.slice(colon + 1) };
  const home = path.resolve(values.home ?? defaultHome());
  const logging = openLog(home);
  const env = await openLocalEnvironment({ home, log: logging.log });
  try {
    const explained = await explainListing(env.warehouse, listing);
    if (values.json) process.stdout.write(`${JSON.stringify(explained, null, 2)}\n`);
    else process.stdout.write(`${formatExplanation(explained, target)}\n`);
    return explained.listing ? 0 : 1;
  } finally {
    await env.close();
    await logging.close();
  }
}

/** The end of `xecu demo`: batches not matched yet caught up, then the mart's matches per band and the top leads. */
export async function demoMatches(env: LocalEnvironment): Promise<string> {
  const caught = await catchUp({ warehouse: env.warehouse, log: env.deps.log });
  const summary = await matchesSummary(env.warehouse, 5);
  const lines = ['Matches (marts.listing_matches, current):'];
  if (caught.kind !== 'nothing') lines.push(`  matched now: ${caught.runs.length} run(s) over ${count(caught.batches.length)} batch(es)`);
  const sources = [...new Set(summary.bands.map((b) => b.source))].sort();
  const bandCount = (source: string, band: string) => summary.bands.find((b) => b.source === source && b.band === band)?.listings ?? 0;
  if (sources.length === 0) lines.push('  no matches (no listing pairs with a customer)');
  for (const source of sources) lines.push(`  ${source}: ${count(bandCount(source, 'lead'))} leads, ${count(bandCount(source, 'review'))} to review`);
  for (const lead of summary.topLeads) lines.push(`  lead ${lead.source}:${lead.listingId} → ${lead.customerId ?? '?'} (p ${lead.probability.toFixed(4)}): ${lead.why ?? ''}`);
  lines.push("  xecu explain <source>:<listing_id> shows why; xecu match --train estimates the model on this data");
  return lines.join('\n');
}
