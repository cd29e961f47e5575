/* test-util.h: helpers shared by the areas of test-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-case.h"
#include "mdg-catalog.h"

G_BEGIN_DECLS

/* The catalog of data/catalog (fails the test when it does not load). */
MdgCatalog *test_load_catalog       (void);
/* Every *.json file of tests/data/core/@dir, sorted, parsed. */
GPtrArray  *test_load_data_dir      (const char *dir);
/* A case from a JSON object node (fails the test on a validation error). */
MdgCase    *test_case_from_node     (JsonNode   *node,
                                     const char *what);
/* The member ids of @members (bits of case member indices), comma-separated. */
char       *test_format_members     (MdgCase    *kase,
                                     guint64     members);
/* The strings of a JSON list, comma-separated. */
char       *test_format_string_list (JsonArray  *array);

G_END_DECLS
