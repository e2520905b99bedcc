#include "core/store/wal_write_buffer.hpp"

#include <sqlite3.h>

#include <cstring>
#include <mutex>
#include <new>
#include <string>

namespace leadhub::store {

namespace {

// SQLite writes each WAL frame as two writes (a 24-byte header, then the page): a commit of ten
// leads was ~40 pwrite calls before its one fsync. This VFS shim collects the writes a WAL file
// receives at consecutive offsets and hands them to the real file in one write, before any other
// operation on that file (a sync, read, size query, truncation or close) and as soon as a
// transaction's commit frame is complete, so that other connections, which read frames from the
// file once the commit is in the WAL index, never miss one even without a sync
// (synchronous=NORMAL). Nothing is acknowledged that was not written: the sync writes first.
// The unix VFS writes at most 128 KiB - 1 per call (its seekAndWrite masks the length), so runs
// go out in pieces of at most this; a commit of ten leads is about 80 KiB.
constexpr size_t k_max_buffered = 96u << 10;
constexpr int k_frame_header = 24; // WAL file format: page number, then the database
                                   // size in pages after a commit (0 in other frames)

struct BufferedFile {
  sqlite3_file base;    // pMethods: k_methods
  sqlite3_file* real;   // the real VFS's file, stored right after this struct
  std::string* pending; // bytes at [start, start + size) not yet handed to `real`
  sqlite3_int64 start;
  bool commit_frame; // the last write was a commit frame's header: its page ends the commit
};

sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs;

BufferedFile* self(sqlite3_file* f)
{
  return reinterpret_cast<BufferedFile*>(f);
}

int flush(BufferedFile* f)
{
  if (f->pending->empty())
    return SQLITE_OK;
  int rc = f->real->pMethods->xWrite(f->real, f->pending->data(), static_cast<int>(f->pending->size()), f->start);
  f->pending->clear(); // on failure SQLite fails the commit and rewrites what it needs
  return rc;
}

int x_close(sqlite3_file* file)
{
  auto* f = self(file);
  int flushed = flush(f);
  int rc = f->real->pMethods->xClose(f->real);
  delete f->pending;
  f->pending = nullptr;
  return flushed != SQLITE_OK ? flushed : rc;
}

int x_read(sqlite3_file* file, void* out, int n, sqlite3_int64 offset)
{
  auto* f = self(file);
  if (int rc = flush(f); rc != SQLITE_OK)
    return rc;
  return f->real->pMethods->xRead(f->real, out, n, offset);
}

int x_write(sqlite3_file* file, const void* data, int n, sqlite3_int64 offset)
{
  auto* f = self(file);
  auto& pending = *f->pending;
  bool next_byte = offset == f->start + static_cast<sqlite3_int64>(pending.size());
  if (!pending.empty() && (!next_byte || pending.size() + static_cast<size_t>(n) > k_max_buffered)) {
    if (int rc = flush(f); rc != SQLITE_OK) // a frame rewritten in place, or a full buffer
      return rc;
  }
  if (pending.empty())
    f->start = offset;
  pending.append(static_cast<const char*>(data), static_cast<size_t>(n));
  bool ends_commit = f->commit_frame;
  f->commit_frame = false;
  if (n == k_frame_header) {
    unsigned char size_after_commit[4];
    std::memcpy(size_after_commit, static_cast<const char*>(data) + 4, 4);
    f->commit_frame = (size_after_commit[0] | size_after_commit[1] | size_after_commit[2] | size_after_commit[3]) != 0;
  }
  return ends_commit ? flush(f) : SQLITE_OK;
}

int x_truncate(sqlite3_file* file, sqlite3_int64 size)
{
  auto* f = self(file);
  if (int rc = flush(f); rc != SQLITE_OK)
    return rc;
  return f->real->pMethods->xTruncate(f->real, size);
}

int x_sync(sqlite3_file* file, int flags)
{
  auto* f = self(file);
  if (int rc = flush(f); rc != SQLITE_OK)
    return rc;
  return f->real->pMethods->xSync(f->real, flags);
}

int x_file_size(sqlite3_file* file, sqlite3_int64* size)
{
  auto* f = self(file);
  if (int rc = flush(f); rc != SQLITE_OK)
    return rc;
  return f->real->pMethods->xFileSize(f->real, size);
}

int x_lock(sqlite3_file* file, int level)
{
  return self(file)->real->pMethods->xLock(self(file)->real, level);
}

int x_unlock(sqlite3_file* file, int level)
{
  return self(file)->real->pMethods->xUnlock(self(file)->real, level);
}

int x_check_reserved_lock(sqlite3_file* file, int* out)
{
  return self(file)->real->pMethods->xCheckReservedLock(self(file)->real, out);
}

int x_file_control(sqlite3_file* file, int op, void* arg)
{
  auto* f = self(file);
  if (int rc = flush(f); rc != SQLITE_OK)
    return rc;
  return f->real->pMethods->xFileControl(f->real, op, arg);
}

int x_sector_size(sqlite3_file* file)
{
  return self(file)->real->pMethods->xSectorSize(self(file)->real);
}

int x_device_characteristics(sqlite3_file* file)
{
  return self(file)->real->pMethods->xDeviceCharacteristics(self(file)->real);
}

// Version 1: SQLite neither maps nor shares memory through a WAL file.
const sqlite3_io_methods k_methods = {1,
                                      x_close,
                                      x_read,
                                      x_write,
                                      x_truncate,
                                      x_sync,
                                      x_file_size,
                                      x_lock,
                                      x_unlock,
                                      x_check_reserved_lock,
                                      x_file_control,
                                      x_sector_size,
                                      x_device_characteristics,
                                      nullptr,
                                      nullptr,
                                      nullptr,
                                      nullptr,
                                      nullptr,
                                      nullptr};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags)
{
  if (!(flags & SQLITE_OPEN_WAL)) // every other file is the real VFS's own, in place
    return g_real->xOpen(g_real, name, file, flags, out_flags);
  auto* f = self(file);
  f->base.pMethods = nullptr; // SQLite calls no method unless open succeeds
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  int rc = g_real->xOpen(g_real, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK || !f->real->pMethods) {
    if (f->real->pMethods)
      f->real->pMethods->xClose(f->real);
    return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
  }
  f->pending = new (std::nothrow) std::string;
  if (!f->pending) {
    f->real->pMethods->xClose(f->real);
    return SQLITE_NOMEM;
  }
  f->start = 0;
  f->commit_frame = false;
  f->base.pMethods = &k_methods;
  return SQLITE_OK;
}

} // namespace

void install_wal_write_buffer()
{
  static std::once_flag once;
  std::call_once(once, [] {
    g_real = sqlite3_vfs_find(nullptr);
    if (!g_real)
      return;
    // Everything but xOpen (and the file size) is the real VFS's: copy it, then override.
    std::memcpy(&g_vfs, g_real, sizeof g_vfs);
    g_vfs.iVersion = g_real->iVersion;
    g_vfs.szOsFile = static_cast<int>(sizeof(BufferedFile)) + g_real->szOsFile;
    g_vfs.zName = k_wal_write_buffer_vfs;
    g_vfs.pNext = nullptr;
    g_vfs.xOpen = x_open;
    sqlite3_vfs_register(&g_vfs, 1);
  });
}

} // namespace leadhub::store
