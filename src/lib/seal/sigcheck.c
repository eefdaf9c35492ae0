/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A signed marking's check, as data: its state's name, its JSON, freeing
 * it. The check itself reads documents (stamp/signature.c); results that
 * carry one (classification) need only this. */
#include "config.h"

#include <pmark/seal.h>
#include <pmark/sign.h>

#include "core/json.h"

const char *
pmark_signature_state_name (PmarkSignatureState state)
{
  switch (state) {
  case PMARK_SIGNATURE_UNSIGNED: return "unsigned";
  case PMARK_SIGNATURE_INTACT: return "intact";
  case PMARK_SIGNATURE_CONTENT_CHANGED: return "content-changed";
  case PMARK_SIGNATURE_MARKING_CHANGED: return "marking-changed";
  case PMARK_SIGNATURE_NOT_TRUSTED: return "signer-not-trusted";
  case PMARK_SIGNATURE_INVALID: return "invalid";
  case PMARK_SIGNATURE_SEALED: return "content-sealed";
  }
  return "unknown";
}

void
pmark_signature_check_free (PmarkSignatureCheck *c)
{
  if (!c)
    return;
  pmark_signed_marking_free (c->statement);
  g_free (c->signer_name);
  g_free (c->content_now);
  g_free (c->marking_now);
  g_free (c->reason);
  g_free (c);
}

JsonNode *
pmark_signature_check_to_json (const PmarkSignatureCheck *c)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  pmark_json_add_string (b, "state", pmark_signature_state_name (c->state));
  pmark_json_add_string (b, "reason", c->reason);
  if (c->statement) {
    const PmarkSignedMarking *m = c->statement;
    pmark_json_add_string (b, "signer", m->signer);
    pmark_json_add_string (b, "key", m->key);
    if (c->signer_name)
      pmark_json_add_string (b, "trusted_as", c->signer_name);
    pmark_json_add_string (b, "signed_at", m->time);
    pmark_json_add_string (b, "policy", m->policy);
    pmark_json_add_string (b, "signed_marking", m->marking);
    if (m->handling)
      pmark_json_add_string (b, "signed_handling", m->handling);
    pmark_json_add_string (b, "marking_now", c->marking_now);
    pmark_json_add_string (b, "signed_content", m->content);
    pmark_json_add_string (b, "content_now", c->content_now);
    json_builder_set_member_name (b, "content_changed");
    json_builder_add_boolean_value (b, c->content_changed);
    json_builder_set_member_name (b, "marking_changed");
    json_builder_add_boolean_value (b, c->marking_changed);
  }
  json_builder_set_member_name (b, "trust_checked");
  json_builder_add_boolean_value (b, c->trust_checked);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
