/* Fuzz target: the command line of `q35bench run` up to the config it becomes (parsed and
 * validated as a config file is; nothing is measured). The input is the arguments after
 * "run", separated by NUL bytes. */
#include "fuzz_input.h"

#include <getopt.h>

#include "cli/bench_run.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = "run";
    for (size_t i = 0; i <= size && argc <= MAX_ARGS; i += strlen(text + i) + 1)
        argv[argc++] = text + i;
    argv[argc] = NULL;
    opterr = 0; /* getopt's own messages: noise here */
    suite_config cfg;
    char *config_text;
    bench_options bo;
    if (run_args_parse(argc, argv, &cfg, &config_text, &bo) == 0) {
        config_free(&cfg);
        free(config_text);
    }
    free(text);
    return 0;
}
