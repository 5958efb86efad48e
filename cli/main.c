/* build/q35bench: the one harness binary; dispatches to the subcommands in commands.c. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static void usage(FILE *out) {
    fprintf(out, "usage: q35bench COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < command_count(); i++) {
        const command *c = command_at(i);
        fprintf(out, "  %-9s %s\n            %s\n", c->name, c->args, c->summary);
    }
    fprintf(out, "\nexit status: 0 success, 1 failures found while running, 2 bad usage or input\n");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    for (size_t i = 0; i < command_count(); i++)
        if (strcmp(command_at(i)->name, argv[1]) == 0) return command_at(i)->main(argc - 1, argv + 1);
    fprintf(stderr, "q35bench: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
