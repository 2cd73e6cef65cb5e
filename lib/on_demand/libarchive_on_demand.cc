// libarchive, opened on first use instead of at every start (issue 13, fast start).
//
// libarchive.so.13 brings nine more libraries (nettle, acl, lzma, zstd, lz4, bz2, xml2 and
// ICU's two), most of them bound at load time (BIND_NOW): together about a third of the
// start-up of a frlic command, and only the commands that read or write a container image use
// them. This file defines the libarchive functions frlic calls, each with archive.h's own
// declaration (a different signature does not compile: two C functions of one name), and each
// calls the real function, looked up in libarchive.so.13 (dlopen, RTLD_LOCAL) on the first
// call. Linking this library instead of -larchive keeps every caller unchanged.
//
// A function frlic starts calling must be added below (the link fails with "undefined
// reference to archive_..." until it is). If libarchive.so.13 or one of the functions is
// missing, the process ends as the dynamic loader would have ended it at start: the same
// message on stderr, exit status 127 (the package is a dependency, as libsqlite3's is). The
// image module asks LoadLibarchive() first and reports a missing library as an Error, so that
// last resort is only reached by a missing function in a libarchive.so.13 older than Debian 12's.
#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <string>

#include "libarchive_on_demand.h"

namespace {

constexpr const char* kLibarchiveSoname = "libarchive.so.13";

[[noreturn]] void LoaderFailure(const std::string& what) {
  // What ld.so prints for a missing library, then its exit status.
  const std::string message =
      "frlic: error while loading shared libraries: " + what +
      " (libarchive is opened on first use; install it: apt-get install libarchive13)\n";
  [[maybe_unused]] ssize_t written = ::write(STDERR_FILENO, message.data(), message.size());
  ::_exit(127);
}

struct Loaded {
  void* handle = nullptr;
  std::string why;  // what dlopen said when handle is null
};

const Loaded& Load() {
  static const Loaded loaded = [] {
    Loaded result;
    result.handle = ::dlopen(kLibarchiveSoname, RTLD_NOW | RTLD_LOCAL);
    if (result.handle == nullptr) {
      const char* why = ::dlerror();
      result.why = why != nullptr ? why : kLibarchiveSoname;
    }
    return result;
  }();
  return loaded;
}

void* Libarchive() {
  const Loaded& loaded = Load();
  if (loaded.handle == nullptr) LoaderFailure(loaded.why);
  return loaded.handle;
}

// The real `name` in libarchive.so.13 (dlsym with the library's handle never finds the
// definitions in this file).
template <typename Function>
Function Real(const char* name) {
  void* symbol = ::dlsym(Libarchive(), name);
  if (symbol == nullptr) LoaderFailure(std::string(kLibarchiveSoname) + ": no symbol " + name);
  return reinterpret_cast<Function>(symbol);
}

}  // namespace

std::string frlic::image_internal::LoadLibarchive() { return Load().why; }

// Defines `name` with the parameters `params`; the first call looks up the real function.
#define FRLIC_ON_DEMAND(result, name, params, args)          \
  extern "C" result name params {                            \
    static const auto real = Real<decltype(&::name)>(#name); \
    return real args;                                        \
  }

FRLIC_ON_DEMAND(int, archive_entry_atime_is_set, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(int, archive_entry_ctime_is_set, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(__LA_MODE_T, archive_entry_filetype, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(void, archive_entry_free, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(la_int64_t, archive_entry_gid, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(const char*, archive_entry_gname, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(const char*, archive_entry_hardlink, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(time_t, archive_entry_mtime, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(struct archive_entry*, archive_entry_new, (), ())
FRLIC_ON_DEMAND(const char*, archive_entry_pathname, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(const char*, archive_entry_pathname_utf8, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(__LA_MODE_T, archive_entry_perm, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(void, archive_entry_set_filetype, (struct archive_entry * p0, unsigned int p1),
                (p0, p1))
FRLIC_ON_DEMAND(void, archive_entry_set_gid, (struct archive_entry * p0, la_int64_t p1), (p0, p1))
FRLIC_ON_DEMAND(void, archive_entry_set_hardlink, (struct archive_entry * p0, const char* p1),
                (p0, p1))
FRLIC_ON_DEMAND(void, archive_entry_set_mtime, (struct archive_entry * p0, time_t p1, long p2),
                (p0, p1, p2))
FRLIC_ON_DEMAND(void, archive_entry_set_pathname, (struct archive_entry * p0, const char* p1),
                (p0, p1))
FRLIC_ON_DEMAND(void, archive_entry_set_perm, (struct archive_entry * p0, __LA_MODE_T p1), (p0, p1))
FRLIC_ON_DEMAND(void, archive_entry_set_size, (struct archive_entry * p0, la_int64_t p1), (p0, p1))
FRLIC_ON_DEMAND(void, archive_entry_set_symlink, (struct archive_entry * p0, const char* p1),
                (p0, p1))
FRLIC_ON_DEMAND(void, archive_entry_set_uid, (struct archive_entry * p0, la_int64_t p1), (p0, p1))
FRLIC_ON_DEMAND(la_int64_t, archive_entry_size, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(int, archive_entry_size_is_set, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(const char*, archive_entry_symlink, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(const char*, archive_entry_symlink_utf8, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(la_int64_t, archive_entry_uid, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(const char*, archive_entry_uname, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(int, archive_entry_xattr_count, (struct archive_entry * p0), (p0))
FRLIC_ON_DEMAND(int, archive_errno, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(const char*, archive_error_string, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(int, archive_filter_code, (struct archive * p0, int p1), (p0, p1))
FRLIC_ON_DEMAND(int, archive_free, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(la_ssize_t, archive_read_data, (struct archive * p0, void* p1, size_t p2),
                (p0, p1, p2))
FRLIC_ON_DEMAND(int, archive_read_data_block,
                (struct archive * p0, const void** p1, size_t* p2, la_int64_t* p3),
                (p0, p1, p2, p3))
FRLIC_ON_DEMAND(int, archive_read_data_skip, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(int, archive_read_free, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(struct archive*, archive_read_new, (), ())
FRLIC_ON_DEMAND(int, archive_read_next_header, (struct archive * p0, struct archive_entry** p1),
                (p0, p1))
FRLIC_ON_DEMAND(int, archive_read_open,
                (struct archive * p0, void* p1, archive_open_callback* p2,
                 archive_read_callback* p3, archive_close_callback* p4),
                (p0, p1, p2, p3, p4))
FRLIC_ON_DEMAND(int, archive_read_open1, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(int, archive_read_open_memory, (struct archive * p0, const void* p1, size_t p2),
                (p0, p1, p2))
FRLIC_ON_DEMAND(int, archive_read_set_callback_data, (struct archive * p0, void* p1), (p0, p1))
FRLIC_ON_DEMAND(int, archive_read_set_close_callback,
                (struct archive * p0, archive_close_callback* p1), (p0, p1))
FRLIC_ON_DEMAND(int, archive_read_set_read_callback,
                (struct archive * p0, archive_read_callback* p1), (p0, p1))
FRLIC_ON_DEMAND(int, archive_read_set_skip_callback,
                (struct archive * p0, archive_skip_callback* p1), (p0, p1))
FRLIC_ON_DEMAND(int, archive_read_support_filter_gzip, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(int, archive_read_support_format_raw, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(int, archive_read_support_format_tar, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(int, archive_write_add_filter_gzip, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(int, archive_write_add_filter_none, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(int, archive_write_close, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(la_ssize_t, archive_write_data, (struct archive * p0, const void* p1, size_t p2),
                (p0, p1, p2))
FRLIC_ON_DEMAND(int, archive_write_free, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(int, archive_write_header, (struct archive * p0, struct archive_entry* p1),
                (p0, p1))
FRLIC_ON_DEMAND(struct archive*, archive_write_new, (), ())
FRLIC_ON_DEMAND(int, archive_write_open,
                (struct archive * p0, void* p1, archive_open_callback* p2,
                 archive_write_callback* p3, archive_close_callback* p4),
                (p0, p1, p2, p3, p4))
FRLIC_ON_DEMAND(int, archive_write_set_bytes_in_last_block, (struct archive * p0, int p1), (p0, p1))
FRLIC_ON_DEMAND(int, archive_write_set_bytes_per_block, (struct archive * p0, int p1), (p0, p1))
FRLIC_ON_DEMAND(int, archive_write_set_format_pax_restricted, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(int, archive_write_set_format_raw, (struct archive * p0), (p0))
FRLIC_ON_DEMAND(int, archive_write_set_options, (struct archive * p0, const char* p1), (p0, p1))

// Variadic: formatted here, passed on as one string.
extern "C" void archive_set_error(struct archive* archive, int error_number, const char* format,
                                  ...) {
  static const auto real = Real<decltype(&::archive_set_error)>("archive_set_error");
  if (format == nullptr) return real(archive, error_number, nullptr);  // clears the error
  char text[1024];
  va_list arguments;
  va_start(arguments, format);
  std::vsnprintf(text, sizeof text, format, arguments);
  va_end(arguments);
  real(archive, error_number, "%s", text);
}
