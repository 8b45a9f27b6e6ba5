/*
 * What the parts of paratrack-shim share: paratrack-shim.c, the agent's start or takeover and its end;
 * shim-options.c, the command line; shim-keeper.c, the agent's parent, which keeps its exit status; shim-record.c,
 * the exit record; shim-log.c, the log file and the agent's output as lines; shim-util.c, time, JSON, /proc and
 * signals.
 */
#ifndef PARATRACK_SHIM_H
#define PARATRACK_SHIM_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#define READ_CHUNK (64 * 1024)
#define OUT_CAP (128 * 1024)
#define STAMP_LEN 24 /* "2026-01-02T03:04:05.678Z" */
#define EXIT_RECORD_CAP 1400

typedef struct {
  const char *log_path;
  const char *exit_path;
  const char *workdir;
  const char *command;
  long long max_log;
  long max_line;
  int nice_value;
  int nice_set; /* --nice given: set that niceness; otherwise the agent keeps the shim's */
  long drain_ms;
  pid_t attach_pid; /* --attach: take over this running agent; 0 otherwise */
  long long attach_start_ticks;
  pid_t keeper_pid; /* --keeper: this process is the keeper of that agent (shim-keeper.c); 0 otherwise */
} options_t;

/* One of the agent's output pipes as this shim reads it. */
typedef struct {
  int fd;          /* read end of the agent's pipe; -1 after EOF */
  const char *tag; /* "out" or "err" */
  char *pending;   /* bytes after the last newline */
  size_t pending_len;
} stream_t;

extern options_t opt;

/* shim-options.c */
void parse_args(int argc, char **argv);

/* shim-util.c */
void stamp_now(char out[STAMP_LEN + 1]);
long long monotonic_ms(void);
int write_all(int fd, const char *data, size_t len);
void tell_server(const char *line);
void json_escape(const char *s, char *out, size_t cap);
int read_proc_stat(pid_t pid, long long *start_ticks, long *pgid, long *sid);
const char *signal_name(int sig);
void ignore_signals(void);

/* shim-record.c */
void format_exit_record(char *out, size_t cap, pid_t pid, long long start_ticks, int status, const char *error,
                        int interrupted);
int write_file_durably(const char *path, const char *data);

/* shim-keeper.c */
void keeper_record_path(char out[PATH_MAX]);
void become_keeper(int status_w) __attribute__((noreturn));
int run_keeper(void);
int read_keeper_record(pid_t leader, long long start_ticks, char *out, size_t cap);

/* shim-log.c */
int open_log(void);
void log_flush(void);
void log_note(const char *format, ...) __attribute__((format(printf, 1, 2)));
ssize_t read_stream(stream_t *s);
void flush_pending(stream_t *s);

#endif
