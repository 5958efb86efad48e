/* q35bench list: the kernel registry as this CPU sees it. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "kernels/registry.h"

int cmd_list(int argc, char **argv) {
    bool json = argc > 1 && strcmp(argv[1], "--json") == 0;
    if (argc > 2 || (argc == 2 && !json)) {
        fprintf(stderr, "usage: q35bench list [--json]\n");
        return EXIT_USAGE;
    }
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    if (!json)
        printf("%-16s %-8s %-11s %-14s %s\n", "kernel", "format", "available", "isa_path",
               "description");
    for (size_t i = 0; i < kernel_count(); i++) {
        const kernel *k = kernel_at(i);
        char why[KERNEL_ERROR_LEN + 768] = "";
        bool ok = kernel_is_available(k, why, sizeof why);
        if (json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", k->name);
            cJSON_AddStringToObject(o, "format", format_name(k->format));
            cJSON_AddBoolToObject(o, "available", ok);
            cJSON_AddStringToObject(o, "isa_path", ok ? kernel_isa(k) : "none");
            if (!ok) cJSON_AddStringToObject(o, "unavailable_because", why);
            cJSON_AddStringToObject(o, "description", k->description);
            cJSON_AddNumberToObject(o, "gate_bound", k->gate_bound);
            cJSON_AddItemToArray(arr, o);
        } else {
            printf("%-16s %-8s %-11s %-14s %s%s%s\n", k->name, format_name(k->format), ok ? "yes" : "no",
                   ok ? kernel_isa(k) : "-", k->description, ok ? "" : "; unavailable: ",
                   ok ? "" : why);
        }
    }
    if (json) {
        char *text = cJSON_Print(arr);
        printf("%s\n", text);
        free(text);
        cJSON_Delete(arr);
    }
    return EXIT_OK;
}
