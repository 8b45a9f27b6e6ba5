/*
 * paratrack-shim's log: the agent's output split into lines, each stamped with the time it was read and its stream,
 * appended in batches to the log file, which rotates to <log>.1 at its cap. Every byte has an absolute position in
 * the agent's whole log (see paratrack-shim.c); a write that fails (a full disk) drops output but never stops the
 * agent, and the next write that succeeds says how much was lost.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shim.h"

#define TRUNCATED_MARK " \xe2\x80\xa6[paratrack: line truncated]"

static int log_fd = -1;
/* Absolute position (in the agent's whole log) of byte 0 of the current file. */
static long long log_base = 0;
/* Size of the current file after our last write, to notice a truncation by someone else. */
static long long log_known_size = 0;
static char out_buf[OUT_CAP];
static size_t out_len = 0;
static char read_buf[READ_CHUNK];
/* Output dropped because the log could not be written, and why; whether the file ends inside a line. */
static long long lost_bytes = 0;
static int lost_errno = 0;
static int log_ends_mid_line = 0;

/* ---- the log file -------------------------------------------------------------------------------------- */

/* Writes what it can; returns the bytes written (less than len after an error, errno set). */
static size_t write_some(int fd, const char *data, size_t len) {
  size_t done = 0;
  while (done < len) {
    ssize_t n = write(fd, data + done, len - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    done += (size_t)n;
  }
  return done;
}

int open_log(void);

/* Writes the batch. A failed write (a full disk) drops output but never stops the agent; the next write that
   succeeds first says how much was lost. */
void log_flush(void) {
  if (out_len == 0) return;
  if (log_fd < 0 && open_log() != 0) {
    if (lost_bytes == 0) lost_errno = errno;
    lost_bytes += (long long)out_len;
    out_len = 0;
    return;
  }
  if (lost_bytes > 0) {
    char stamp[STAMP_LEN + 1], note[256];
    stamp_now(stamp);
    int n = snprintf(note, sizeof note, "%s%s sys [paratrack-shim] %lld bytes of output were lost: %s\n",
                     log_ends_mid_line ? "\n" : "", stamp, lost_bytes, strerror(lost_errno));
    size_t written = write_some(log_fd, note, (size_t)n);
    log_known_size += (long long)written;
    if (written < (size_t)n) {
      lost_bytes += (long long)out_len;
      out_len = 0;
      return;
    }
    lost_bytes = 0;
    log_ends_mid_line = 0;
  }
  size_t written = write_some(log_fd, out_buf, out_len);
  log_known_size += (long long)written;
  if (written < out_len) {
    lost_errno = errno;
    lost_bytes += (long long)(out_len - written);
    log_ends_mid_line = written > 0 && out_buf[written - 1] != '\n';
  }
  out_len = 0;
}

static void out_append(const char *data, size_t len) {
  if (out_len + len > OUT_CAP) log_flush();
  if (len > OUT_CAP) len = OUT_CAP; /* records are at most max_line + a header, far below OUT_CAP */
  memcpy(out_buf + out_len, data, len);
  out_len += len;
}

/* Appends one formatted record to the batch (no rotation check). */
static void put_record(const char *stamp, const char *tag, const char *text, size_t len, size_t cap) {
  size_t head = STAMP_LEN + 1 + strlen(tag) + 1;
  const char *mark = "";
  size_t mark_len = 0;
  if (head + len + 1 > cap) {
    mark = TRUNCATED_MARK;
    mark_len = strlen(TRUNCATED_MARK);
    size_t room = cap > head + mark_len + 1 ? cap - head - mark_len - 1 : 0;
    /* Cut at a UTF-8 character boundary. */
    while (room > 0 && room < len && ((unsigned char)text[room] & 0xC0) == 0x80) room--;
    len = room;
  }
  /* A record is written by one write(): notes the server appends between writes never split it. */
  if (out_len + head + len + mark_len + 1 > OUT_CAP) log_flush();
  out_append(stamp, STAMP_LEN);
  out_append(" ", 1);
  out_append(tag, strlen(tag));
  out_append(" ", 1);
  out_append(text, len);
  out_append(mark, mark_len);
  out_append("\n", 1);
}

static void write_position_note(const char *stamp, const char *what) {
  char text[512];
  int n = snprintf(text, sizeof text, "[paratrack] log %s; this line starts at byte %lld of the agent's whole log",
                   what, log_base + log_known_size + (long long)out_len);
  put_record(stamp, "sys", text, (size_t)n, (size_t)opt.max_log);
}

int open_log(void) {
  log_fd = open(opt.log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (log_fd < 0) return -1;
  struct stat st;
  log_known_size = fstat(log_fd, &st) == 0 ? (long long)st.st_size : 0;
  return 0;
}

/* Moves the log to <log>.1 (replacing it) and starts a new file that says where it continues. */
static void rotate_log(const char *stamp) {
  if (log_fd < 0) return;
  log_flush();
  struct stat st;
  long long size = fstat(log_fd, &st) == 0 ? (long long)st.st_size : log_known_size;
  char rotated_path[PATH_MAX];
  snprintf(rotated_path, sizeof rotated_path, "%s.1", opt.log_path);
  if (rename(opt.log_path, rotated_path) != 0) return; /* keep appending; the cap is exceeded but nothing is lost */
  close(log_fd);
  log_base += size;
  if (open_log() != 0) return; /* the next flush tries again, and counts what is lost meanwhile */
  log_base -= log_known_size; /* normally 0: another writer may already have created the new file */
  char what[PATH_MAX + 64];
  const char *slash = strrchr(rotated_path, '/');
  snprintf(what, sizeof what, "rotated (earlier output in %s)", slash ? slash + 1 : rotated_path);
  write_position_note(stamp, what);
}

/* Before a batch: notices a truncation by someone else (continuing the positions past everything written so far). */
static long long current_log_size(void) {
  struct stat st;
  if (log_fd < 0 || fstat(log_fd, &st) != 0) return log_known_size;
  long long size = (long long)st.st_size;
  if (size < log_known_size) {
    char what[128], stamp[STAMP_LEN + 1];
    stamp_now(stamp);
    snprintf(what, sizeof what, "truncated under the shim (from %lld to %lld bytes)", log_known_size, size);
    log_base += log_known_size - size;
    log_known_size = size;
    write_position_note(stamp, what);
    log_flush();
  } else {
    log_known_size = size;
  }
  return log_known_size;
}

/* Adds a line to the batch, rotating first when it would pass the cap. */
static void log_line(const char *stamp, const char *tag, const char *text, size_t len) {
  size_t cap = (size_t)opt.max_log;
  size_t head = STAMP_LEN + 1 + strlen(tag) + 1;
  size_t record = head + len + 1;
  if (record > cap) record = cap;
  long long size = log_known_size + (long long)out_len;
  if (size > 0 && size + (long long)record > opt.max_log) rotate_log(stamp);
  put_record(stamp, tag, text, len, cap);
}

void log_note(const char *format, ...) {
  char stamp[STAMP_LEN + 1], text[1024];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(text, sizeof text, format, args);
  va_end(args);
  if (n < 0) return;
  if ((size_t)n >= sizeof text) n = (int)sizeof text - 1;
  stamp_now(stamp);
  current_log_size();
  log_line(stamp, "sys", text, (size_t)n);
  log_flush();
}

/* ---- splitting the agent's output into lines ----------------------------------------------------------- */

/* The longest prefix of text[0..len) that does not end inside a UTF-8 character (len itself for other bytes). */
static size_t utf8_cut(const char *text, size_t len) {
  size_t i = len;
  size_t back = 0;
  while (i > 0 && back < 3 && ((unsigned char)text[i - 1] & 0xC0) == 0x80) {
    i--;
    back++;
  }
  if (i == 0) return len;
  unsigned char lead = (unsigned char)text[i - 1];
  size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (back + 1 < need && i - 1 > 0) return i - 1; /* the character continues past len: cut before it */
  return len;
}

static void emit_line(stream_t *s, const char *stamp, const char *text, size_t len) {
  if (len > 0 && text[len - 1] == '\r') len--;
  log_line(stamp, s->tag, text, len);
}

/* Takes a chunk read from the agent: complete lines go to the log, the rest waits (bounded by max_line). */
static void take_chunk(stream_t *s, const char *data, size_t len) {
  char stamp[STAMP_LEN + 1];
  stamp_now(stamp);
  current_log_size();
  size_t max = (size_t)opt.max_line;
  while (len > 0) {
    const char *newline = memchr(data, '\n', len);
    size_t part = newline ? (size_t)(newline - data) : len;
    /* Too long without a newline: emit cuts of max bytes. */
    while (s->pending_len + part > max) {
      size_t room = max - s->pending_len;
      memcpy(s->pending + s->pending_len, data, room);
      size_t cut = utf8_cut(s->pending, max);
      emit_line(s, stamp, s->pending, cut);
      memmove(s->pending, s->pending + cut, max - cut);
      s->pending_len = max - cut;
      data += room;
      len -= room;
      part -= room;
    }
    memcpy(s->pending + s->pending_len, data, part);
    s->pending_len += part;
    data += part;
    len -= part;
    if (newline) {
      emit_line(s, stamp, s->pending, s->pending_len);
      s->pending_len = 0;
      data++;
      len--;
    }
  }
  log_flush();
}

/* A last line without a newline is still a line. */
void flush_pending(stream_t *s) {
  if (s->pending_len == 0) return;
  char stamp[STAMP_LEN + 1];
  stamp_now(stamp);
  current_log_size();
  emit_line(s, stamp, s->pending, s->pending_len);
  s->pending_len = 0;
  log_flush();
}

/* Reads what the pipe has now; closes it at EOF. Returns the bytes read (0 at EOF or when nothing was there). */
ssize_t read_stream(stream_t *s) {
  if (s->fd < 0) return 0;
  ssize_t n = read(s->fd, read_buf, sizeof read_buf);
  if (n > 0) {
    take_chunk(s, read_buf, (size_t)n);
    return n;
  }
  if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
    close(s->fd);
    s->fd = -1;
    flush_pending(s);
  }
  return 0;
}

