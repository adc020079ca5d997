// Checks a shared-library file before dlopen() maps it.
//
// dlopen() maps each PT_LOAD segment of a file at its recorded offset and size without comparing them
// with the file's length; the first access past the end of a truncated file then raises SIGBUS in the
// dynamic loader, killing the process (issue 12, item 4). Reading the ELF header and program headers
// with plain reads first turns a truncated, foreign or corrupt file into a recorded failure, and the
// search goes on to the next candidate. This guards against damaged files, not against crafted ones:
// a file whose headers are consistent but whose contents are garbage can still fail inside dlopen.
#pragma once

#include <string>

// Why the file at `path` must not be dlopen()ed ("<path> is truncated: …", "<path> is for another
// architecture (machine 183; this process runs machine 62)", "<path> is not an ELF file"), or "" when
// its headers fit the file and this process, or when it cannot be opened (dlopen then says why).
std::string LibraryFileProblem(const std::string& path);

// The same for a bare soname, which the dynamic loader looks up itself: the first file of that name in
// LD_LIBRARY_PATH's directories, then in the standard library directories, that the loader would
// take (it skips files of another architecture, and so does this). Not modelled: DT_RPATH/DT_RUNPATH,
// ld.so.cache entries outside those directories, and LD_LIBRARY_PATH changed after the process
// started (the loader keeps the value it started with).
std::string SonameFileProblem(const std::string& soname);
