/* paratrack-shim's command line: the options of a fresh start, a takeover (--attach) and a keeper (--keeper), with
   a usage line (exit code 2) for anything else. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shim.h"

#define DEFAULT_MAX_LINE (64 * 1024)
#define DEFAULT_MAX_LOG (5LL * 1024 * 1024)
#define DEFAULT_DRAIN_MS 5000

options_t opt;

static void usage(const char *why) {
  fprintf(stderr,
          "paratrack-shim: %s\nusage: paratrack-shim --log PATH --exit-file PATH [--max-log-bytes N] [--nice N] "
          "[--workdir DIR] [--drain-ms N] [--max-line-bytes N] -- COMMAND\n"
          "       paratrack-shim --log PATH --exit-file PATH --attach PID --attach-start-ticks N "
          "[--max-log-bytes N] [--drain-ms N] [--max-line-bytes N]\n"
          "       paratrack-shim --keeper PID --exit-file PATH (the shim's own child, see shim-keeper.c)\n",
          why);
  exit(2);
}

static long long number_arg(const char *name, const char *value, long long min, long long max) {
  char *end = NULL;
  errno = 0;
  long long n = strtoll(value, &end, 10);
  if (errno != 0 || !end || *end != '\0' || n < min || n > max) {
    char why[256];
    snprintf(why, sizeof why, "%s must be an integer from %lld to %lld", name, min, max);
    usage(why);
  }
  return n;
}

void parse_args(int argc, char **argv) {
  opt.max_log = DEFAULT_MAX_LOG;
  opt.max_line = DEFAULT_MAX_LINE;
  opt.drain_ms = DEFAULT_DRAIN_MS;
  opt.nice_value = 0;
  opt.attach_start_ticks = -1;
  int i = 1;
  for (; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--") == 0) {
      i++;
      break;
    }
    if (i + 1 >= argc) usage("an option lacks its value");
    const char *value = argv[++i];
    if (strcmp(arg, "--log") == 0) opt.log_path = value;
    else if (strcmp(arg, "--exit-file") == 0) opt.exit_path = value;
    else if (strcmp(arg, "--workdir") == 0) opt.workdir = value;
    else if (strcmp(arg, "--max-log-bytes") == 0) opt.max_log = number_arg(arg, value, 1024, 1LL << 40);
    else if (strcmp(arg, "--max-line-bytes") == 0) opt.max_line = (long)number_arg(arg, value, 16, OUT_CAP / 2);
    else if (strcmp(arg, "--nice") == 0) {
      opt.nice_value = (int)number_arg(arg, value, 0, 19);
      opt.nice_set = 1;
    }
    else if (strcmp(arg, "--drain-ms") == 0) opt.drain_ms = (long)number_arg(arg, value, 0, 3600000);
    else if (strcmp(arg, "--attach") == 0) opt.attach_pid = (pid_t)number_arg(arg, value, 1, INT_MAX);
    else if (strcmp(arg, "--keeper") == 0) opt.keeper_pid = (pid_t)number_arg(arg, value, 1, INT_MAX);
    else if (strcmp(arg, "--attach-start-ticks") == 0) opt.attach_start_ticks = number_arg(arg, value, 0, LLONG_MAX);
    else usage("unknown option");
  }
  if (opt.keeper_pid) {
    if (i != argc || opt.attach_pid || opt.log_path) usage("--keeper takes only --exit-file");
    if (!opt.exit_path) usage("--keeper needs --exit-file");
    if (strlen(opt.exit_path) + 24 > PATH_MAX) usage("path too long");
    return;
  }
  if (opt.attach_pid) {
    if (i != argc) usage("--attach takes no COMMAND");
    if (opt.attach_start_ticks < 0) usage("--attach needs --attach-start-ticks");
  } else {
    if (i != argc - 1) usage("exactly one COMMAND after --");
    opt.command = argv[i];
  }
  if (!opt.log_path || !opt.exit_path) usage("--log and --exit-file are required");
  if (strlen(opt.log_path) + 6 > PATH_MAX || strlen(opt.exit_path) + 24 > PATH_MAX) usage("path too long");
}
