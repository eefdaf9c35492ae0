/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* pmark_file_read() is declared in <pmark/document.h>. */

G_END_DECLS
