#include "library_files.h"

#include <fcntl.h>
#include <link.h>  // ElfW: this process's own ELF class
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

// The ELF identification this process's libraries must carry (System V gABI, "ELF Header").
#if defined(__x86_64__)
constexpr int kMachine = EM_X86_64;
constexpr const char* kMultiarch = "x86_64-linux-gnu";
#elif defined(__aarch64__)
constexpr int kMachine = EM_AARCH64;
constexpr const char* kMultiarch = "aarch64-linux-gnu";
#elif defined(__powerpc64__)
constexpr int kMachine = EM_PPC64;
constexpr const char* kMultiarch = "powerpc64le-linux-gnu";
#else
#error "node-curand: add this architecture's ELF machine number and multiarch directory"
#endif
constexpr unsigned char kClass = sizeof(void*) == 8 ? ELFCLASS64 : ELFCLASS32;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr unsigned char kData = ELFDATA2LSB;
#else
constexpr unsigned char kData = ELFDATA2MSB;
#endif

struct Problem {
  enum Kind { kNone, kForeign, kDamaged } kind = kNone;
  std::string reason;  // completes "<file> …"
};

Problem Damaged(std::string reason) { return {Problem::kDamaged, std::move(reason)}; }

// Whether [offset, offset + size) lies inside a file of `fileSize` bytes (without overflowing).
bool Inside(uint64_t offset, uint64_t size, uint64_t fileSize) {
  return offset <= fileSize && size <= fileSize - offset;
}

std::string Truncated(const char* what, uint64_t end, uint64_t fileSize) {
  return "is truncated: " + std::string(what) + " ends at byte " + std::to_string(end) + " but the file has " +
         std::to_string(fileSize) + " bytes";
}

bool ReadAt(int fd, void* into, size_t size, uint64_t offset) {
  auto* bytes = static_cast<char*>(into);
  while (size > 0) {
    const ssize_t got = pread(fd, bytes, size, static_cast<off_t>(offset));
    if (got <= 0) return false;
    bytes += got;
    size -= static_cast<size_t>(got);
    offset += static_cast<uint64_t>(got);
  }
  return true;
}

Problem Check(int fd) {
  struct stat info {};
  if (fstat(fd, &info) != 0) return {};
  if (!S_ISREG(info.st_mode)) return Damaged("is not a regular file");
  const uint64_t size = static_cast<uint64_t>(info.st_size);

  ElfW(Ehdr) header{};
  if (size < SELFMAG || !ReadAt(fd, &header, SELFMAG, 0) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) {
    return Damaged("is not an ELF file");
  }
  if (size < EI_NIDENT || !ReadAt(fd, &header, EI_NIDENT, 0)) {
    return Damaged(Truncated("the ELF identification", EI_NIDENT, size));
  }
  if (header.e_ident[EI_CLASS] != kClass) {
    return {Problem::kForeign, "is for another architecture (ELF class " + std::to_string(header.e_ident[EI_CLASS]) +
                                   "; this process uses class " + std::to_string(kClass) + ")"};
  }
  if (header.e_ident[EI_DATA] != kData) {
    return {Problem::kForeign, "is for another architecture (byte order " + std::to_string(header.e_ident[EI_DATA]) + ")"};
  }
  if (size < sizeof header || !ReadAt(fd, &header, sizeof header, 0)) {
    return Damaged(Truncated("the ELF header", sizeof header, size));
  }
  if (header.e_machine != kMachine) {
    return {Problem::kForeign, "is for another architecture (machine " + std::to_string(header.e_machine) +
                                   "; this process runs machine " + std::to_string(kMachine) + ")"};
  }
  if (header.e_type != ET_DYN) return Damaged("is not a shared library (ELF type " + std::to_string(header.e_type) + ")");
  if (header.e_phentsize != sizeof(ElfW(Phdr)) || header.e_phnum == 0) {
    return Damaged("is not a valid ELF file (no program headers of the expected size)");
  }

  const uint64_t tableBytes = uint64_t{header.e_phnum} * header.e_phentsize;
  if (!Inside(header.e_phoff, tableBytes, size)) {
    return Damaged(Truncated("the program header table", header.e_phoff + tableBytes, size));
  }
  std::vector<ElfW(Phdr)> segments(header.e_phnum);
  if (!ReadAt(fd, segments.data(), tableBytes, header.e_phoff)) return Damaged("cannot be read");
  for (size_t i = 0; i < segments.size(); i++) {
    const ElfW(Phdr)& segment = segments[i];
    if (segment.p_type != PT_LOAD && segment.p_type != PT_DYNAMIC) continue;
    if (!Inside(segment.p_offset, segment.p_filesz, size)) {
      const std::string what =
          std::string(segment.p_type == PT_LOAD ? "PT_LOAD" : "PT_DYNAMIC") + " segment " + std::to_string(i);
      return Damaged(Truncated(what.c_str(), segment.p_offset + segment.p_filesz, size));
    }
  }
  // The loader does not read sections, but a table cut short is a file cut short.
  if (header.e_shoff != 0) {
    // e_shnum is 0 when the count overflows into section 0; the table then has at least that entry.
    const uint64_t sections = header.e_shnum != 0 ? header.e_shnum : 1;
    const uint64_t sectionBytes = sections * header.e_shentsize;
    if (!Inside(header.e_shoff, sectionBytes, size)) {
      return Damaged(Truncated("the section header table", header.e_shoff + sectionBytes, size));
    }
  }
  return {};
}

Problem CheckFile(const std::string& path, bool& opened) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  opened = fd >= 0;
  if (!opened) return {};
  const Problem problem = Check(fd);
  close(fd);
  return problem;
}

std::vector<std::string> SplitPathList(const char* list) {
  std::vector<std::string> dirs;
  if (list == nullptr) return dirs;
  std::string rest(list);
  size_t start = 0;
  while (start <= rest.size()) {
    const size_t end = std::min(rest.find_first_of(":;", start), rest.size());
    // An empty entry means the working directory to the loader; not followed here.
    if (end > start) dirs.push_back(rest.substr(start, end - start));
    start = end + 1;
  }
  return dirs;
}

}  // namespace

std::string LibraryFileProblem(const std::string& path) {
  bool opened = false;
  const Problem problem = CheckFile(path, opened);
  return problem.kind == Problem::kNone ? "" : path + " " + problem.reason;
}

std::string SonameFileProblem(const std::string& soname) {
  std::vector<std::string> dirs = SplitPathList(std::getenv("LD_LIBRARY_PATH"));
  const std::string multiarch = kMultiarch;
  for (const std::string& standard : {"/lib/" + multiarch, "/usr/lib/" + multiarch, std::string("/lib64"),
                                      std::string("/usr/lib64"), std::string("/lib"), std::string("/usr/lib")}) {
    dirs.push_back(standard);
  }
  for (const std::string& dir : dirs) {
    const std::string path = dir + "/" + soname;
    bool opened = false;
    const Problem problem = CheckFile(path, opened);
    if (!opened || problem.kind == Problem::kForeign) continue;  // the loader looks further too
    if (problem.kind == Problem::kNone) return "";
    return soname + " would load " + path + ", which " + problem.reason;
  }
  return "";
}
