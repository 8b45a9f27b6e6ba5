/*
 * paratrack-shim: keeps one agent alive and logged independently of the Paratrack server (like podman's conmon).
 *
 * The server starts it detached (its own session). Its child leads a new session and process group (so a SIGSTOP
 * of the agent's group never stops the shim) and becomes the agent's keeper (shim-keeper.c): it forks the agent
 * and waits for it, so that the agent's exit status is known even when the shim is killed. The shim reads the
 * agent's stdout and stderr, stamps each line when read and appends "<ISO ms time> out|err|sys <text>" to the log
 * file, rotating it at a size cap. When the keeper (the leader) ends as its agent did, the shim writes the exit
 * status atomically to the exit file, so an exit that happens while no server runs is still known. Its own stdout
 * carries one JSON line after the start and one after the exit; both are ignored when nobody reads them any more.
 * It ignores the signals a terminal or a stray group kill would send.
 *
 * usage: paratrack-shim --log PATH --exit-file PATH [--max-log-bytes N] [--nice N] [--workdir DIR]
 *                       [--drain-ms N] [--max-line-bytes N] -- COMMAND
 *        paratrack-shim --log PATH --exit-file PATH --attach PID --attach-start-ticks N [--max-log-bytes N]
 *                       [--drain-ms N] [--max-line-bytes N]
 *        paratrack-shim --keeper PID --exit-file PATH   (run by the shim itself, see shim-keeper.c)
 * COMMAND runs as /bin/sh -c COMMAND with the shim's environment.
 *
 * A killed shim does not take its agent with it: the agent holds the read ends of its own output pipes (so its
 * writes never meet a pipe without a reader, which would kill it with SIGPIPE) and the pipes hold 256 KiB, after
 * which its writes wait. A second shim started with --attach takes over: it opens the agent's pipes through
 * /proc/PID/fd/1 and /2, logs on and records the end from the keeper's record (for an agent started before keepers
 * existed, or whose keeper was killed, the record says the status is unknown). A lock file beside the log
 * (<log>.lock, held while a shim lives) keeps two shims from sharing one agent's output.
 *
 * Log positions: every byte the shim writes has an absolute position in the agent's whole log (all files, rotated
 * or not). A file that starts after a rotation, or continues after someone truncated it, gets a "sys" line ending
 * in "this line starts at byte N of the agent's whole log", so that a reader can give each line a key that keeps
 * increasing across rotations, truncations and server restarts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shim.h"

/* What an agent may write while no shim reads before its writes wait (above the default 64 KiB, best effort). */
#define PIPE_BYTES (256 * 1024)
/* How often an attached shim looks at /proc for the leader's end when pidfd_open is missing. */
#define ATTACH_POLL_MS 250

/* ---- the exit record ----------------------------------------------------------------------------------- */

/* Publishes an exit record: the exit file (durably), then the server; the keeper's record is then redundant. */
static void publish_exit(const char *record) {
  if (write_file_durably(opt.exit_path, record) != 0)
    log_note("[paratrack-shim] cannot write the exit file %s: %s", opt.exit_path, strerror(errno));
  char line[EXIT_RECORD_CAP + 16];
  snprintf(line, sizeof line, "{\"type\":\"exit\",%s", record + 1);
  tell_server(line);
  char kept[PATH_MAX];
  keeper_record_path(kept);
  unlink(kept);
}

/* Records how the leader ended. interrupted: it has ended but its status is unknown (error says why). */
static void record_exit(pid_t pid, long long start_ticks, int status, const char *error, int interrupted) {
  char record[EXIT_RECORD_CAP];
  format_exit_record(record, sizeof record, pid, start_ticks, status, error, interrupted);
  publish_exit(record);
}

/* ---- the lock ------------------------------------------------------------------------------------------ */

static int holds_log_lock = 0;

static void log_lock_path(char path[PATH_MAX]) {
  snprintf(path, PATH_MAX, "%s.lock", opt.log_path);
}

/* Takes <log>.lock for the shim's life (the kernel lets go when it dies, however); 0 when this shim holds it. The
   descriptor is close-on-exec, so an agent never inherits it. */
static int take_log_lock(void) {
  char path[PATH_MAX];
  log_lock_path(path);
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return -1;
  }
  holds_log_lock = 1;
  return 0;
}

/* After the agent's end: its lock file goes (a shim that would take over now finds the leader ended and refuses),
   so a data directory of many attempts keeps no empty file per agent. */
static void drop_log_lock(void) {
  if (!holds_log_lock) return;
  char path[PATH_MAX];
  log_lock_path(path);
  unlink(path);
}

/* Tells the server why nothing starts (one JSON line) and returns the exit code. */
static int refuse(const char *what, const char *why) {
  char escaped[PATH_MAX * 2], line[PATH_MAX * 2 + 128];
  json_escape(why, escaped, sizeof escaped);
  snprintf(line, sizeof line, "{\"type\":\"error\",\"error\":\"%s: %s\"}\n", what, escaped);
  tell_server(line);
  return 1;
}

static void tell_started(pid_t pid, long pgid, long sid, long long start_ticks) {
  long long shim_start = -1;
  read_proc_stat(0, &shim_start, NULL, NULL);
  char line[256];
  snprintf(line, sizeof line,
           "{\"type\":\"started\",\"shimPid\":%d,\"pid\":%d,\"pgid\":%ld,\"sid\":%ld,\"startTicks\":%lld,"
           "\"shimStartTicks\":%lld}\n",
           (int)getpid(), (int)pid, pgid, sid, start_ticks, shim_start);
  tell_server(line);
}

/* ---- reading the agent's output until its end ---------------------------------------------------------- */

/* The leader being served, and how its end is noticed: a fresh shim reaps it (SIGCHLD on a signalfd); an attached
   shim, which is not its parent, polls a pidfd (or /proc). */
static pid_t leader_pid;
static long long leader_start_ticks;

static void drain(stream_t streams[2]) {
  for (int i = 0; i < 2; i++)
    while (read_stream(&streams[i]) > 0) {
    }
}

/* Fresh shim: reaps children (orphans of the agent too, as subreaper, also after the leader); 1 once the leader's
   exit is recorded. */
static int reap_leader(stream_t streams[2], int sig_fd) {
  struct signalfd_siginfo info;
  while (read(sig_fd, &info, sizeof info) > 0) {
  }
  int status, ended = 0;
  pid_t reaped;
  while ((reaped = waitpid(-1, &status, WNOHANG)) > 0) {
    if (reaped != leader_pid) continue;
    /* Its last output is already in the pipes: log it before the exit record, so that a reader that sees the
       record has the lines too (as far as the pipes reached EOF). */
    drain(streams);
    record_exit(leader_pid, leader_start_ticks, status, NULL, 0);
    ended = 1;
  }
  return ended;
}

/* Whether the leader still runs (a zombie or another process on its pid does not). */
static int leader_alive(void) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)leader_pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  char *p = strrchr(buf, ')');
  if (!p || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X') return 0;
  long long ticks = -1;
  return read_proc_stat(leader_pid, &ticks, NULL, NULL) == 0 && ticks == leader_start_ticks;
}

/* Attached shim: 1 once the leader has ended and that is recorded: as its keeper recorded it, else as unknown. */
static int notice_leader_end(stream_t streams[2], int pid_fd) {
  (void)pid_fd; /* readable once the leader has exited; /proc says the same, and also without a pidfd */
  if (leader_alive()) return 0;
  drain(streams);
  char kept[EXIT_RECORD_CAP];
  if (read_keeper_record(leader_pid, leader_start_ticks, kept, sizeof kept) == 0) {
    publish_exit(kept);
    return 1;
  }
  record_exit(leader_pid, leader_start_ticks, 0,
              "its exit status is unknown: its first paratrack-shim was killed while it ran, and it left no keeper's "
              "record (an agent started before keepers existed, or its keeper was killed)",
              1);
  return 1;
}

/* Logs both pipes until the leader has ended and they reach EOF, or the drain after the end runs out. event_fd
   wakes the loop for on_event (which says whether the leader has ended); -1: on_event runs every poll_ms.
   after_end: event_fd is still watched (and on_event called) after the leader's end. */
static void serve(stream_t streams[2], int event_fd, int poll_ms, int (*on_event)(stream_t *, int), int after_end) {
  int leader_ended = 0;
  long long drain_deadline = 0;
  for (;;) {
    struct pollfd fds[3];
    fds[0].fd = streams[0].fd;
    fds[0].events = POLLIN;
    fds[1].fd = streams[1].fd;
    fds[1].events = POLLIN;
    fds[2].fd = leader_ended && !after_end ? -1 : event_fd;
    fds[2].events = POLLIN;
    int timeout = event_fd < 0 && !leader_ended ? poll_ms : -1;
    if (leader_ended) {
      long long left = drain_deadline - monotonic_ms();
      if ((streams[0].fd < 0 && streams[1].fd < 0) || left <= 0) break;
      timeout = (int)left;
    }
    int ready = poll(fds, 3, timeout);
    if (ready < 0) {
      if (errno == EINTR) continue;
      log_note("[paratrack-shim] poll failed: %s", strerror(errno));
      break;
    }
    for (int i = 0; i < 2; i++)
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) read_stream(&streams[i]);
    int woken = event_fd < 0 || (fds[2].revents & (POLLIN | POLLHUP | POLLERR));
    if ((!leader_ended || after_end) && woken && on_event(streams, event_fd) && !leader_ended) {
      leader_ended = 1;
      drain_deadline = monotonic_ms() + opt.drain_ms;
    }
  }
  /* Descendants may hold the pipes past the drain: what they sent so far is kept. */
  for (int i = 0; i < 2; i++) {
    while (read_stream(&streams[i]) > 0) {
    }
    flush_pending(&streams[i]);
  }
  log_flush();
}

/* ---- starting the agent -------------------------------------------------------------------------------- */

/* In the child: default signals, a new session, nice, the workdir, the pipes, then the keeper of /bin/sh -c COMMAND
   (shim-keeper.c). Never returns. */
static void start_agent(int out_w, int err_w, int status_w) {
  char message[PATH_MAX + 128];
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; sig++) sigaction(sig, &dfl, NULL); /* SIG_IGN would survive exec */
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  if (setsid() < 0) {
    snprintf(message, sizeof message, "setsid failed: %s", strerror(errno));
    goto fail;
  }
  /* Best effort, like nice(1): lowering the niceness below the shim's needs privileges. */
  if (opt.nice_set) setpriority(PRIO_PROCESS, 0, opt.nice_value);
  if (opt.workdir && chdir(opt.workdir) != 0) {
    snprintf(message, sizeof message, "cannot enter workdir %s: %s", opt.workdir, strerror(errno));
    goto fail;
  }
  if (dup2(out_w, STDOUT_FILENO) < 0 || dup2(err_w, STDERR_FILENO) < 0) {
    snprintf(message, sizeof message, "dup2 failed: %s", strerror(errno));
    goto fail;
  }
  become_keeper(status_w);
fail:
  write_all(status_w, message, strlen(message));
  _exit(127);
}

/* Starts COMMAND and serves it to its end. */
static int run_fresh(void) {
  /* Orphans of the agent are reparented to us rather than to init, so the server still finds them by parent. */
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  if (open_log() != 0) return refuse("cannot open the log", strerror(errno));
  take_log_lock(); /* a fresh log path: nobody else serves it; the lock tells a later --attach that we live */

  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int sig_fd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
  int out_pipe[2], err_pipe[2], status_pipe[2];
  if (sig_fd < 0 || pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0 ||
      pipe2(status_pipe, O_CLOEXEC) != 0)
    return refuse("cannot set up the agent's pipes", strerror(errno));
  fcntl(out_pipe[1], F_SETPIPE_SZ, PIPE_BYTES);
  fcntl(err_pipe[1], F_SETPIPE_SZ, PIPE_BYTES);

  pid_t pid = fork();
  if (pid < 0) return refuse("fork failed", strerror(errno));
  if (pid == 0) {
    /* The agent keeps the read ends (not close-on-exec): with this shim gone its pipes still have a reader. */
    fcntl(out_pipe[0], F_SETFD, 0);
    fcntl(err_pipe[0], F_SETFD, 0);
    close(status_pipe[0]);
    start_agent(out_pipe[1], err_pipe[1], status_pipe[1]);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  close(status_pipe[1]);

  /* EOF on the status pipe: the keeper and the agent have both exec'd (or one failed, with a message). */
  char failure[PATH_MAX + 128];
  size_t failure_len = 0;
  for (;;) {
    ssize_t n = read(status_pipe[0], failure + failure_len, sizeof failure - 1 - failure_len);
    if (n > 0) {
      failure_len += (size_t)n;
      if (failure_len == sizeof failure - 1) break;
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(status_pipe[0]);
  failure[failure_len] = '\0';

  long long start_ticks = -1;
  long pgid = -1, sid = -1;
  read_proc_stat(pid, &start_ticks, &pgid, &sid); /* a zombie still has its stat until we reap it */
  if (failure_len > 0) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    log_note("[paratrack-shim] cannot start the agent: %s", failure);
    record_exit(pid, start_ticks, status, failure, 0);
    drop_log_lock();
    return 1;
  }
  leader_pid = pid;
  leader_start_ticks = start_ticks;
  tell_started(pid, pgid, sid, start_ticks);

  static char pending_out[OUT_CAP / 2 + 8], pending_err[OUT_CAP / 2 + 8];
  stream_t streams[2] = {{out_pipe[0], "out", pending_out, 0}, {err_pipe[0], "err", pending_err, 0}};
  for (int i = 0; i < 2; i++) fcntl(streams[i].fd, F_SETFL, fcntl(streams[i].fd, F_GETFL) | O_NONBLOCK);
  serve(streams, sig_fd, -1, reap_leader, 1);
  drop_log_lock();
  return 0;
}

/* Opens the agent's stdout or stderr pipe for reading through /proc; -1 when it is not a pipe (redirected) or the
   same pipe as `other` (2>&1). */
static int open_agent_pipe(int fd_number, int other) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)leader_pid, fd_number);
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st, seen;
  if (fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode) ||
      (other >= 0 && fstat(other, &seen) == 0 && seen.st_ino == st.st_ino && seen.st_dev == st.st_dev)) {
    close(fd);
    return -1;
  }
  return fd;
}

/* --attach: takes over a running agent whose shim is gone, and serves it to its end. */
static int run_attached(void) {
  leader_pid = opt.attach_pid;
  leader_start_ticks = opt.attach_start_ticks;
  long long ticks = -1;
  long pgid = -1, sid = -1;
  if (read_proc_stat(leader_pid, &ticks, &pgid, &sid) != 0 || ticks != leader_start_ticks || !leader_alive())
    return refuse("cannot take over the agent", "its leader has ended (or its pid is another process's now)");
  if (open_log() != 0) return refuse("cannot open the log", strerror(errno));
  if (take_log_lock() != 0)
    return refuse("cannot take over the agent", "another paratrack-shim still serves its log");
  int out_fd = open_agent_pipe(STDOUT_FILENO, -1);
  int err_fd = open_agent_pipe(STDERR_FILENO, out_fd);
  /* The pipes may have been opened after the pid passed to someone else: look again. */
  if (!leader_alive())
    return refuse("cannot take over the agent", "its leader ended while the shim was taking over");
  int pid_fd = (int)syscall(SYS_pidfd_open, leader_pid, 0);
  log_note("[paratrack-shim] took over agent pid %d after its shim ended (output: %s); its end will be read from its "
           "keeper's record",
           (int)leader_pid, out_fd < 0 && err_fd < 0 ? "not a pipe any more, not read" : "read on");
  tell_started(leader_pid, pgid, sid, leader_start_ticks);
  static char pending_out[OUT_CAP / 2 + 8], pending_err[OUT_CAP / 2 + 8];
  stream_t streams[2] = {{out_fd, "out", pending_out, 0}, {err_fd, "err", pending_err, 0}};
  serve(streams, pid_fd, ATTACH_POLL_MS, notice_leader_end, 0);
  drop_log_lock();
  return 0;
}

int main(int argc, char **argv) {
  parse_args(argc, argv);
  ignore_signals();
  /* The keeper's stdout is the agent's pipe: it must not change its flags. */
  if (opt.keeper_pid) return run_keeper();
  int flags = fcntl(STDOUT_FILENO, F_GETFL);
  if (flags >= 0) fcntl(STDOUT_FILENO, F_SETFL, flags | O_NONBLOCK);
  return opt.attach_pid ? run_attached() : run_fresh();
}
