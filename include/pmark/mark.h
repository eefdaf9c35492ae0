/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Marking a document: the level (given, or the one classify decides)
 * stamped visibly at the top and bottom of every page, slide or sheet and
 * in the document's metadata, written whole to a new file (or over the
 * input, atomically, when asked), and recorded in an audit log. */
#pragma once

#include <pmark/budget.h>
#include <pmark/policy.h>
#include <pmark/sign.h>

G_BEGIN_DECLS

typedef struct {
  const char *level;        /* "LEVEL[:DESCRIPTOR]"; NULL: the level classify
                             * gives (--auto) */
  const char *output;       /* NULL: beside the input (see
                             * pmark_mark_default_output) */
  const char *output_dir;   /* NULL, or write NAME.EXT into this directory */
  gboolean in_place;        /* replace the input, atomically */
  const char *justify;      /* allows lowering the marking; logged */
  const char *log_path;     /* NULL: the policy's audit-log, else the
                             * default (pmark_mark_default_log) */
  gboolean force;           /* mark signed documents (breaks signatures) */
  gboolean handling;        /* add the level's handling line */
  gboolean no_shrink;       /* PDF: draw over content in the marking's bands
                             * rather than shrink it (the policy's
                             * [stamp] shrink) */
  gboolean seal;            /* seal the marked document (age); the policy
                             * may also require it for the level */
  GPtrArray *recipients;    /* PmarkAgeRecipient*, for sealing; NULL or
                             * empty: the level's seal-recipients */
  gboolean convert;         /* legacy formats (.doc .xls .ppt .rtf): convert
                             * to OOXML with LibreOffice and mark that; the
                             * original is never replaced */
  gboolean migrate;         /* re-mark a marking of another scheme (read
                             * through the policy's [mapping]) with what it
                             * maps to; a file without one is left as it is
                             * (result->unchanged); level must be NULL */
  const PmarkSigningKey *sign_key; /* sign the marking (pmark-verify(1)) */
  const char *signer;       /* who signs: NULL for the key file's "# signer:"
                             * line, else the user's name and login */
  gboolean sign_where_possible; /* with sign_key: mark formats that carry no
                             * signature (plain text) unsigned instead of
                             * refusing them (result->signer stays NULL) */
  const char *user;         /* who marks, for the marking log; NULL: the
                             * login running pmark (pmark serve's team
                             * mode names the person it serves) */
  const PmarkReadOptions *read;
} PmarkMarkOptions;

typedef struct {
  char *input, *output;
  char *old_marking;        /* the existing marking, or NULL */
  int old_level;            /* -1 when none */
  char *marking;            /* the marking stamped */
  int level;
  char *sha256_before, *sha256_after;
  char *log_path;
  gboolean sealed;
  char *converted_from;     /* the input's format when --convert converted it */
  char *sha256_converted;   /* of the converted file, before marking */
  int content_level;        /* what the content needs by itself; -1 unknown */
  char *mapped_from;        /* the --level given was another scheme's
                             * marking, mapped by this policy mapping */
  /* --migrate */
  gboolean unchanged;       /* nothing to migrate: no output was written */
  char *unchanged_reason;
  gboolean review;          /* unchanged because its old marking maps for a
                             * person's review ([mapping] "(review)") */
  char *migrated_scheme;    /* the old marking's scheme (the mapping) */
  char *migrated_text;      /* the old marking, as found */
  GPtrArray *left_in_text;  /* char*, "WHERE: TEXT": old markings the new
                             * file still carries (typed into the body by
                             * hand; a person edits them) */
  /* --sign */
  char *signer;             /* who signed, or NULL when not signed */
  char *signing_key;        /* pmarksign1... */
  char *content_digest;     /* what the signature covers: "sha256:..." */
  char *signature;          /* the token written into the metadata */
} PmarkMarkResult;

/**
 * pmark_mark_file:
 * @policy: the policy the marking follows
 * @path: the document
 * @options: the level (or %NULL for the one classification gives), output,
 *    sealing, signing and the read options
 * @result: (out caller-allocates): what was done; clear it with
 *    pmark_mark_result_clear()
 * @error: where to put why the document was not marked, or %NULL
 *
 * Marks a document: the level stamped visibly at the top and bottom of every
 * page, slide or sheet and in its metadata, written whole to a new file (or
 * over the input, atomically, with `in_place`), read back and refused unless
 * the marking is found, sealed when asked or when the policy requires it for
 * the level, and recorded in the marking log before the output is put in
 * place. Lowering a marking below what the document carries or its content
 * needs requires `justify`.
 *
 * Returns: %TRUE when the output is in place (or, with `migrate`, nothing
 *    needed doing: `result->unchanged`)
 */
gboolean pmark_mark_file (PmarkPolicy *policy, const char *path,
                          const PmarkMarkOptions *options,
                          PmarkMarkResult *result, GError **error);
/**
 * pmark_mark_result_clear:
 * @result: a result filled by pmark_mark_file()
 *
 * Frees what @result holds and zeroes it.
 */
void pmark_mark_result_clear (PmarkMarkResult *result);

/**
 * pmark_mark_default_output:
 * @path: the input
 *
 * Where pmark_mark_file() writes by default: beside the input, "report.pdf"
 * gives "report.marked.pdf".
 *
 * Returns: (transfer full): the path
 */
char *pmark_mark_default_output (const char *path);
/**
 * pmark_mark_default_log:
 *
 * The default marking log: `$XDG_STATE_HOME/pmark/marking-log.jsonl`.
 *
 * Returns: (transfer full): the path
 */
char *pmark_mark_default_log (void);

G_END_DECLS
