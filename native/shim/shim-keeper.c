/*
 * The keeper: the agent's parent, between the shim and the agent, so that the agent's exit status outlives a killed
 * shim. Only a process's parent learns how it ended; before the keeper, a shim killed while its agent ran took that
 * with it, and the shim that took over (--attach) could only record the end as unknown.
 *
 * The shim's child leads the agent's session and process group (so the group's signals reach it and the agent
 * alike), forks the agent and execs this binary as `paratrack-shim --keeper PID --exit-file PATH`: a command line
 * without --log, which nothing looking for shims takes for one. It ignores the signals a group kill sends (the
 * agent gets them too: forwarding them would deliver them twice), waits for the agent, writes the agent's end
 * durably to <exit file>.keeper.json, and ends as the agent did (the same code or signal), so that the shim that
 * reaps it records the same end. The agent dies with its keeper (PR_SET_PDEATHSIG): the two are one unit, as the
 * agent alone was before, so that a kill -9 of the agent's pid still ends the agent.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shim.h"

/* Its name in ps and top (a comm is at most 15 characters); `pkill paratrack-shim` leaves keepers, and so agents. */
#define KEEPER_NAME "paratrack-keep"

void keeper_record_path(char out[PATH_MAX]) {
  snprintf(out, PATH_MAX, "%s.keeper.json", opt.exit_path);
}

void become_keeper(int status_w) {
  char message[PATH_MAX + 128];
  pid_t keeper = getpid();
  /* The agent waits for the keeper's exec: it never runs its command under a keeper that could not start. */
  int go[2];
  if (pipe2(go, O_CLOEXEC) != 0) {
    snprintf(message, sizeof message, "cannot set up the agent's keeper: %s", strerror(errno));
    goto fail;
  }
  pid_t agent = fork();
  if (agent < 0) {
    snprintf(message, sizeof message, "fork failed: %s", strerror(errno));
    goto fail;
  }
  if (agent == 0) {
    close(go[1]);
    char verdict;
    ssize_t n;
    while ((n = read(go[0], &verdict, 1)) < 0 && errno == EINTR) {
    }
    if (n != 0) _exit(127); /* the keeper failed and says why */
    close(go[0]);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != keeper) _exit(127);
    execl("/bin/sh", "sh", "-c", opt.command, (char *)NULL);
    snprintf(message, sizeof message, "cannot execute /bin/sh: %s", strerror(errno));
    write_all(status_w, message, strlen(message));
    _exit(127);
  }
  close(go[0]);
  ignore_signals();
  char pid_arg[24];
  snprintf(pid_arg, sizeof pid_arg, "%d", (int)agent);
  execl("/proc/self/exe", "paratrack-shim", "--keeper", pid_arg, "--exit-file", opt.exit_path, (char *)NULL);
  snprintf(message, sizeof message, "cannot start the agent's keeper (/proc/self/exe): %s", strerror(errno));
  write_all(go[1], "x", 1);
  while (waitpid(agent, NULL, 0) < 0 && errno == EINTR) {
  }
fail:
  write_all(status_w, message, strlen(message));
  _exit(127);
}

/* Ends this process as the agent ended: its exit code, or its signal (without a core file of the keeper). */
static void end_as(int status) {
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal(sig, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, sig);
    sigprocmask(SIG_UNBLOCK, &only, NULL);
    raise(sig);
    _exit(128 + sig);
  }
  _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 127);
}

int run_keeper(void) {
  /* Exec'd as /proc/self/exe, it would be called "exe" in ps and top. */
  prctl(PR_SET_NAME, KEEPER_NAME, 0, 0, 0);
  int status;
  while (waitpid(opt.keeper_pid, &status, 0) < 0) {
    if (errno != EINTR) return 127; /* not our child: nothing to keep */
  }
  long long ticks = -1;
  read_proc_stat(0, &ticks, NULL, NULL);
  char record[EXIT_RECORD_CAP], path[PATH_MAX];
  format_exit_record(record, sizeof record, getpid(), ticks, status, NULL, 0);
  keeper_record_path(path);
  write_file_durably(path, record); /* best effort: a live shim records the same end */
  end_as(status);
  return 127;
}

int read_keeper_record(pid_t leader, long long start_ticks, char *out, size_t cap) {
  char path[PATH_MAX];
  keeper_record_path(path);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, out, cap - 1);
  close(fd);
  if (n <= 2) return -1;
  out[n] = '\0';
  /* Whole (it ends its line) and this leader's, never another process's that had its pid. */
  char identity[96];
  snprintf(identity, sizeof identity, "\"pid\":%d,\"startTicks\":%lld,", (int)leader, start_ticks);
  if (out[0] != '{' || out[n - 1] != '\n' || out[n - 2] != '}' || !strstr(out, identity)) return -1;
  return 0;
}
