/* labverdict — the commands behind the command line.
 *
 * main.c only finds the command and calls one of these with the arguments
 * that follow the command name (argv[0] is the command name). Each returns an
 * exit code of enum lv_exit and prints its own diagnostics on stderr. */
#ifndef LV_CLI_H
#define LV_CLI_H

int lv_cmd_inspect(int argc, char **argv);
int lv_cmd_recover(int argc, char **argv);
int lv_cmd_load(int argc, char **argv);
int lv_cmd_report(int argc, char **argv);
int lv_cmd_diff(int argc, char **argv);
int lv_cmd_criteria(int argc, char **argv);
int lv_cmd_template(int argc, char **argv);

#endif
