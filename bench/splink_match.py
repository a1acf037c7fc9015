"""Splink (DuckDB backend) on the same data and comparisons as xecu's matcher, for bench/match-bench.ts.

Reads two CSVs the bench exports from core (the features clean computed once: folded name parts, order-free name
key, canonical phones, catalog make/model, years, new province), links listings to customer vehicles, and writes the
best customer vehicle per listing with its match probability. Prints one JSON object (timings, parameters) on stdout.

Configuration: the comparisons of shared/steps/match/comparisons.ts, written as Splink levels:
  phone     same phone | the other's second phone | else
  name      same order-free name key | same given + family | same given name (TF on given name) |
            given name among the other's words | else
  model     same model | same make | else
  year      same | 1 apart | 2-3 apart | else
  province  same | else
Blocking for prediction: the same rules (phone, phone vs second phone both ways, given name + model, name key + make,
model + province + year within 1). Training as Splink's docs recommend: λ from deterministic rules with an assumed
recall, u by random sampling, m by EM sessions over blocking rules that leave the estimated comparisons free.
Splink has no comparison of a one-sided field, so dealer listings (seller_type) are left out of its input, which is
what our seller_type comparison does to them (never a lead).

Run: .venv-bench/bin/python bench/splink_match.py --customers c.csv --listings l.csv --out best.csv
"""

import argparse
import json
import sys
import time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def null_level(column_sets):
    """Null when either side lacks every column of a set (Splink's null level: weight 0)."""
    left = " and ".join(f'"{column}_l" is null' for column in column_sets)
    right = " and ".join(f'"{column}_r" is null' for column in column_sets)
    return {"sql_condition": f"({left}) or ({right})", "label_for_charts": "null", "is_null_level": True}


def comparisons():
    phone = cl.CustomComparison(
        output_column_name="phone",
        comparison_levels=[
            null_level(["phone", "phone_alt"]),
            {"sql_condition": '"phone_l" = "phone_r"', "label_for_charts": "same phone"},
            {"sql_condition": '"phone_l" = "phone_alt_r" or "phone_alt_l" = "phone_r"', "label_for_charts": "other phone"},
            {"sql_condition": "else", "label_for_charts": "different phone"},
        ],
    )
    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            null_level(["given_name"]),
            {"sql_condition": '"name_key_l" = "name_key_r"', "label_for_charts": "same full name (any order)"},
            {
                "sql_condition": '"given_name_l" = "given_name_r" and "family_name_l" = "family_name_r"',
                "label_for_charts": "same given and family name",
                "tf_adjustment_column": "given_name",
                "tf_adjustment_weight": 1.0,
            },
            {
                "sql_condition": '"given_name_l" = "given_name_r"',
                "label_for_charts": "same given name",
                "tf_adjustment_column": "given_name",
                "tf_adjustment_weight": 1.0,
            },
            {
                "sql_condition": "position(' ' || \"given_name_l\" || ' ' in ' ' || \"name_key_r\" || ' ') > 0"
                " or position(' ' || \"given_name_r\" || ' ' in ' ' || \"name_key_l\" || ' ') > 0",
                "label_for_charts": "given name among the other's words",
            },
            {"sql_condition": "else", "label_for_charts": "different name"},
        ],
    )
    model = cl.CustomComparison(
        output_column_name="model",
        comparison_levels=[
            null_level(["model"]),
            {"sql_condition": '"model_l" = "model_r"', "label_for_charts": "same model"},
            {"sql_condition": '"make_l" = "make_r"', "label_for_charts": "same make"},
            {"sql_condition": "else", "label_for_charts": "other make"},
        ],
    )
    year = cl.CustomComparison(
        output_column_name="year",
        comparison_levels=[
            null_level(["year"]),
            {"sql_condition": '"year_l" = "year_r"', "label_for_charts": "same year"},
            {"sql_condition": 'abs("year_l" - "year_r") = 1', "label_for_charts": "1 year apart"},
            {"sql_condition": 'abs("year_l" - "year_r") <= 3', "label_for_charts": "2-3 years apart"},
            {"sql_condition": "else", "label_for_charts": "more than 3 years apart"},
        ],
    )
    province = cl.CustomComparison(
        output_column_name="province",
        comparison_levels=[
            null_level(["province"]),
            {"sql_condition": '"province_l" = "province_r"', "label_for_charts": "same province"},
            {"sql_condition": "else", "label_for_charts": "other province"},
        ],
    )
    return [phone, name, model, year, province]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", required=True)
    parser.add_argument("--listings", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--recall", type=float, default=0.6, help="assumed recall of the deterministic rules (λ)")
    parser.add_argument("--u-pairs", type=float, default=2e6)
    parser.add_argument("--min-probability", type=float, default=0.01)
    args = parser.parse_args()

    started = time.perf_counter()
    timings = {}
    con = duckdb.connect()
    columns = "unique_id, source_dataset, phone, phone_alt, name_key, given_name, family_name, make, model, try_cast(year as integer) as year, province"
    for table, path in (("customers", args.customers), ("listings", args.listings)):
        # all_varchar: phone numbers keep their leading zero.
        con.execute(f"create table {table} as select {columns} from read_csv(?, header = true, all_varchar = true)", [path]).fetchall()
    counts = {table: con.execute(f"select count(*) from {table}").fetchall()[0][0] for table in ("customers", "listings")}
    timings["load_s"] = time.perf_counter() - started

    db_api = DuckDBAPI(connection=con)
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=[
            block_on("phone"),
            "l.phone = r.phone_alt",
            "l.phone_alt = r.phone",
            block_on("given_name", "model"),
            block_on("name_key", "make"),
            "l.model = r.model and l.province = r.province and abs(l.year - r.year) <= 1",
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker([db_api.register("customers"), db_api.register("listings")], settings, log_level="WARNING")

    phase = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(
        ["l.name_key = r.name_key and l.model = r.model and abs(l.year - r.year) <= 1", "l.phone = r.phone and l.given_name = r.given_name"],
        recall=args.recall,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=args.u_pairs, seed=1)
    # EM sessions whose blocking leaves each comparison free in at least one of them.
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("model", "year"), record_sample_proportion=1.0)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name"), record_sample_proportion=1.0)
    timings["train_s"] = time.perf_counter() - phase

    phase = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=args.min_probability)
    # One customer vehicle per listing, the best (as xecu decides); the listing id is on whichever side it sits.
    con.execute(
        f"""
        create table best as
        with pairs as (
            select
                case when source_dataset_l = 'listings' then unique_id_l else unique_id_r end as listing_uid,
                case when source_dataset_l = 'listings' then unique_id_r else unique_id_l end as vehicle_key,
                match_probability, match_weight
            from {predictions.physical_name}
        ),
        ranked as (
            select *, row_number() over (partition by listing_uid order by match_weight desc, vehicle_key) as rank_in_listing
            from pairs
        )
        select listing_uid, vehicle_key, match_probability from ranked where rank_in_listing = 1
        """
    ).fetchall()
    con.execute(f"copy best to '{args.out}' (header, delimiter ',')").fetchall()
    pairs = con.execute(f"select count(*) from {predictions.physical_name}").fetchall()[0][0]
    timings["predict_s"] = time.perf_counter() - phase
    timings["total_s"] = time.perf_counter() - started

    model = linker.misc.save_model_to_json() if hasattr(linker.misc, "save_model_to_json") else None
    summary = {
        "splink_version": __import__("splink").__version__,
        "duckdb_version": duckdb.__version__,
        "customers": counts["customers"],
        "listings": counts["listings"],
        "scored_pairs": pairs,
        "probability_two_random_records_match": (model or {}).get("probability_two_random_records_match"),
        "timings": timings,
    }
    json.dump(summary, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
