#!/bin/sh
# One table of every budget in DESIGN.md and what this machine measures for it.
#   scripts/bench-table.sh           full run: 1,000,000 historical cases, 20×10,000 PostgreSQL
#                                    intakes, 4×2,500 SQLite ones (an hour or more on 2 cores)
#   scripts/bench-table.sh --quick   a few minutes: 20,000 cases, 20×100 and 4×250 intakes
#   scripts/bench-table.sh --cases N other options are passed on (--cases, --yidi PATH,
#                                    --only render,intake,propagation,writers,serve,history,city)
# PostgreSQL rows use a throwaway cluster (initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin)
# or the server named by YIDI_TEST_PG_URL. The table is printed on stdout (Markdown).
set -eu
cd "$(dirname "$0")/.."
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
cargo build --release --bin yidi --example bench_table --example city
exec target/release/examples/bench_table --yidi target/release/yidi "$@"
