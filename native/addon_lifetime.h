// Keeps the addon's own file mapped until the process exits.
//
// Node unloads (dlclose) an addon when the last environment that loaded it is torn down: a program
// whose main thread never imports node-curand while its workers do, one after another, unloads it as
// each worker exits. Two things here are built to live as long as the process, not one environment:
// the library table (libraries.h), whose dlopen()ed functions may run on any thread, and the kept
// helper threads (helper_threads.h), which wait inside this file's code between calls. Unmapping that
// code under them crashed the process as workers exited (issue 12, item 3).
//
// Why RTLD_NODELETE rather than a per-instance count whose last cleanup hook joins the helpers: it
// keeps every process-lifetime object valid at once with no shutdown protocol (the helpers are shared
// by all environments, so a join would have to wait for calls of other environments, and a table
// rebuilt per reload would re-run discovery and leak the old one); the price is that the file stays
// mapped, as it already does whenever the main thread uses the addon.
#pragma once

// Marks the addon's file RTLD_NODELETE (dladdr finds it; dlopen with RTLD_NOLOAD only flags the copy
// already loaded). Idempotent and thread-safe; true when the file will stay mapped.
bool KeepAddonLoaded();
