/* q35bench fleetconfig FILE: a fleet config or manifest, checked and printed as
 * tab-separated lines for scripts/fleet.sh (a shell reads INI files through here). */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exit_status.h"
#include "fleet/fleet_config.h"

/* An empty field is printed as "-": a shell splitting on tabs would merge empty fields. */
static const char *field(const char *s) { return s[0] ? s : "-"; }

int cmd_fleetconfig(int argc, char **argv) {
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(argc == 2 && strcmp(argv[1], "--help") == 0 ? stdout : stderr,
                "usage: q35bench fleetconfig FILE\n"
                "  prints the fleet config FILE ([fleet] and [target NAME] sections) with every\n"
                "  default filled in, one line per item, fields separated by tabs, '-' when empty:\n"
                "    fleet   KEY   VALUE\n"
                "    target  NAME  PARTITION  NODELIST  CONSTRAINT\n"
                "exit status: 0 printed; 2 the file is missing or malformed (file:line: why)\n");
        return argc == 2 && strcmp(argv[1], "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    static fleet_config fc; /* large; one per process */
    char err[1600];
    int loaded = fleet_config_load(argv[1], &fc, err, sizeof err);
    if (loaded) {
        fprintf(stderr, "q35bench: %s\n", err);
        return exit_status(loaded);
    }
    for (int k = 0; k < FLEET_N_OPTIONS; k++)
        printf("fleet\t%s\t%s\n", fc.options[k].key, field(fc.options[k].value));
    for (size_t i = 0; i < fc.n_targets; i++) {
        const fleet_target *t = &fc.targets[i];
        printf("target\t%s\t%s\t%s\t%s\n", t->name, field(t->partition), field(t->nodelist),
               field(t->constraint));
    }
    return EXIT_OK;
}
