# SPDX-License-Identifier: LGPL-2.1-or-later
"""A stand-in pmark module (core/module.h) whose entry point crashes, as a
bug in the library behind it would (qpdf, poppler): tests put it first in
PMARK_MODULE_DIR to show what the worker processes contain."""
import os
import shutil
import subprocess


def crashing_module(pmark, directory, name, symbol):
    """Builds DIRECTORY/libpmark-NAME.so, whose data symbol SYMBOL (a table
    of function pointers) holds one function that raises SIGSEGV, with
    PMARK's version; returns DIRECTORY, or None without a C compiler."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        return None
    version = subprocess.run([pmark, "--version"], capture_output=True,
                             text=True).stdout.split()[-1]
    os.makedirs(directory, exist_ok=True)
    src = os.path.join(directory, name + ".c")
    with open(src, "w") as f:
        f.write('#include <signal.h>\n'
                'const char pmark_module_version[] = "%s";\n'
                'static int crash (void) { raise (SIGSEGV); return 0; }\n'
                'const struct { void *f; } %s = { (void *) crash };\n' % (version, symbol))
    subprocess.run([cc, "-shared", "-fPIC", "-o",
                    os.path.join(directory, "libpmark-%s.so" % name), src], check=True)
    return directory
