/*
 * What the parts of paratrack-shim share (paratrack-shim.c: options, the agent's start or takeover, its end;
 * shim-log.c: the log file and the agent's output as lines; shim-util.c: time, JSON, /proc).
 */
#ifndef PARATRACK_SHIM_H
#define PARATRACK_SHIM_H

#include <stddef.h>
#include <sys/types.h>

#define READ_CHUNK (64 * 1024)
#define OUT_CAP (128 * 1024)
#define STAMP_LEN 24 /* "2026-01-02T03:04:05.678Z" */

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
} options_t;

/* One of the agent's output pipes as this shim reads it. */
typedef struct {
  int fd;          /* read end of the agent's pipe; -1 after EOF */
  const char *tag; /* "out" or "err" */
  char *pending;   /* bytes after the last newline */
  size_t pending_len;
} stream_t;

extern options_t opt;

/* shim-util.c */
void stamp_now(char out[STAMP_LEN + 1]);
long long monotonic_ms(void);
int write_all(int fd, const char *data, size_t len);
void tell_server(const char *line);
void json_escape(const char *s, char *out, size_t cap);
int read_proc_stat(pid_t pid, long long *start_ticks, long *pgid, long *sid);
const char *signal_name(int sig);

/* shim-log.c */
int open_log(void);
void log_flush(void);
void log_note(const char *format, ...) __attribute__((format(printf, 1, 2)));
ssize_t read_stream(stream_t *s);
void flush_pending(stream_t *s);

#endif
