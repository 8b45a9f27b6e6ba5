/* The exit record: how an agent's leader ended, one JSON line, written durably (a temporary file, fsync, rename,
   then the directory's fsync) so that a reader finds the whole record or none. The shim writes it to the exit
   file; the keeper (shim-keeper.c) writes the same record to its own file beside it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shim.h"

void format_exit_record(char *out, size_t cap, pid_t pid, long long start_ticks, int status, const char *error,
                        int interrupted) {
  char stamp[STAMP_LEN + 1], code[32] = "null", sig[32] = "null", err[1024] = "null", escaped[900];
  stamp_now(stamp);
  if (error) {
    json_escape(error, escaped, sizeof escaped);
    snprintf(err, sizeof err, "\"%s\"", escaped);
  } else if (WIFEXITED(status)) {
    snprintf(code, sizeof code, "%d", WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    const char *name = signal_name(WTERMSIG(status));
    if (name)
      snprintf(sig, sizeof sig, "\"%s\"", name);
    else
      snprintf(code, sizeof code, "%d", 128 + WTERMSIG(status));
  }
  snprintf(out, cap,
           "{\"code\":%s,\"signal\":%s,\"endedAt\":\"%s\",\"pid\":%d,\"startTicks\":%lld,\"error\":%s%s}\n", code,
           sig, stamp, (int)pid, start_ticks, err, interrupted ? ",\"interrupted\":true" : "");
}

int write_file_durably(const char *path, const char *data) {
  char tmp[PATH_MAX + 16];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int ok = fd >= 0 && write_all(fd, data, strlen(data)) == 0 && fsync(fd) == 0;
  int saved = errno;
  if (fd >= 0) close(fd);
  if (!ok || rename(tmp, path) != 0) {
    if (ok) saved = errno;
    unlink(tmp);
    errno = saved;
    return -1;
  }
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash) {
    *slash = '\0';
    int dfd = open(slash == dir ? "/" : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      fsync(dfd);
      close(dfd);
    }
  }
  return 0;
}
