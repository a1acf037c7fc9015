"""Parses SQL texts with sqlglot and reports, per text, whether every statement parsed as real SQL.

stdin: JSON list of {"name": str, "dialect": str, "sql": str}; stdout: JSON list of {"name", "dialect", "ok", "error"}.
sqlglot is lenient: an unknown statement falls back to an opaque `Command` node (with only a logged warning), so
a Command anywhere, or a statement root that is not a known statement type, counts as a failure here.

Statements sqlglot cannot parse are accepted by name and shape instead (KNOWN_COMMANDS):
  * `LOCK [TABLE] schema.table[, ...]` (both dialects): the merges start with it; sqlglot 30 has no LOCK.
  * `CALL schema.procedure()` (Redshift, no arguments): runs the access-grants procedure of the Redshift DDL.
  * `DO $$ ... $$` (PostgreSQL only): a one-time migration in the PostgreSQL DDL; its PL/pgSQL body is not
    checked here but runs in the warehouse integration tests.
"""

import json
import re
import sys

import sqlglot
from sqlglot import exp

STATEMENT_TYPES = (
    exp.Select, exp.Union, exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Create, exp.Drop, exp.Copy,
    exp.Analyze, exp.Alter, exp.Grant, exp.Revoke,
)

TABLE_NAME = r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?"
KNOWN_COMMANDS = {
    "redshift": [
        re.compile(rf"LOCK\s+(?:TABLE\s+)?{TABLE_NAME}(?:\s*,\s*{TABLE_NAME})*", re.IGNORECASE),
        # migrate's access grants run as a stored procedure (ddl/redshift/020_access_grants.sql): a bare call.
        re.compile(rf"CALL\s+{TABLE_NAME}\(\)", re.IGNORECASE),
    ],
    "postgres": [
        re.compile(rf"LOCK\s+(?:TABLE\s+)?{TABLE_NAME}(?:\s*,\s*{TABLE_NAME})*", re.IGNORECASE),
        re.compile(r"DO\s+\$\$.*\$\$", re.IGNORECASE | re.DOTALL),
    ],
}


def known_command(statement: exp.Expression, dialect: str) -> bool:
    """A Command sqlglot could not parse, of a kind and shape listed in KNOWN_COMMANDS for the dialect."""
    if not isinstance(statement, exp.Command):
        return False
    text = statement.sql(dialect=dialect, comments=False).strip()
    return any(pattern.fullmatch(text) for pattern in KNOWN_COMMANDS.get(dialect, []))


def check(sql: str, dialect: str) -> str | None:
    try:
        statements = sqlglot.parse(sql, read=dialect, error_level=sqlglot.ErrorLevel.RAISE)
    except Exception as error:  # sqlglot raises ParseError / TokenError
        return f"{type(error).__name__}: {error}"
    statements = [s for s in statements if s is not None]
    if not statements:
        return "no statement"
    for index, statement in enumerate(statements, start=1):
        if known_command(statement, dialect):
            continue
        if statement.find(exp.Command) is not None or isinstance(statement, exp.Command):
            return f"statement {index} is not understood (sqlglot fell back to Command): {statement.sql()[:120]}"
        if not isinstance(statement, STATEMENT_TYPES):
            return f"statement {index} parsed as {type(statement).__name__}, not a statement: {statement.sql()[:120]}"
    return None


def main() -> None:
    items = json.load(sys.stdin)
    results = []
    for item in items:
        error = check(item["sql"], item["dialect"])
        results.append({"name": item["name"], "dialect": item["dialect"], "ok": error is None, "error": error})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
