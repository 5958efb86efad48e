/* Runs a fuzz target once on each file named on the command line, without libFuzzer: how
 * `./run.sh test` replays the seed and regression corpus under the build's sanitizers (any
 * compiler). Prints how many inputs it ran; a crash or a sanitizer report ends it non-zero. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/atomic_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

int main(int argc, char **argv) {
    if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
    int ran = 0;
    for (int i = 1; i < argc; i++) {
        char err[1024];
        size_t size;
        char *data = read_whole_file(argv[i], 64u << 20, &size, err, sizeof err);
        if (!data) {
            fprintf(stderr, "replay: %s\n", err);
            return 2;
        }
        LLVMFuzzerTestOneInput((const uint8_t *)data, size);
        free(data);
        ran++;
    }
    printf("%d inputs\n", ran);
    return 0;
}
