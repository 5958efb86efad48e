#include "commands.h"

static const command commands[] = {
    {"list", "[--json]", "list kernel variants, their formats and whether this CPU runs them",
     cmd_list},
    {"bench", "CONFIG [--results DIR | --out RUN_DIR] [--quiet] [--dry-run]",
     "run a suite config: gate, time, and write a results directory", cmd_bench},
    {"run", "KERNEL NxK [--batch M,...] [--threads T,...] [options]",
     "benchmark one kernel on one shape from the command line (see 'run --help')", cmd_run},
    {"quality", "CONFIG [--out RUN_DIR | --results DIR] [--quick]",
     "quantization quality suite: seed reproduction, error metrics, q35d sweep", cmd_quality},
    {"newrun", "[--results DIR]", "create an empty run directory and print its path", cmd_newrun},
    {"seal", "RUN_DIR", "mark a run directory complete (writes COMPLETE with file hashes)",
     cmd_seal},
    {"verify", "RUN_DIR", "check that a run directory is complete and unaltered", cmd_verify},
    {"roofline", "[--out RUN_DIR | --results DIR] [--quick]",
     "measure this machine's roofs (STREAM, cache sweep, peaks) and place bench.tsv on them",
     cmd_roofline},
    {"project", "[--out RUN_DIR | --results DIR] [--context N] [--check]",
     "project decode/prefill bounds per device, model and weight format; calibrate on bench.tsv",
     cmd_project},
    {"audit", "[RUN_DIR] [options]",
     "judge every claim of configs/claims.ini against a run (see 'audit --help')", cmd_audit},
    {"report", "[RUN_DIR ...] [options]",
     "render report/REPORT.md from complete runs (see 'report --help')", cmd_report},
    {"decode", "CONFIG [--out RUN_DIR | --results DIR] [options]",
     "end-to-end LLaMA decode on the registry's kernels: pp and tg tok/s (see 'decode --help')",
     cmd_decode},
    {"plotdata", "RUN_DIR OUT_DIR [--config FILE]",
     "write the tables the gnuplot scripts in plots/ draw", cmd_plotdata},
    {"fleetconfig", "FILE", "check a fleet config or manifest and print it for scripts/fleet.sh",
     cmd_fleetconfig},
};

size_t command_count(void) { return sizeof commands / sizeof commands[0]; }
const command *command_at(size_t i) { return i < command_count() ? &commands[i] : 0; }
