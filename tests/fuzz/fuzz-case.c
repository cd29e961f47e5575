/* fuzz-case.c: libFuzzer target for the case-file parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every input must either parse into a case that survives guidance, the
 * interview and a JSON round trip, or be refused with an
 * MDG_CORE_ERROR_INVALID_CASE error whose message is one line naming a field.
 */

#include "config.h"

#include <string.h>

#include "mdg-core-error.h"
#include "mdg-guidance.h"
#include "mdg-interview.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static MdgCatalog *catalog;

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCase) kase = NULL;

  if (catalog == NULL)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      catalog = mdg_catalog_load_default (&error);
      g_assert_no_error (error);
    }

  kase = mdg_case_new_from_data ((const char *) data, size, mdg_day_new (2026, 11, 25), &error);
  if (kase == NULL)
    {
      g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE);
      g_assert_null (strchr (error->message, '\n'));
      g_assert_nonnull (strstr (error->message, ": "));
      return 0;
    }

  {
    g_autoptr(MdgGuidance) guidance = mdg_guidance_evaluate (catalog, kase);
    g_autoptr(GPtrArray) questions = mdg_interview_next_questions (catalog, kase);
    g_autoptr(JsonNode) node = mdg_guidance_to_node (guidance);
    g_autofree char *json = mdg_case_to_json (kase);
    g_autoptr(MdgCase) again = mdg_case_new_from_data (json, -1, mdg_day_new (2026, 11, 25), &error);
    g_autofree char *json_again = NULL;

    /* what we write, we read back the same */
    g_assert_no_error (error);
    json_again = mdg_case_to_json (again);
    g_assert_cmpstr (json, ==, json_again);
    g_assert_nonnull (node);
    g_assert_nonnull (questions);
  }

  return 0;
}
