-- Matching (issue 7): the model, its term frequencies, per-run work tables and the listing_matches mart.
-- Work tables carry run_id so concurrent runs (two ingests loading at once) never see each other's rows; a run
-- deletes its work rows when it ends. Idempotent. Redshift: every table is created whole (no ADD COLUMN IF NOT EXISTS).
create schema if not exists match;

-- models: one row per trained model version; model_json is the whole model (every m, u, weight, prior, the data
-- it saw). is_active marks the one scoring uses; none active means the repo's reviewed default.
create table if not exists match.models (
    model_version varchar(64) not null,
    trained_at timestamp not null,
    is_active boolean not null,
    model_json varchar(65535) not null,
    primary key (model_version)
);

-- model_levels: one row per (model_version, comparison, level): the weights the scoring SQL joins. The prior is
-- comparison 'prior', level 0.
create table if not exists match.model_levels (
    model_version varchar(64) not null,
    comparison varchar(32) not null,
    level integer not null,
    label varchar(128) not null,
    m_probability double precision,
    u_probability double precision,
    weight double precision not null,
    primary key (model_version, comparison, level)
);

-- term_frequencies: one row per (kind, value): a customer given name (kind 'given_name', folded) or name key (kind
-- 'name_key': words sorted, family name canonical) and its share of customer vehicles, for the term-frequency
-- adjustments of name agreements (a common given name, or Nguyễn Văn Hùng, is little evidence of identity).
create table if not exists match.term_frequencies (
    kind varchar(16) not null,
    value varchar(256) not null,
    vehicles integer not null,
    tf double precision not null,
    primary key (kind, value)
);

-- block_sizes: one row per blocking key whose blocks are too big to count per run (blocking_rule
-- 'given_name_model': first_key given name, second_key model): how many customer vehicles carry it. Rebuilt with
-- term_frequencies (a full run, a customer batch, training, or when empty), so a listings batch looks its blocks'
-- sizes up instead of counting nearly every vehicle (such blocks hold thousands each).
create table if not exists match.block_sizes (
    blocking_rule varchar(32) not null,
    first_key varchar(256) not null,
    second_key varchar(128) not null,
    vehicles integer not null,
    primary key (blocking_rule, first_key, second_key)
);

-- runs: one row per match run; counts and timings as JSON for the CLI and ops.
create table if not exists match.runs (
    run_id varchar(64) not null,
    mode varchar(32) not null,
    batch_id varchar(34),
    model_version varchar(64),
    started_at timestamp not null,
    finished_at timestamp,
    status varchar(16) not null,
    summary_json varchar(65535),
    primary key (run_id)
);

-- Work tables of one run (grain in each comment).
-- run_listings: one row per listing in the run's scope.
create table if not exists match.run_listings (
    run_id varchar(64) not null,
    source varchar(16) not null,
    listing_id varchar(64) not null
);
-- blocks: one row per (blocking rule, listing): how many customer vehicles that rule's block holds for it.
create table if not exists match.blocks (
    run_id varchar(64) not null,
    blocking_rule varchar(32) not null,
    source varchar(16) not null,
    listing_id varchar(64) not null,
    block_size integer not null
);
-- candidates: one row per (blocking rule, listing, vehicle) a rule produced (a pair may come from several rules).
-- first_rule marks the row of the first (lowest-ranked) rule that produced the pair: each pair has exactly one, so
-- the distinct pairs are a filter, not a GROUP BY over every candidate (whose estimate misled PostgreSQL into
-- a million index lookups).
create table if not exists match.candidates (
    run_id varchar(64) not null,
    rule_rank integer not null,
    source varchar(16) not null,
    listing_id varchar(64) not null,
    vehicle_key varchar(128) not null,
    first_rule boolean not null
);
-- pairs: one row per distinct candidate pair, its first blocking rule and one level per comparison.
create table if not exists match.pairs (
    run_id varchar(64) not null,
    source varchar(16) not null,
    listing_id varchar(64) not null,
    vehicle_key varchar(128) not null,
    customer_key varchar(256) not null,
    blocking_rule varchar(32) not null,
    given_name_folded varchar(128),
    seller_name_key varchar(256),
    phone_level integer not null,
    name_level integer not null,
    model_level integer not null,
    year_level integer not null,
    province_level integer not null,
    seller_type_level integer not null
);
-- scores: one row per pair: each comparison's partial weight, the TF adjustment, the total and the probability.
create table if not exists match.scores (
    run_id varchar(64) not null,
    source varchar(16) not null,
    listing_id varchar(64) not null,
    vehicle_key varchar(128) not null,
    customer_key varchar(256) not null,
    blocking_rule varchar(32) not null,
    model_version varchar(64) not null,
    phone_level integer not null,
    name_level integer not null,
    model_level integer not null,
    year_level integer not null,
    province_level integer not null,
    seller_type_level integer not null,
    prior_weight double precision not null,
    phone_weight double precision not null,
    name_weight double precision not null,
    tf_adjustment double precision not null,
    model_weight double precision not null,
    year_weight double precision not null,
    province_weight double precision not null,
    seller_type_weight double precision not null,
    match_weight double precision not null,
    match_probability double precision not null
);
-- decisions: one row per listing with a candidate: the best pair, its band (null below review), tied customers.
create table if not exists match.decisions (
    run_id varchar(64) not null,
    source varchar(16) not null,
    listing_id varchar(64) not null,
    customer_key varchar(256) not null,
    customer_id varchar(128),
    vehicle_key varchar(128) not null,
    phone varchar(32),
    match_weight double precision not null,
    match_probability double precision not null,
    band varchar(16),
    blocking_rule varchar(32) not null,
    model_version varchar(64) not null,
    candidates integer not null,
    tied_customers integer not null,
    phone_level integer not null,
    name_level integer not null,
    model_level integer not null,
    year_level integer not null,
    province_level integer not null,
    seller_type_level integer not null,
    prior_weight double precision not null,
    phone_weight double precision not null,
    name_weight double precision not null,
    tf_adjustment double precision not null,
    model_weight double precision not null,
    year_weight double precision not null,
    province_weight double precision not null,
    seller_type_weight double precision not null,
    why varchar(2000),
    -- set by apply_decisions.sql: the decision repeats the listing's current mart row.
    repeats_current boolean default false
);
-- marts.listing_matches: one row per (source, listing_id, customer_key, valid_from); the current match of a
-- listing has valid_to null, a replaced one keeps its validity window. Only this file creates it on Redshift.
create table if not exists marts.listing_matches (
    source varchar(16) not null,
    listing_id varchar(64) not null,
    customer_key varchar(256) not null,
    customer_id varchar(128),
    vehicle_key varchar(128),
    phone varchar(32),
    match_weight double precision,
    match_probability double precision,
    band varchar(16) not null,
    blocking_rule varchar(256),
    model_version varchar(64),
    matched_at timestamp,
    why varchar(2000),
    valid_from timestamp not null,
    valid_to timestamp,
    candidates integer,
    tied_customers integer,
    phone_level integer,
    name_level integer,
    model_level integer,
    year_level integer,
    province_level integer,
    seller_type_level integer,
    prior_weight double precision,
    phone_weight double precision,
    name_weight double precision,
    tf_adjustment double precision,
    model_weight double precision,
    year_weight double precision,
    province_weight double precision,
    seller_type_weight double precision
)
distkey (listing_id)
sortkey (source, listing_id);

-- batch_matches: one row per ingest batch the Match state ran for: its outcome. A failed match never undoes the
-- load; the state machine records it here and the load still succeeds.
create table if not exists match.batch_matches (
    batch_id varchar(34) not null,
    run_id varchar(64),
    match_status varchar(16) not null,
    error_name varchar(256),
    error_cause varchar(4096),
    recorded_at timestamp not null,
    primary key (batch_id)
);
