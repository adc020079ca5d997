#include "addon_lifetime.h"

#include <dlfcn.h>

bool KeepAddonLoaded() {
  static const bool kept = [] {
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&KeepAddonLoaded), &info) == 0 || info.dli_fname == nullptr) return false;
    // The handle is a reference that is never closed; with RTLD_NODELETE the file stays even if it were.
    return dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE) != nullptr;
  }();
  return kept;
}
