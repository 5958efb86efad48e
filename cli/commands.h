/*
 * The subcommands of build/q35bench. Each lives in its own cli/cmd_*.c file and is
 * one line in the table in cli/commands.c. A command returns the process exit status:
 * 0 success, 1 a failure found while running (a case over its correctness bound, a
 * corrupt result), 2 bad usage or bad input (config errors name file:line).
 */
#ifndef Q35_COMMANDS_H
#define Q35_COMMANDS_H

#include <stddef.h>

#define EXIT_OK 0
#define EXIT_FAILURES 1
#define EXIT_USAGE 2

typedef struct command {
    const char *name;
    const char *args;    /* synopsis of the arguments */
    const char *summary; /* one line */
    int (*main)(int argc, char **argv); /* argv[0] is the command name */
} command;

size_t command_count(void);
const command *command_at(size_t i);

int cmd_list(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_quality(int argc, char **argv);
int cmd_newrun(int argc, char **argv);
int cmd_seal(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_roofline(int argc, char **argv);
int cmd_project(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_fleetconfig(int argc, char **argv);
int cmd_plotdata(int argc, char **argv);
int cmd_decode(int argc, char **argv);

#endif
