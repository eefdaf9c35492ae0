/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Loadable modules. The parts of pmark whose libraries cost every process
 * their loading (poppler and cairo, qpdf, libpq, Tesseract: bench/RESULTS.md,
 * "Cold start") are built as modules, libpmark-NAME.so in LIBDIR/pmark,
 * each exporting data symbols (a format record, a table of functions).
 * A module is loaded the first time one of its symbols is asked for, by
 * the process that needs it (a reader's worker, not the parent), and is
 * never unloaded. A module calls into libpmark only through the symbols
 * listed in src/lib/module-imports.txt, which the executables export
 * (the layering test, tools/layering.py, checks the list is complete).
 *
 * With -Dmodules=false (and in the fuzzing build) the same code is linked
 * into libpmark and PMARK_MODULE_GET is the symbol's address: the callers
 * do not change. */
#pragma once

#include <glib.h>
#include <gmodule.h>

#include "config.h"

G_BEGIN_DECLS

/* The symbol `symbol` of module `name` ("pdf-reader": libpmark-pdf-reader.so),
 * looked for in $PMARK_MODULE_DIR, then the installed directory, then the
 * build tree; NULL with PMARK_ERROR_UNSUPPORTED_FORMAT saying what is
 * missing (the module, or a module of another pmark version). Thread-safe;
 * a failure is remembered. */
gconstpointer pmark_module_symbol (const char *name, const char *symbol, GError **error);

#if PMARK_BUILTIN_MODULES
#define PMARK_MODULE_GET(name, symbol, error) (&(symbol))
/* every module defines it once, in the file named after the module */
#define PMARK_MODULE_DEFINE_VERSION G_STATIC_ASSERT (PMARK_BUILTIN_MODULES)
#else
#define PMARK_MODULE_GET(name, symbol, error) \
  ((const __typeof__ (symbol) *) pmark_module_symbol ((name), #symbol, (error)))
#ifdef __cplusplus
/* (a module in C++: wpd-reader.cc) */
#define PMARK_MODULE_DEFINE_VERSION \
  extern "C" G_MODULE_EXPORT const char pmark_module_version[]; \
  extern "C" G_MODULE_EXPORT const char pmark_module_version[] = PMARK_VERSION
#else
#define PMARK_MODULE_DEFINE_VERSION \
  G_MODULE_EXPORT extern const char pmark_module_version[]; \
  G_MODULE_EXPORT const char pmark_module_version[] = PMARK_VERSION
#endif
#endif

G_END_DECLS
