/* mdg-tool-visit.c: visit boxes, visit complete, store show, store forms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ../shared/spec/visit.md: the same visit model (MdgVisit) the counter
 * window uses, and the store's one-transaction completion.
 */

#define G_LOG_DOMAIN "mdg-tool"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mdg-render.h"
#include "mdg-store-visit.h"
#include "mdg-tool-private.h"
#include "mdg-visit.h"

/* The case file's bytes, read once (FILE may be - for stdin). */
static GBytes *
read_case_file (const char *file,
                int        *status)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  if (file == NULL)
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--case FILE is required");
      return NULL;
    }
  if (!(bytes = mdg_tool_read_all (file, &error)))
    *status = mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "cannot read the case file %s: %s",
                             file, error->message);

  return bytes;
}

static MdgVisit *
load_visit (GBytes *bytes,
            int    *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCatalog) catalog = NULL;
  g_autoptr(MdgFormCatalog) forms = NULL;
  MdgVisit *visit;
  gsize length;
  const char *data;

  if (!(catalog = mdg_tool_load_catalog (status)))
    return NULL;
  if (!(forms = mdg_form_catalog_load_default (&error)))
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "the form layouts are broken: %s",
                               error->message);
      return NULL;
    }
  data = g_bytes_get_data (bytes, &length);
  if (!(visit = mdg_visit_new_from_case_file (catalog, forms, data != NULL ? data : "", length,
                                              &error)))
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "malformed case file: %s", error->message);
      return NULL;
    }

  return visit;
}

/* visit boxes --------------------------------------------------------------- */

static int
visit_boxes (int    argc,
             char **argv)
{
  g_autofree char *file = NULL;
  g_autoptr(GBytes) case_file = NULL;
  g_autoptr(MdgVisit) visit = NULL;
  g_autoptr(GPtrArray) boxes = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean json = FALSE;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &file, "The case file (JSON; - for stdin)", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output", NULL },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc > 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (!(case_file = read_case_file (file, &status)) ||
      !(visit = load_visit (case_file, &status)))
    return status;

  boxes = mdg_visit_dup_boxes (visit);

  if (!json)
    {
      for (guint i = 0; i < boxes->len; i++)
        {
          const MdgVisitBox *box = g_ptr_array_index (boxes, i);

          printf ("%s%s%s%s\t%s\n", mdg_form_box_get_label (box->box),
                  box->member_name != NULL ? " (" : "",
                  box->member_name != NULL ? box->member_name : "",
                  box->member_name != NULL ? ")" : "",
                  (const char *) g_ptr_array_index (box->forms, 0));
        }
      return MDG_TOOL_EXIT_OK;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "boxes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < boxes->len; i++)
    {
      const MdgVisitBox *box = g_ptr_array_index (boxes, i);
      MdgFormBoxKind kind = mdg_form_box_get_kind (box->box);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, mdg_form_box_get_key (box->box));
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, mdg_form_box_get_label (box->box));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, mdg_form_box_kind_to_string (kind));
      if (kind == MDG_FORM_BOX_CHOICE)
        {
          json_builder_set_member_name (builder, "options");
          json_builder_begin_array (builder);
          for (guint o = 0; o < mdg_form_box_get_n_options (box->box); o++)
            {
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "value");
              json_builder_add_string_value (builder, mdg_form_box_get_option_value (box->box, o));
              json_builder_set_member_name (builder, "label");
              json_builder_add_string_value (builder, mdg_form_box_get_option_label (box->box, o));
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
      json_builder_set_member_name (builder, "forms");
      json_builder_begin_array (builder);
      for (guint f = 0; f < box->forms->len; f++)
        json_builder_add_string_value (builder, g_ptr_array_index (box->forms, f));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "member");
      if (box->member_id != NULL)
        json_builder_add_string_value (builder, box->member_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "required");
      json_builder_add_boolean_value (builder, box->required);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  mdg_tool_print_json (root);
  return MDG_TOOL_EXIT_OK;
}

/* visit complete ------------------------------------------------------------ */

/* The same inputs give the same case id: a run killed after its commit and
 * run again finds the case completed instead of making a second one. */
static char *
dup_visit_id (GBytes     *case_file,
              GHashTable *signatures)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GList) roles = g_list_sort (g_hash_table_get_keys (signatures), (GCompareFunc) strcmp);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_checksum_update (checksum, g_bytes_get_data (case_file, NULL), g_bytes_get_size (case_file));
  for (GList *l = roles; l != NULL; l = l->next)
    {
      GBytes *png = g_hash_table_lookup (signatures, l->data);

      g_checksum_update (checksum, l->data, strlen (l->data) + 1);
      g_checksum_update (checksum, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
    }
  g_checksum_get_digest (checksum, digest, &length);

  /* a name-based UUID (version 5 layout) */
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

static int
visit_complete (int    argc,
                char **argv)
{
  g_autofree char *file = NULL;
  g_autofree char *store_path = NULL;
  g_auto(GStrv) signature_args = NULL;
  g_autoptr(GHashTable) signatures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) case_file = NULL;
  g_autoptr(MdgVisit) visit = NULL;
  g_autoptr(MdgSignature) signature = NULL;
  g_autoptr(MdgSignedSet) signed_set = NULL;
  g_autoptr(MdgVisitRecord) record = NULL;
  g_autoptr(MdgStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pdfs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GArray) versions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *id = NULL;
  g_auto(GStrv) signers = NULL;
  g_autoptr(GHashTable) by_role = NULL;
  GPtrArray *forms;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, "The local store", "PATH" },
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &file, "The case file (JSON; - for stdin)", "FILE" },
    { "signature", 0, 0, G_OPTION_ARG_STRING_ARRAY, &signature_args,
      "A signer's signature as a PNG image (applicant=sign.png)", "ROLE=PNG" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc > 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (store_path == NULL)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--store PATH is required");

  for (guint i = 0; signature_args != NULL && signature_args[i] != NULL; i++)
    {
      const char *equals = strchr (signature_args[i], '=');
      g_autofree char *role = NULL;
      char *contents;
      gsize length;

      if (equals == NULL || equals == signature_args[i])
        return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--signature: \"%s\" is not ROLE=PNG",
                              signature_args[i]);
      role = g_strndup (signature_args[i], equals - signature_args[i]);
      if (g_hash_table_contains (signatures, role))
        return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--signature: %s signs once", role);
      if (!g_file_get_contents (equals + 1, &contents, &length, &error))
        return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--signature: %s", error->message);
      g_hash_table_insert (signatures, g_steal_pointer (&role), g_bytes_new_take (contents, length));
    }

  if (!(case_file = read_case_file (file, &status)) ||
      !(visit = load_visit (case_file, &status)))
    return status;
  id = dup_visit_id (case_file, signatures);
  mdg_visit_set_id (visit, id);

  /* one signature per signer, each on the forms that signer signs */
  signers = mdg_visit_dup_signers (visit);
  by_role = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) mdg_signature_unref);
  for (guint i = 0; signers[i] != NULL; i++)
    {
      GBytes *png = g_hash_table_lookup (signatures, signers[i]);

      if (png == NULL)
        return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT,
                              "the forms need the signature of \"%s\": --signature %s=PNG",
                              signers[i], signers[i]);
      if (!(signature = mdg_signature_new_from_png (png, &error)))
        return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--signature %s: %s", signers[i],
                              error->message);
      mdg_visit_set_signature (visit, signers[i], signature);
      g_hash_table_insert (by_role, g_strdup (signers[i]), mdg_signature_ref (signature));
      g_hash_table_remove (signatures, signers[i]);
      g_clear_pointer (&signature, mdg_signature_unref);
    }
  if (g_hash_table_size (signatures) > 0)
    {
      g_autoptr(GList) left = g_hash_table_get_keys (signatures);

      return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT,
                            "--signature: no form of this visit is signed by \"%s\"",
                            (const char *) left->data);
    }
  /* the signed set's own signature: the applicant's, else the first signer's */
  if ((signature = g_hash_table_lookup (by_role, MDG_VISIT_SIGNER_APPLICANT)) != NULL ||
      (signers[0] != NULL && (signature = g_hash_table_lookup (by_role, signers[0])) != NULL))
    mdg_signature_ref (signature);
  else
    signature = mdg_signature_new (1, 1, NULL);

  /* the boxes first: nothing is rendered for a visit that cannot complete */
  if (!mdg_visit_check_boxes (visit, &error))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "%s", error->message);

  forms = mdg_visit_get_forms (visit);
  for (guint i = 0; i < forms->len; i++)
    {
      MdgFilledForm *form = g_ptr_array_index (forms, i);
      MdgFormLayout *layout = mdg_filled_form_get_layout (form);
      guint version = mdg_form_layout_get_version (layout);
      GBytes *pdf;

      if (!(pdf = mdg_render_pdf_signed (&form, 1, by_role, NULL, &error)))
        return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "cannot render %s: %s",
                              mdg_form_layout_get_id (layout), error->message);
      g_ptr_array_add (pdfs, pdf);
      g_ptr_array_add (ids, (gpointer) mdg_form_layout_get_id (layout));
      g_array_append_val (versions, version);
    }
  signed_set = mdg_signed_set_new (signature, now, (const char * const *) ids->pdata,
                                   (const guint *) versions->data, (GBytes * const *) pdfs->pdata,
                                   forms->len);

  if (!(record = mdg_visit_dup_record (visit, signed_set, g_get_user_name (), NULL, NULL, NULL,
                                       &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "%s", error->message);

  if (!(store = mdg_tool_open_store (store_path, &status)))
    return status;
  mdg_store_commit_visit_async (store, record, NULL, mdg_tool_async_cb, &result);
  g_free (id);
  if (!(id = mdg_store_commit_visit_finish (store, mdg_tool_wait (&result), &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "cannot complete the visit: %s", error->message);

  /* The commit is durable (WAL, synchronous=FULL) when the finish returns. */
  printf ("%s\n", id);
  fflush (stdout);
  return MDG_TOOL_EXIT_OK;
}

int
mdg_tool_visit (int    argc,
                char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "boxes") == 0)
    return visit_boxes (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "complete") == 0)
    return visit_complete (argc - 1, argv + 1);

  return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT,
                        "usage: madoguchi-tool visit boxes --case FILE --json | "
                        "visit complete --store PATH --case FILE [--signature ROLE=PNG]…");
}

/* store show, store forms -------------------------------------------------- */

static MdgStoredCase *
describe_case (int    *argc,
               char ***argv,
               char  **output,
               int    *status)
{
  g_autofree char *store_path = NULL;
  g_autofree char *case_id = NULL;
  g_autoptr(MdgStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MdgStoredCase *stored;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, "The local store", "PATH" },
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_id, "The case id", "ID" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output (the only one)", NULL },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, output, "Where the PDFs go", "DIR" },
    { NULL }
  };

  *status = MDG_TOOL_EXIT_OK;
  if (!mdg_tool_parse_options (entries, NULL, argc, argv))
    {
      *status = MDG_TOOL_EXIT_BAD_INPUT;
      return NULL;
    }
  if (*argc > 1 || store_path == NULL || case_id == NULL)
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--store PATH and --case ID are required");
      return NULL;
    }
  if (!(store = mdg_tool_open_store (store_path, status)))
    return NULL;

  mdg_store_describe_case_async (store, case_id, NULL, mdg_tool_async_cb, &result);
  if (!(stored = mdg_store_describe_case_finish (store, mdg_tool_wait (&result), &error)))
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);
      return NULL;
    }

  return stored;
}

int
mdg_tool_store_show (int    argc,
                     char **argv)
{
  g_autoptr(MdgStoredCase) stored = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *output = NULL;
  int status;

  if (!(stored = describe_case (&argc, &argv, &output, &status)))
    return status;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, stored->id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, stored->status);
  json_builder_set_member_name (builder, "forms");
  json_builder_begin_array (builder);
  for (guint i = 0; i < stored->forms->len; i++)
    {
      const MdgStoredForm *form = g_ptr_array_index (stored->forms, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "procedure");
      json_builder_add_string_value (builder, form->procedure);
      json_builder_set_member_name (builder, "pages");
      json_builder_add_int_value (builder, mdg_render_pdf_count_pages (form->pdf, NULL));
      json_builder_set_member_name (builder, "signed");
      json_builder_add_boolean_value (builder, form->signed_form);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "handoffs");
  json_builder_add_int_value (builder, stored->n_handoffs);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  mdg_tool_print_json (root);
  return MDG_TOOL_EXIT_OK;
}

int
mdg_tool_store_forms (int    argc,
                      char **argv)
{
  g_autoptr(MdgStoredCase) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  int status;

  if (!(stored = describe_case (&argc, &argv, &output, &status)))
    return status;
  if (output == NULL)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--output DIR is required");
  if (g_mkdir_with_parents (output, 0700) != 0)
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "cannot make %s", output);

  for (guint i = 0; i < stored->forms->len; i++)
    {
      const MdgStoredForm *form = g_ptr_array_index (stored->forms, i);
      g_autofree char *name = g_strdup_printf ("%s.pdf", form->procedure);
      g_autofree char *path = g_build_filename (output, name, NULL);

      if (!g_file_set_contents_full (path, g_bytes_get_data (form->pdf, NULL),
                                     g_bytes_get_size (form->pdf),
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "cannot write %s: %s", path, error->message);
    }

  return MDG_TOOL_EXIT_OK;
}
