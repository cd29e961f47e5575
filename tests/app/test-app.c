/* test-app.c: the counter window, driven through a whole visit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real windows under Xvfb (GDK_BACKEND=x11), the real local store in a
 * temporary data directory, the real catalog, forms and renderer. Each
 * visit goes through the window's and the pages' actions and the widgets'
 * own signals, and asserts what the clerk sees. With MDG_SCREENSHOTS=DIR,
 * every page is saved there as a 1366x768 PNG (data/screenshots is made
 * that way, see README.md).
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "mdg-application.h"
#include "mdg-box-assist.h"
#include "mdg-card-info.h"
#include "mdg-case-view.h"
#include "mdg-catalog.h"
#include "mdg-form-preview.h"
#include "mdg-interview.h"
#include "mdg-signature-pad.h"
#include <libpq-fe.h>
#include <sqlite3.h>

#include "mdg-bands.h"
#include "mdg-preferences-window.h"
#include "mdg-store.h"
#include "mdg-suggest-popover.h"
#include "mdg-test-app.h"
#include "mdg-test-tool.h"
#include "mdg-tool-postgres.h"
#include "mdg-visit-driver.h"
#include "mdg-window.h"

/* One application for every test: it stays registered on the bus. */
static MdgApplication *application;

typedef struct
{
  char           *data_dir;
  MdgWorkstation *workstation;
  MdgWindow      *window;
  MdgCaseView    *case_view;
  MdgCatalog     *catalog;
  char           *completed_id;
  MdgVisitDriver  driver;
} Fixture;

static char *
dup_visible_text (Fixture *fixture)
{
  return mdg_visit_driver_dup_visible_text (GTK_WIDGET (fixture->window));
}

static void
screenshot (Fixture    *fixture,
            const char *name)
{
  g_autofree char *file = g_strdup_printf ("counter-%s", name);

  mdg_visit_driver_screenshot (GTK_WIDGET (fixture->window), file);
}

static gboolean
store_is_open (Fixture *fixture)
{
  g_autofree char *text = dup_visible_text (fixture);

  /* The banner appears once the store is open and its outbox counted. */
  return strstr (text, "wait") != NULL || strstr (text, "待") != NULL;
}

static void
on_completed_cb (MdgCaseView *view,
                 const char  *case_id,
                 Fixture     *fixture)
{
  g_free (fixture->completed_id);
  fixture->completed_id = g_strdup (case_id);
}

/* A counter window on a new workstation of the application (as the
 * application makes at its start), its store open. */
static void
open_window (Fixture *fixture)
{
  fixture->workstation = mdg_workstation_new (NULL);
  mdg_application_set_workstation (application, fixture->workstation);
  mdg_workstation_open (fixture->workstation);
  fixture->window = mdg_window_new (application, fixture->workstation);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1366, 768);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->case_view = MDG_CASE_VIEW (mdg_visit_driver_find_by_type (GTK_WIDGET (fixture->window),
                                                                     MDG_TYPE_CASE_VIEW));
  g_signal_connect (fixture->case_view, "completed", G_CALLBACK (on_completed_cb), fixture);
  mdg_visit_driver_init (&fixture->driver, fixture->window, fixture->catalog);
  mdg_test_wait (store_is_open, fixture);
}

/* The window destroyed, and gone, and its workstation with it (the
 * application quitting): the store closes once its pending jobs are done. */
static void
close_window (Fixture *fixture)
{
  MdgStore *store = mdg_workstation_get_store (fixture->workstation);

  g_assert_nonnull (store);
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  mdg_test_wait_finalized ((gpointer *) &fixture->window);
  fixture->case_view = NULL;
  mdg_application_set_workstation (application, NULL);
  g_clear_object (&fixture->workstation);
  mdg_test_wait_finalized ((gpointer *) &store);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* main() pointed XDG_DATA_HOME to a private directory before GLib
   * cached it; each test starts with no store there. */
  fixture->data_dir = g_build_filename (g_get_user_data_dir (), "madoguchi", NULL);
  g_assert_false (g_file_test (fixture->data_dir, G_FILE_TEST_EXISTS));

  fixture->catalog = mdg_catalog_load_default (&error);
  g_assert_no_error (error);

  open_window (fixture);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  mdg_visit_driver_clear (&fixture->driver);
  close_window (fixture);
  g_clear_pointer (&fixture->catalog, mdg_catalog_unref);
  g_clear_pointer (&fixture->completed_id, g_free);
  remove_tree (fixture->data_dir);
  g_clear_pointer (&fixture->data_dir, g_free);
}

static void
activate (Fixture    *fixture,
          const char *action,
          const char *format,
          ...)
{
  g_autoptr(GVariant) param = NULL;
  va_list args;

  if (format != NULL)
    {
      va_start (args, format);
      param = g_variant_ref_sink (g_variant_new_va (format, NULL, &args));
      va_end (args);
    }

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (fixture->window), action, param));
  mdg_test_drain ();
}

static void
activate_on (GtkWidget  *widget,
             const char *action)
{
  g_assert_true (gtk_widget_activate_action_variant (widget, action, NULL));
  mdg_test_drain ();
}

typedef struct
{
  Fixture    *fixture;
  const char *expected;
} Awaited;

static gboolean
shows_step (gpointer data)
{
  Awaited *awaited = data;
  GtkStack *pages = GTK_STACK (mdg_visit_driver_find_by_id (GTK_WIDGET (awaited->fixture->window),
                                                            "page_stack"));
  const char *page = gtk_stack_get_visible_child_name (pages);

  if (g_str_equal (awaited->expected, "queue") || g_str_equal (awaited->expected, "identify"))
    return g_strcmp0 (page, awaited->expected) == 0;
  return g_strcmp0 (page, "case") == 0 &&
         g_strcmp0 (mdg_case_view_get_step (awaited->fixture->case_view), awaited->expected) == 0;
}

static void
assert_step (Fixture    *fixture,
             const char *step)
{
  Awaited awaited = { fixture, step };

  mdg_test_wait (shows_step, &awaited);
}

static gboolean
shows_text (gpointer data)
{
  Awaited *awaited = data;
  g_autofree char *visible = dup_visible_text (awaited->fixture);

  return strstr (visible, awaited->expected) != NULL;
}

/* Waits until the clerk sees @text; fails showing what the window shows. */
static void
assert_sees (Fixture    *fixture,
             const char *text)
{
  Awaited awaited = { fixture, text };
  gint64 end = g_get_monotonic_time () + MDG_TEST_TIMEOUT_MS * G_GINT64_CONSTANT (1000);

  while (!shows_text (&awaited))
    {
      if (g_get_monotonic_time () >= end)
        {
          g_autofree char *visible = dup_visible_text (fixture);

          g_error ("The clerk does not see “%s”; the window shows:\n%s", text, visible);
        }
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* The identify page: search by kana, Enter opens the first resident found. */
static void
search_resident (Fixture    *fixture,
                 const char *query)
{
  GtkWidget *entry = mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->window), "search_entry");

  assert_step (fixture, "identify");
  gtk_editable_set_text (GTK_EDITABLE (entry), query);
  g_signal_emit_by_name (entry, "search-changed");
  mdg_test_drain ();
  screenshot (fixture, "identify");
  g_signal_emit_by_name (entry, "activate");
  assert_step (fixture, "event");
}

/* A walk-in: no ticket. */
static void
identify (Fixture    *fixture,
          const char *query)
{
  activate (fixture, "win.walk-in", NULL);
  search_resident (fixture, query);
}

static gboolean
is_completed (Fixture *fixture)
{
  return fixture->completed_id != NULL;
}

typedef struct
{
  GMainLoop  *loop;
  const char *case_id;
  MdgStore   *store;
  MdgCase   *kase;
  gboolean   completed;
  GPtrArray *problems;
} StoreCheck;

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  StoreCheck *check = user_data;
  g_autoptr(GError) error = NULL;

  check->problems = mdg_store_check_finish (MDG_STORE (object), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (check->loop);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  StoreCheck *check = user_data;
  g_autoptr(GError) error = NULL;

  check->kase = mdg_store_load_case_finish (MDG_STORE (object), result, &check->completed, &error);
  g_assert_no_error (error);
  mdg_store_check_async (check->store, NULL, checked_cb, check);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  StoreCheck *check = user_data;
  g_autoptr(GError) error = NULL;

  check->store = mdg_store_open_finish (result, &error);
  g_assert_no_error (error);
  mdg_store_load_case_async (check->store, check->case_id, NULL, loaded_cb, check);
}

/* Every signed form of the case has its SHA-256 in the case's audit
 * entry, equal to the hash of the PDF the store keeps. */
static void
assert_forms_audited (const char *path,
                      const char *case_id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *fields = NULL;
  guint n_forms = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT group_concat (fields) FROM audit "
                                           "WHERE case_id = ? AND action = 'change'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  fields = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_nonnull (fields);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT pdf FROM case_forms WHERE case_id = ? "
                                           "AND signed = 1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                             sqlite3_column_blob (stmt, 0),
                                                             sqlite3_column_bytes (stmt, 0));
      g_autofree char *mark = g_strdup_printf ("@sha256:%s", sha256);

      g_assert_nonnull (strstr (fields, mark));
      n_forms++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (n_forms, >, 0);
}

/* Completes the visit and reads the case back from the store, as the ward
 * link would push it. */
static MdgCase *
complete_and_reload (Fixture *fixture)
{
  StoreCheck check = { 0 };
  g_autofree char *path = NULL;

  activate (fixture, "win.go-to-step", "s", "complete");
  assert_sees (fixture, _("Ready to Complete"));
  screenshot (fixture, "complete");
  activate_on (GTK_WIDGET (fixture->case_view), "case.complete");
  mdg_test_wait (is_completed, fixture);
  g_assert_cmpstr (fixture->completed_id, ==, mdg_case_view_get_case_id (fixture->case_view));

  /* Ready for the next resident. */
  assert_step (fixture, "queue");
  screenshot (fixture, "queue-after");
  assert_sees (fixture, _("The visit is complete and stored. Ctrl+N serves the next resident."));

  /* The same file, opened a second time (WAL lets both read). */
  path = mdg_store_dup_default_path ();
  check.loop = g_main_loop_new (NULL, FALSE);
  check.case_id = fixture->completed_id;
  mdg_store_open_async (path, NULL, opened_cb, &check);
  g_main_loop_run (check.loop);
  g_main_loop_unref (check.loop);

  g_assert_true (check.completed);
  g_assert_cmpuint (check.problems->len, ==, 0);
  assert_forms_audited (path, fixture->completed_id);
  g_ptr_array_unref (check.problems);
  g_object_unref (check.store);

  return check.kase;
}

static GtkWidget *
find_with_data (GtkWidget  *root,
                const char *key)
{
  if (g_object_get_data (G_OBJECT (root), key) != NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_data (child, key);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gint64
count_audit (const char *sql)
{
  g_autofree char *path = mdg_store_dup_default_path ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static gint64 audit_target;

/* The audit table counts audit_target rows of @sql. */
static gboolean
audit_reached (gpointer sql)
{
  return count_audit (sql) >= audit_target;
}

/* The 個人番号 is masked; "Show" reveals it and the audit log records who
 * saw whose number (the field, never the value). */
static void
assert_number_masked_and_audited (Fixture *fixture)
{
  static const char *sql = "SELECT count(*) FROM audit WHERE action = 'read' "
                           "AND fields LIKE '%individual_number%'";
  GtkWidget *show = find_with_data (GTK_WIDGET (fixture->case_view), "mdg-number-show");
  GtkWidget *row;
  GtkText *text;
  gint64 before = count_audit (sql);

  g_assert_nonnull (show);
  row = gtk_widget_get_ancestor (show, ADW_TYPE_ENTRY_ROW);
  text = GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (row)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), !=, "");
  g_assert_false (gtk_text_get_visibility (text));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (show), TRUE);
  g_assert_true (gtk_text_get_visibility (text));
  /* the audit entry is written by the store's worker */
  audit_target = before + 1;
  mdg_test_wait (audit_reached, (gpointer) sql);
  g_assert_cmpint (count_audit (sql), ==, before + 1);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (show), FALSE);
  g_assert_false (gtk_text_get_visibility (text));
}

/* Zoom: the page drawn larger (sharp, not scaled up) for the resident to
 * read, and back to the whole page. */
static int
preview_width (gpointer data)
{
  GtkPicture *picture = GTK_PICTURE (mdg_visit_driver_find_by_id (data, "picture"));
  GdkPaintable *paintable = gtk_picture_get_paintable (picture);

  return paintable != NULL ? gdk_paintable_get_intrinsic_width (paintable) : 0;
}

static int zoom_target;

static gboolean
preview_is_wider (gpointer data)
{
  return preview_width (data) > zoom_target;
}

static gboolean
preview_is_whole (gpointer data)
{
  return preview_width (data) == zoom_target;
}

static void
assert_zoom (Fixture *fixture)
{
  GtkWidget *preview = mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->case_view),
                                                   "form_preview");
  int whole;

  mdg_test_wait (preview_width, preview);
  whole = preview_width (preview);
  zoom_target = whole * 1.4;
  activate_on (preview, "forms.zoom-in");
  mdg_test_wait (preview_is_wider, preview);
  screenshot (fixture, "forms-zoom");
  activate_on (preview, "forms.zoom-fit");
  /* the page drawn again at the width of the whole page, however long the
   * render takes (a cold font cache) */
  zoom_target = whole;
  mdg_test_wait (preview_is_whole, preview);
  g_assert_cmpint (preview_width (preview), ==, whole);
}

static gboolean
thumbs_drawn (gpointer data)
{
  GtkWidget *box = data;

  for (GtkWidget *b = gtk_widget_get_first_child (box); b != NULL; b = gtk_widget_get_next_sibling (b))
    if (gtk_picture_get_paintable (GTK_PICTURE (gtk_button_get_child (GTK_BUTTON (b)))) == NULL)
      return FALSE;
  return gtk_widget_get_first_child (box) != NULL;
}

static gboolean
second_form_shown (gpointer dropdown)
{
  return gtk_drop_down_get_selected (dropdown) == 1;
}

/* A thumbnail per form, drawn; a click on the second shows that form. */
static void
assert_thumbs (Fixture *fixture)
{
  GtkWidget *preview = mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->case_view), "form_preview");
  GtkWidget *box = mdg_visit_driver_find_by_id (preview, "thumbs_box");
  GtkDropDown *dropdown = GTK_DROP_DOWN (mdg_visit_driver_find_by_id (preview, "form_dropdown"));
  guint n = 0;

  for (GtkWidget *b = gtk_widget_get_first_child (box); b != NULL; b = gtk_widget_get_next_sibling (b))
    n++;
  g_assert_cmpuint (n, ==, mdg_form_preview_get_forms (MDG_FORM_PREVIEW (preview))->len);
  g_assert_cmpuint (n, >, 1);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (box), "selected"));
  mdg_test_wait (thumbs_drawn, box);

  gtk_widget_activate (gtk_widget_get_next_sibling (gtk_widget_get_first_child (box)));
  mdg_test_wait (second_form_shown, dropdown);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 1);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_next_sibling (gtk_widget_get_first_child (box)),
                                           "selected"));
  g_assert_false (gtk_widget_has_css_class (gtk_widget_get_first_child (box), "selected"));
  gtk_drop_down_set_selected (dropdown, 0);
}

static void
test_visit_move_in (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(MdgCase) stored = NULL;
  GPtrArray *forms;
  guint n_answers;

  assert_step (fixture, "queue");
  screenshot (fixture, "queue");

  identify (fixture, "クマモト");
  assert_sees (fixture, "熊本 太郎");
  assert_sees (fixture, "熊本 美咲");
  g_assert_cmpint (mdg_case_get_event (mdg_case_view_get_case (fixture->case_view)), ==,
                   MDG_EVENT_MOVE_IN);
  g_assert_cmpuint (mdg_case_get_n_members (mdg_case_view_get_case (fixture->case_view)), ==, 4);
  screenshot (fixture, "event");

  activate (fixture, "win.next-step", NULL);
  assert_step (fixture, "interview");
  screenshot (fixture, "interview");
  n_answers = mdg_visit_driver_interview (&fixture->driver, mdg_visit_driver_choose_first);
  g_assert_cmpuint (n_answers, >, 0);

  /* Going back and forth loses no answer. */
  activate (fixture, "win.previous-step", NULL);
  activate (fixture, "win.next-step", NULL);
  g_assert_cmpuint (mdg_visit_driver_interview (&fixture->driver, mdg_visit_driver_choose_first), ==, 0);

  activate (fixture, "win.next-step", NULL);
  assert_step (fixture, "guidance");
  assert_sees (fixture, "転入届");
  assert_sees (fixture, "国民健康保険 加入手続(転入)");
  assert_sees (fixture, "児童手当 認定請求(転入)");
  screenshot (fixture, "guidance");

  activate (fixture, "win.next-step", NULL);
  assert_step (fixture, "forms");
  forms = mdg_form_preview_get_forms (MDG_FORM_PREVIEW (mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->case_view),
                                                                    "form_preview")));
  g_assert_nonnull (forms);
  g_assert_cmpuint (forms->len, >, 0);
  g_assert_cmpuint (mdg_visit_driver_fill_details (&fixture->driver), >, 0);
  assert_number_masked_and_audited (fixture);
  screenshot (fixture, "forms");
  assert_zoom (fixture);
  assert_thumbs (fixture);

  activate (fixture, "win.next-step", NULL);
  assert_step (fixture, "sign");
  g_assert_true (mdg_visit_driver_sign (&fixture->driver));
  screenshot (fixture, "sign");

  stored = complete_and_reload (fixture);
  g_assert_nonnull (stored);
  g_assert_cmpint (mdg_case_get_event (stored), ==, MDG_EVENT_MOVE_IN);
  g_assert_cmpuint (mdg_case_get_n_members (stored), ==, 4);
  g_assert_nonnull (mdg_case_get_detail (stored, "phone"));
}

static void
test_visit_death (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MdgCase) stored = NULL;

  identify (fixture, "アソ マサオ");
  g_assert_cmpint (mdg_case_get_event (mdg_case_view_get_case (fixture->case_view)), ==,
                   MDG_EVENT_DEATH);
  activate (fixture, "win.go-to-step", "s", "interview");
  mdg_visit_driver_interview (&fixture->driver, mdg_visit_driver_choose_first);

  activate (fixture, "win.go-to-step", "s", "guidance");
  assert_sees (fixture, "死亡届");
  screenshot (fixture, "guidance-death");

  activate (fixture, "win.go-to-step", "s", "forms");
  g_assert_cmpuint (mdg_visit_driver_fill_details (&fixture->driver), >, 0);
  activate (fixture, "win.go-to-step", "s", "sign");
  g_assert_true (mdg_visit_driver_sign (&fixture->driver));

  stored = complete_and_reload (fixture);
  g_assert_cmpint (mdg_case_get_event (stored), ==, MDG_EVENT_DEATH);
  /* 死亡の原因 as staff chose it, for the 葬祭費 forms */
  g_assert_cmpstr (mdg_case_get_detail (stored, "death_cause"), ==, "illness");
}

static gboolean
guides_support_measure (gpointer data)
{
  Fixture *fixture = data;

  return mdg_guidance_lookup (mdg_case_view_get_guidance (fixture->case_view),
                              "support_measure_request") != NULL;
}

static GtkWidget *find_remove_button (GtkWidget  *root,
                                      const char *procedure);

/* Neither in the guidance nor on the Guidance page. */
static gboolean
lacks_support_measure (gpointer data)
{
  Fixture *fixture = data;

  return !guides_support_measure (data) &&
         find_remove_button (GTK_WIDGET (fixture->case_view), "support_measure_request") == NULL;
}

/* The remove button of the guidance row of @procedure: (transfer none). */
static GtkWidget *
find_remove_button (GtkWidget  *root,
                    const char *procedure)
{
  GVariant *target;

  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), "case.remove-procedure") == 0 &&
      (target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root))) != NULL &&
      g_strcmp0 (g_variant_get_string (target, NULL), procedure) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_remove_button (child, procedure);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Staff add 支援措置申出 on the Guidance page, from the list of procedures
 * only staff add: it shows with its reason, the Forms step shows its form,
 * and its row takes it off again. */
static void
test_added_procedure (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char name[] = "住民基本台帳事務における支援措置申出";
  const MdgGuidanceItem *item;
  GPtrArray *forms;
  GtkWidget *remove;
  gboolean has_form = FALSE;

  identify (fixture, "クマモト");
  activate (fixture, "win.go-to-step", "s", "interview");
  mdg_visit_driver_interview (&fixture->driver, mdg_visit_driver_choose_first);
  activate (fixture, "win.go-to-step", "s", "guidance");
  assert_sees (fixture, "転入届");
  g_assert_false (guides_support_measure (fixture));

  g_assert_true (mdg_visit_driver_add_procedure (&fixture->driver, name));
  mdg_test_wait (guides_support_measure, fixture);
  assert_sees (fixture, name);
  item = mdg_guidance_lookup (mdg_case_view_get_guidance (fixture->case_view),
                              "support_measure_request");
  g_assert_cmpstr (item->reason, ==, "ご本人からの相談を受けて、職員が窓口で追加したため");
  /* only the procedures staff add are offered */
  g_assert_false (mdg_visit_driver_add_procedure (&fixture->driver, "転入届"));

  activate (fixture, "win.go-to-step", "s", "forms");
  forms = mdg_form_preview_get_forms (MDG_FORM_PREVIEW (mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->case_view),
                                                                                    "form_preview")));
  for (guint i = 0; i < forms->len; i++)
    {
      MdgFormLayout *layout = mdg_filled_form_get_layout (g_ptr_array_index (forms, i));

      if (g_str_equal (mdg_form_layout_get_id (layout), "support-measure"))
        has_form = TRUE;
    }
  g_assert_true (has_form);

  activate (fixture, "win.go-to-step", "s", "guidance");
  remove = find_remove_button (GTK_WIDGET (fixture->case_view), "support_measure_request");
  g_assert_nonnull (remove);
  gtk_widget_activate (remove);
  mdg_test_wait (lacks_support_measure, fixture);
}

/* Completion is blocked while a form box is empty or nobody signed. */
static void
test_blocked (Fixture       *fixture,
              gconstpointer  data)
{
  identify (fixture, "クマモト");
  activate (fixture, "win.go-to-step", "s", "complete");
  assert_sees (fixture, _("Not Ready Yet"));
  assert_sees (fixture, _("The resident has not signed the forms"));
  /* Refused at once: the visit makes no record with a box empty or a
   * signature missing (mdg_visit_dup_record), so nothing reaches the store
   * and there is nothing to wait for. */
  gtk_widget_activate_action_variant (GTK_WIDGET (fixture->case_view), "case.complete", NULL);
  g_assert_null (fixture->completed_id);
  assert_sees (fixture, _("Not Ready Yet"));
}

/* The counter with a ward database: a real PostgreSQL on loopback. */

static char *
issue_ticket (const char *kiosk_store,
              const char *conninfo)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "issue", "--store", kiosk_store,
                                      "--band", "1", "--conninfo", conninfo, NULL), ==, 0);
  return g_strdup (g_strstrip (out));
}

/* What the clerk sees, in the language the test runs in. */
static gboolean
sees_printf (Fixture    *fixture,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
sees_printf (Fixture    *fixture,
             const char *format,
             ...)
{
  g_autofree char *text = dup_visible_text (fixture);
  g_autofree char *wanted = NULL;
  va_list args;

  va_start (args, format);
  wanted = g_strdup_vprintf (format, args);
  va_end (args);

  return strstr (text, wanted) != NULL;
}

static const char *
band_name (int band)
{
  const GPtrArray *bands = mdg_bands_get_default (NULL);

  g_assert_nonnull (bands);
  return mdg_bands_lookup (bands, band)->name;
}

static gboolean
sees_two_waiting (Fixture *fixture)
{
  return sees_printf (fixture, ngettext ("%u waiting", "%u waiting", 2), 2);
}

static gboolean
is_online (Fixture *fixture)
{
  GtkRevealer *banner = GTK_REVEALER (mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->window),
                                                  "offline_revealer"));

  return !gtk_revealer_get_reveal_child (banner);
}

/* The sidebar names the ticket called to the counter. */
static gboolean
sees_ticket_1001 (Fixture *fixture)
{
  return sees_printf (fixture, _("Ticket %d called"), 1001);
}

static gboolean
ticket_1001_recalled (Fixture *fixture)
{
  return sees_printf (fixture, ngettext ("%s · called, %d recall", "%s · called, %d recalls", 1),
                      band_name (1), 1);
}

static gboolean
sees_ticket_1002 (Fixture *fixture)
{
  return sees_printf (fixture, _("Ticket %d called"), 1002);
}

static gboolean
sees_ticket_1003 (Fixture *fixture)
{
  return sees_printf (fixture, _("Ticket %d called"), 1003);
}

static gboolean
sees_one_waiting (Fixture *fixture)
{
  return sees_printf (fixture, ngettext ("%u waiting", "%u waiting", 1), 1);
}

/* Held Tickets lists 1003, and the counter is free. */
static gboolean
sees_1003_held (Fixture *fixture)
{
  return sees_printf (fixture, "%s", _("Held Tickets")) &&
         sees_printf (fixture, _("Ticket %d"), 1003) &&
         !sees_printf (fixture, _("Ticket %d called"), 1003);
}

static gboolean
counter_is_free (Fixture *fixture)
{
  return !sees_printf (fixture, _("Ticket %d"), 1002) &&
         sees_printf (fixture, "%s", _("No resident yet")) &&
         sees_printf (fixture, ngettext ("%u waiting", "%u waiting", 0), 0);
}

static gpointer
find_window_of_type (gpointer type_name)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l; l = l->next)
    if (g_str_equal (G_OBJECT_TYPE_NAME (l->data), type_name))
      return l->data;
  return NULL;
}

/* The counter's menu opens the queue monitor, the display and the KPI
 * window on this workstation's store and link: the counter window's own. */
static void
assert_floor_windows_open (void)
{
  static const struct {
    const char *action;
    const char *type;
  } screens[] = {
    { "monitor", "MdgQueueMonitor" },
    { "display", "MdgWaitingDisplay" },
    { "kpi", "MdgKpiWindow" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (screens); i++)
    {
      GtkWindow *opened;

      g_action_group_activate_action (G_ACTION_GROUP (application), screens[i].action, NULL);
      mdg_test_wait (find_window_of_type, (gpointer) screens[i].type);
      opened = find_window_of_type ((gpointer) screens[i].type);
      g_assert_nonnull (opened);
      {
        g_autoptr(MdgWorkstation) workstation = NULL;

        g_object_get (opened, "workstation", &workstation, NULL);
        g_assert_true (workstation == mdg_application_get_workstation (application));
      }
      g_object_add_weak_pointer (G_OBJECT (opened), (gpointer *) &opened);
      gtk_window_destroy (opened);
      mdg_test_wait_finalized ((gpointer *) &opened);
    }
}

/* The registry of the ward: one household, not among the demo ones. */
static void
load_registry_only_resident (Fixture    *fixture,
                             const char *conninfo)
{
  g_autofree char *demo = g_build_filename (g_getenv ("MDG_DEMO_DIR"), "01-kumamoto.json", NULL);
  g_autofree char *dir = g_build_filename (fixture->data_dir, "registry", NULL);
  g_autofree char *path = g_build_filename (dir, "registry-only.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  JsonObject *household;
  JsonObject *head;

  g_assert_true (json_parser_load_from_file (parser, demo, &error));
  g_assert_no_error (error);
  household = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (household, "id", "registry-only");
  json_object_remove_member (household, "scenario");
  head = json_array_get_object_element (json_object_get_array_member (household, "members"), 0);
  json_object_set_string_member (head, "name", "阿蘇 花子");
  json_object_set_string_member (head, "kana", "アソ ハナコ");
  g_mkdir_with_parents (dir, 0700);
  {
    g_autofree char *text = json_to_string (json_parser_get_root (parser), TRUE);

    g_assert_true (g_file_set_contents (path, text, -1, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (mdg_test_run_tool (&out, "ward", "registry-load", "--conninfo", conninfo,
                                      "--dir", dir, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "1 households");
}

static gboolean
sees_registry_resident (Fixture *fixture)
{
  return sees_printf (fixture, "%s", "阿蘇 花子");
}

static int rating_target;

static gboolean
rating_is_target (Fixture *fixture)
{
  return mdg_case_view_get_rating (fixture->case_view) == rating_target;
}

/* A tap on the sign page's satisfaction buttons: only that one is down. */
static void
assert_rating_tapped (Fixture *fixture,
                      int      rating)
{
  GtkWidget *box = mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->case_view), "rating_box");
  GtkWidget *button = gtk_widget_get_first_child (box);

  for (int i = 1; i < rating; i++)
    button = gtk_widget_get_next_sibling (button);
  /* a button shows itself pressed for a moment before it clicks */
  gtk_widget_activate (button);
  rating_target = rating;
  mdg_test_wait (rating_is_target, fixture);
  g_assert_cmpint (mdg_case_view_get_rating (fixture->case_view), ==, rating);
  for (GtkWidget *b = gtk_widget_get_first_child (box); b != NULL; b = gtk_widget_get_next_sibling (b))
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (b)) == (b == button));
}

/* Staff sign-in ---------------------------------------------------------- */

static const char *
visible_page (Fixture *fixture)
{
  GtkWidget *stack = mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->window), "main_stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static gboolean
shows_sign_in (Fixture *fixture)
{
  return g_strcmp0 (visible_page (fixture), "sign-in") == 0;
}

static gboolean
shows_counter (Fixture *fixture)
{
  return g_strcmp0 (visible_page (fixture), "counter") == 0;
}

static GtkWidget *
sign_in_page (Fixture *fixture)
{
  return mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->window), "sign_in_page");
}

static gboolean
sign_in_failed (Fixture *fixture)
{
  GtkWidget *label = mdg_visit_driver_find_by_id (sign_in_page (fixture), "error_label");

  return gtk_widget_get_visible (label);
}

/* Types the user name (when given) and the password, and signs in. */
static void
type_sign_in (Fixture    *fixture,
              const char *user,
              const char *password)
{
  GtkWidget *page = sign_in_page (fixture);

  if (user != NULL)
    gtk_editable_set_text (GTK_EDITABLE (mdg_visit_driver_find_by_id (page, "user_row")), user);
  gtk_editable_set_text (GTK_EDITABLE (mdg_visit_driver_find_by_id (page, "password_row")),
                         password);
  g_assert_true (gtk_widget_activate_action (page, "sign-in.sign-in", NULL));
}

static void
sign_in (Fixture    *fixture,
         const char *user,
         const char *password)
{
  mdg_test_wait (shows_sign_in, fixture);
  type_sign_in (fixture, user, password);
  mdg_test_wait (shows_counter, fixture);
}

static const char *
signed_in_subtitle (Fixture *fixture)
{
  GtkWidget *title = mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->window), "counter_title");

  const char *subtitle = adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title));

  return subtitle != NULL && subtitle[0] != '\0' ? subtitle : NULL;
}

static gboolean
sign_in_page_idle (Fixture *fixture)
{
  return gtk_widget_get_sensitive (mdg_visit_driver_find_by_id (sign_in_page (fixture),
                                                                "sign_in_button"));
}

/* The connections of counters' links (application_name madoguchi). */
static gint64
count_links (const char *conninfo)
{
  g_autofree char *count = mdg_test_app_ward_value (conninfo, "SELECT count(*) FROM pg_stat_activity "
                                                              "WHERE application_name = 'madoguchi'");

  return g_ascii_strtoll (count, NULL, 10);
}

static void
spin_until_links (const char *conninfo,
                  gint64      wanted)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (count_links (conninfo) != wanted)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      mdg_visit_driver_spin (100);
    }
}

/* Each clerk signs in with a ward login of their own; the window names
 * who is signed in; signing out or the screen locking brings the sign-in
 * back and closes the counter's connection; offline, the keyring's copy
 * of the password from the last sign-in here lets the clerk in. */
static void
test_staff_sign_in (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(MdgToolPostgres) server = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.madoguchi.Madoguchi");
  g_autofree char *conninfo = mdg_test_app_start_ward (&server);
  g_autoptr(MdgQueueSource) source = NULL;
  g_autoptr(GDBusConnection) screensaver = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signed_in = g_strdup_printf (_("Signed in as %s"), "postgres");
  const char *password = mdg_tool_postgres_get_password (server);
  GtkWidget *user_row;

  /* the embedded default: nobody signs in */
  mdg_test_wait (shows_counter, fixture);
  g_assert_null (signed_in_subtitle (fixture));

  g_settings_set_string (settings, "ward-conninfo", conninfo);
  mdg_test_wait (shows_sign_in, fixture);
  g_assert_cmpint (count_links (conninfo), ==, 0);
  screenshot (fixture, "sign-in");

  /* a wrong password: refused, still signed out */
  type_sign_in (fixture, "postgres", "not-the-password");
  mdg_test_wait (sign_in_failed, fixture);
  g_assert_true (shows_sign_in (fixture));
  g_assert_true (sees_printf (fixture, "%s", _("The ward database refused this user name or password.")));
  screenshot (fixture, "sign-in-refused");

  /* the right one: the counter, its clerk named, its link online */
  sign_in (fixture, NULL, password);
  g_assert_cmpstr (signed_in_subtitle (fixture), ==, signed_in);
  mdg_test_wait (is_online, fixture);
  spin_until_links (conninfo, 1);
  source = g_object_ref (mdg_workstation_get_queue_source (fixture->workstation));
  g_assert_cmpstr (mdg_store_get_staff (mdg_queue_source_get_store (source)), ==, "postgres");
  screenshot (fixture, "signed-in");

  /* signing out: the sign-in again, the connection closed, the name kept */
  activate (fixture, "win.sign-out", NULL);
  mdg_test_wait (shows_sign_in, fixture);
  spin_until_links (conninfo, 0);
  user_row = mdg_visit_driver_find_by_id (sign_in_page (fixture), "user_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (user_row)), ==, "postgres");

  /* back with the password only; then the screen locks */
  sign_in (fixture, NULL, password);
  spin_until_links (conninfo, 1);
  screensaver = g_dbus_connection_new_for_address_sync (g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
                                                        G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                        G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                        NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GVariant) reply = g_dbus_connection_call_sync (screensaver, "org.freedesktop.DBus",
                                                             "/org/freedesktop/DBus",
                                                             "org.freedesktop.DBus", "RequestName",
                                                             g_variant_new ("(su)", "org.gnome.ScreenSaver", 0),
                                                             G_VARIANT_TYPE ("(u)"),
                                                             G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
    g_assert_no_error (error);
  }
  g_dbus_connection_emit_signal (screensaver, NULL, "/org/gnome/ScreenSaver",
                                 "org.gnome.ScreenSaver", "ActiveChanged",
                                 g_variant_new ("(b)", TRUE), &error);
  g_assert_no_error (error);
  mdg_test_wait (shows_sign_in, fixture);
  g_assert_null (signed_in_subtitle (fixture));
  spin_until_links (conninfo, 0);

  /* offline: the keyring's copy decides */
  g_assert_true (mdg_tool_postgres_stop (server, &error));
  g_assert_no_error (error);
  type_sign_in (fixture, NULL, "not-the-password");
  mdg_test_wait (sign_in_failed, fixture);
  mdg_test_wait (sign_in_page_idle, fixture);
  g_assert_true (shows_sign_in (fixture));
  sign_in (fixture, NULL, password);
  g_assert_cmpstr (signed_in_subtitle (fixture), ==, signed_in);
  g_assert_true (mdg_tool_postgres_restart (server, &error));
  g_assert_no_error (error);
  mdg_test_wait (is_online, fixture);

  g_settings_reset (settings, "ward-conninfo");
  mdg_test_wait (shows_counter, fixture);
  mdg_visit_driver_spin (200);
}

static void
test_ward_tickets (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MdgToolPostgres) server = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.madoguchi.Madoguchi");
  g_autoptr(MdgCase) stored = NULL;
  g_autofree char *conninfo = mdg_test_app_start_ward (&server);
  g_autofree char *kiosk = g_build_filename (fixture->data_dir, "kiosk.sqlite", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *state = NULL;

  /* The kiosk issues two tickets of band 1; this counter serves band 1. */
  first = issue_ticket (kiosk, conninfo);
  second = issue_ticket (kiosk, conninfo);
  g_assert_cmpstr (first, ==, "1001");
  g_assert_cmpstr (second, ==, "1002");

  g_settings_set_int (settings, "counter-number", 3);
  g_settings_set_value (settings, "counter-bands", g_variant_new_parsed ("[1]"));
  g_settings_set_string (settings, "ward-conninfo", conninfo);
  sign_in (fixture, "postgres", mdg_tool_postgres_get_password (server));
  mdg_test_wait (is_online, fixture);
  mdg_test_wait (sees_two_waiting, fixture);
  screenshot (fixture, "queue-ward");
  assert_floor_windows_open ();

  /* 次の方を呼ぶ: the oldest ticket, to counter 3, in the ward database. */
  activate (fixture, "win.call-next", NULL);
  mdg_test_wait (sees_ticket_1001, fixture);
  state = mdg_test_app_ward_value (conninfo, "SELECT status || ' ' || counter FROM madoguchi.tickets "
                                "WHERE number = 1001");
  g_assert_cmpstr (state, ==, "called 3");
  g_clear_pointer (&state, g_free);
  assert_step (fixture, "identify");

  activate (fixture, "win.go-to-step", "s", "queue");
  activate (fixture, "win.recall", NULL);
  mdg_test_wait (ticket_1001_recalled, fixture);
  screenshot (fixture, "queue-called");

  /* The resident of 1001: おくやみ, completed; the ticket closes with the case. */
  activate (fixture, "win.walk-in", NULL);
  search_resident (fixture, "アソ マサオ");
  activate (fixture, "win.go-to-step", "s", "interview");
  mdg_visit_driver_interview (&fixture->driver, mdg_visit_driver_choose_first);
  activate (fixture, "win.go-to-step", "s", "forms");
  g_assert_cmpuint (mdg_visit_driver_fill_details (&fixture->driver), >, 0);
  activate (fixture, "win.go-to-step", "s", "sign");
  g_assert_true (mdg_visit_driver_sign (&fixture->driver));
  /* The resident taps 4 (good) for her satisfaction. */
  assert_rating_tapped (fixture, 4);
  stored = complete_and_reload (fixture);
  g_assert_nonnull (stored);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT status || ' ' || case_id || ' ' || event || "
                                            "' ' || rating FROM madoguchi.tickets WHERE "
                                            "number = 1001 AND case_id = '%s'",
                                            fixture->completed_id);
    g_autofree char *expected = g_strdup_printf ("done %s death 4", fixture->completed_id);
    gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    /* The close runs after the store's commit, in the background. */
    while (TRUE)
      {
        PGconn *check = PQconnectdb (conninfo);
        PGresult *result = PQexec (check, sql);
        gboolean done = PQntuples (result) == 1;

        if (done)
          state = g_strdup (PQgetvalue (result, 0, 0));
        PQclear (result);
        PQfinish (check);
        if (done)
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        mdg_visit_driver_spin (100);
      }
    g_assert_cmpstr (state, ==, expected);
    g_clear_pointer (&state, g_free);
  }
  /* its hand-off records reached the ward: 区民課 (死亡届) among them */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT string_agg (department, ',' ORDER BY "
                                            "department) FROM madoguchi.handoffs WHERE "
                                            "case_id = '%s'", fixture->completed_id);
    gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (TRUE)
      {
        g_autofree char *departments = mdg_test_app_ward_value (conninfo, sql);

        if (departments != NULL && strstr (departments, "区民課") != NULL)
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        mdg_visit_driver_spin (100);
      }
  }

  /* 1002 does not come: no-show; nobody is left waiting. */
  activate (fixture, "win.call-next", NULL);
  mdg_test_wait (sees_ticket_1002, fixture);
  activate (fixture, "win.go-to-step", "s", "queue");
  activate (fixture, "win.no-show", NULL);
  mdg_test_wait (counter_is_free, fixture);
  state = mdg_test_app_ward_value (conninfo, "SELECT status FROM madoguchi.tickets WHERE number = 1002");
  g_assert_cmpstr (state, ==, "no_show");
  g_clear_pointer (&state, g_free);

  /* 1003 has to fetch a document: held, the counter is free for the next;
   * back, 1003 is called again from Held Tickets. */
  g_clear_pointer (&first, g_free);
  first = issue_ticket (kiosk, conninfo);
  g_assert_cmpstr (first, ==, "1003");
  mdg_test_wait (sees_one_waiting, fixture);
  activate (fixture, "win.call-next", NULL);
  mdg_test_wait (sees_ticket_1003, fixture);
  activate (fixture, "win.go-to-step", "s", "queue");
  activate (fixture, "win.hold", NULL);
  mdg_test_wait (sees_1003_held, fixture);
  state = mdg_test_app_ward_value (conninfo, "SELECT status || ' ' || counter FROM madoguchi.tickets "
                                "WHERE number = 1003");
  g_assert_cmpstr (state, ==, "held 3");
  g_clear_pointer (&state, g_free);
  screenshot (fixture, "queue-held");
  {
    g_autofree char *id = mdg_test_app_ward_value (conninfo, "SELECT id FROM madoguchi.tickets WHERE number = 1003");

    activate (fixture, "win.call-held", "s", id);
  }
  mdg_test_wait (sees_ticket_1003, fixture);
  state = mdg_test_app_ward_value (conninfo, "SELECT status || ' ' || counter FROM madoguchi.tickets "
                                "WHERE number = 1003");
  g_assert_cmpstr (state, ==, "called 3");
  activate (fixture, "win.go-to-step", "s", "queue");
  activate (fixture, "win.no-show", NULL);
  mdg_test_wait (counter_is_free, fixture);

  /* A resident known only to the ward's registry (住民記録): found by her
   * kana, opened, and the opening is in the audit log. */
  load_registry_only_resident (fixture, conninfo);
  activate (fixture, "win.walk-in", NULL);
  {
    GtkWidget *entry = mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->window), "search_entry");

    gtk_editable_set_text (GTK_EDITABLE (entry), "アソ ハナ");
    g_signal_emit_by_name (entry, "search-changed");
    mdg_test_wait (sees_registry_resident, fixture);
    screenshot (fixture, "identify-registry");
    g_signal_emit_by_name (entry, "activate");
    assert_step (fixture, "event");
    /* the audit entry is written by the store's worker, by the clerk signed in */
    audit_target = 1;
    mdg_test_wait (audit_reached,
                   (gpointer) "SELECT count(*) FROM audit WHERE subject = 'registry-only'");
    g_assert_cmpint (count_audit ("SELECT count(*) FROM audit WHERE subject = 'registry-only' "
                                  "AND staff = 'postgres'"), ==, 1);
  }
  activate (fixture, "win.go-to-step", "s", "queue");

  /* Back to the embedded default for the other tests. */
  g_settings_reset (settings, "ward-conninfo");
  g_settings_reset (settings, "counter-bands");
  g_settings_reset (settings, "counter-number");
  mdg_test_drain ();
}

/* Preferences: the counter number and the bands served, kept in GSettings;
 * the queue page follows at once. */
static gboolean
sees_band_2 (Fixture *fixture)
{
  return sees_printf (fixture, _("From %d: %s"), 2001, band_name (2));
}

static void
test_preferences (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.madoguchi.Madoguchi");
  g_autoptr(GVariant) bands = NULL;
  GtkWindow *preferences = NULL;
  GtkWidget *spin;
  GtkWidget *band_2 = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  activate (fixture, "win.show-preferences", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (MDG_IS_PREFERENCES_WINDOW (window))
        preferences = window;
    }
  g_assert_nonnull (preferences);
  mdg_test_drain ();

  spin = mdg_visit_driver_find_by_id (GTK_WIDGET (preferences), "counter_spin");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 7);
  g_assert_cmpint (g_settings_get_int (settings, "counter-number"), ==, 7);

  /* the band switches, in the order of data/queue/bands.json */
  {
    GtkWidget *group = mdg_visit_driver_find_by_id (GTK_WIDGET (preferences), "bands_group");
    guint n = 0;

    for (GtkWidget *child = group; child != NULL; )
      {
        GtkWidget *next = gtk_widget_get_first_child (child);

        if (GTK_IS_SWITCH (child) && ++n == 2)
          {
            band_2 = child;
            break;
          }
        while (next == NULL && child != group)
          {
            next = gtk_widget_get_next_sibling (child);
            if (next == NULL)
              child = gtk_widget_get_parent (child);
          }
        if (next == NULL)
          break;
        child = next;
      }
  }
  g_assert_nonnull (band_2);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (band_2)));
  gtk_switch_set_active (GTK_SWITCH (band_2), TRUE);
  bands = g_settings_get_value (settings, "counter-bands");
  g_assert_cmpstr (g_variant_print (bands, FALSE), ==, "[1, 2]");
  mdg_visit_driver_screenshot (GTK_WIDGET (preferences), "counter-preferences");

  gtk_window_destroy (preferences);
  mdg_test_wait (sees_band_2, fixture);

  g_settings_reset (settings, "counter-bands");
  g_settings_reset (settings, "counter-number");
  mdg_test_drain ();
}

/* A crash mid-visit: the window goes away with the visit unfinished; the
 * next window offers it, and resuming brings back every answer and detail
 * under the same case, which then completes. */
static gboolean
sees_resume_offer (Fixture *fixture)
{
  GtkRevealer *offer = GTK_REVEALER (mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->window),
                                                                  "resume_revealer"));

  return gtk_revealer_get_reveal_child (offer);
}


/* The draft on disk holds the case as the window has it now (its answers
 * and details), read as another process would. */
static gboolean
draft_is_current (Fixture *fixture)
{
  g_autofree char *path = mdg_store_dup_default_path ();
  g_autoptr(JsonNode) now = mdg_case_to_node (mdg_case_view_get_case (fixture->case_view));
  g_autoptr(JsonNode) stored = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean current = FALSE;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT case_json FROM cases WHERE id = ?1", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, mdg_case_view_get_case_id (fixture->case_view), -1,
                     SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW &&
      (stored = json_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL)) != NULL)
    {
      JsonObject *a = json_node_get_object (now);
      JsonObject *b = json_node_get_object (stored);

      current = json_object_has_member (b, "details") == json_object_has_member (a, "details") &&
                json_object_has_member (b, "answers") == json_object_has_member (a, "answers") &&
                (!json_object_has_member (a, "details") ||
                 json_node_equal (json_object_get_member (a, "details"),
                                  json_object_get_member (b, "details"))) &&
                (!json_object_has_member (a, "answers") ||
                 json_node_equal (json_object_get_member (a, "answers"),
                                  json_object_get_member (b, "answers")));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return current;
}

static void
test_visit_resume (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MdgCase) stored = NULL;
  g_autoptr(GPtrArray) open_questions = NULL;
  g_autofree char *case_id = NULL;
  guint n_answers;

  identify (fixture, "クマモト");
  activate (fixture, "win.go-to-step", "s", "interview");
  n_answers = mdg_visit_driver_interview (&fixture->driver, mdg_visit_driver_choose_first);
  g_assert_cmpuint (n_answers, >, 0);
  activate (fixture, "win.go-to-step", "s", "forms");
  g_assert_cmpuint (mdg_visit_driver_fill_details (&fixture->driver), >, 0);
  case_id = g_strdup (mdg_case_view_get_case_id (fixture->case_view));
  /* every change typed is on disk */
  mdg_test_wait (draft_is_current, fixture);

  /* the crash: the window is gone, nothing was completed */
  mdg_visit_driver_clear (&fixture->driver);
  close_window (fixture);

  open_window (fixture);
  mdg_test_wait (sees_resume_offer, fixture);
  screenshot (fixture, "resume");
  activate (fixture, "win.resume-draft", NULL);
  assert_step (fixture, "interview");
  g_assert_cmpstr (mdg_case_view_get_case_id (fixture->case_view), ==, case_id);
  g_assert_false (sees_resume_offer (fixture));

  /* every answer and every detail is back: nothing left to ask or type */
  open_questions = mdg_interview_next_questions (fixture->catalog,
                                                 mdg_case_view_get_case (fixture->case_view));
  g_assert_cmpuint (open_questions->len, ==, 0);
  g_assert_nonnull (mdg_case_get_detail (mdg_case_view_get_case (fixture->case_view), "phone"));
  activate (fixture, "win.go-to-step", "s", "forms");
  g_assert_cmpuint (mdg_visit_driver_fill_details (&fixture->driver), ==, 0);

  activate (fixture, "win.go-to-step", "s", "sign");
  g_assert_true (mdg_visit_driver_sign (&fixture->driver));
  stored = complete_and_reload (fixture);
  g_assert_cmpstr (fixture->completed_id, ==, case_id);
  g_assert_nonnull (mdg_case_get_detail (stored, "phone"));

  /* completed: not offered again, for the store holds no draft to offer */
  mdg_visit_driver_clear (&fixture->driver);
  close_window (fixture);
  g_assert_cmpint (count_audit ("SELECT count(*) FROM cases WHERE status = 'draft' "
                                "AND visit_json IS NOT NULL"), ==, 0);
  open_window (fixture);
  mdg_test_drain ();
  g_assert_false (sees_resume_offer (fixture));
}

/* Dark mode and large text (the accessibility setting's 1.5×): the visit's
 * pages draw without a warning and keep their rows; the screenshots are
 * looked at. */
static void
test_style_dark_large (Fixture       *fixture,
                       gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSettings *settings = gtk_settings_get_default ();
  int dpi;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_object_set (settings, "gtk-xft-dpi", 96 * 1024 * 3 / 2, NULL);
  mdg_test_drain ();
  g_assert_true (adw_style_manager_get_dark (style));

  identify (fixture, "クマモト");
  activate (fixture, "win.go-to-step", "s", "guidance");
  assert_sees (fixture, "転入届");
  screenshot (fixture, "dark-large-guidance");
  activate (fixture, "win.go-to-step", "s", "forms");
  screenshot (fixture, "dark-large-forms");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  mdg_test_drain ();
}

/* The Forms page's row of a detail box (data/forms/boxes.xml key). */
static GtkWidget *
find_detail_row (Fixture    *fixture,
                 const char *key)
{
  GtkWidget *group = mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->case_view), "details_group");
  GtkWidget *list = mdg_visit_driver_find_by_type (group, GTK_TYPE_LIST_BOX);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const MdgFormBox *box = g_object_get_data (G_OBJECT (row), "mdg-detail-box");

      if (box != NULL && g_object_get_data (G_OBJECT (row), "mdg-box-member") == NULL &&
          g_str_equal (mdg_form_box_get_key (box), key))
        return row;
    }

  g_error ("The Forms page has no row for %s", key);
}

typedef struct
{
  Fixture    *fixture;
  GtkWidget  *row;
  const char *key;
  const char *expected;
} Expect;

static gboolean
row_shows (gpointer data)
{
  Expect *e = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (e->row)), e->expected) == 0;
}

static gboolean
case_has (gpointer data)
{
  Expect *e = data;

  return g_strcmp0 (mdg_case_get_detail (mdg_case_view_get_case (e->fixture->case_view), e->key),
                    e->expected) == 0;
}

static gboolean
suggests (gpointer data)
{
  MdgSuggestPopover *popover = data;

  return mdg_suggest_popover_get_n_items (popover) > 0 && gtk_widget_get_visible (GTK_WIDGET (popover));
}

static void
type_and_apply (GtkWidget  *row,
                const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "entry-activated");
  mdg_test_drain ();
}

static void
assert_case_has (Fixture    *fixture,
                 const char *key,
                 const char *expected)
{
  Expect e = { fixture, NULL, key, expected };

  mdg_test_wait (case_has, &e);
}

/* At the Forms page of the family 転入: a postal code fills the address up
 * to the 町域 and offers its 丁目; banks and branches are picked by kana or
 * typed by code; a ゆうちょ 記号・番号, a phone number and a date in the era of
 * the visit are kept as the forms print them. */
static void
test_forms_postal_bank (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(MdgBoxAssist) probe = mdg_box_assist_new ();
  MdgSuggestPopover *popover;
  GtkWidget *row;
  Expect e = { fixture, NULL, NULL, NULL };
  int position;

  identify (fixture, "クマモト");
  activate (fixture, "win.next-step", NULL);
  mdg_visit_driver_interview (&fixture->driver, mdg_visit_driver_choose_first);
  activate (fixture, "win.go-to-step", "s", "forms");
  assert_step (fixture, "forms");
  /* the postal and bank data load on a worker thread */
  mdg_test_wait (mdg_box_assist_is_ready, probe);

  /* 〒862-0950: 熊本県熊本市中央区水前寺, then 三丁目 from the list, then 1-1 */
  row = find_detail_row (fixture, "address");
  popover = g_object_get_data (G_OBJECT (row), "mdg-suggest-popover");
  g_assert_nonnull (popover);
  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "862-0950");
  e.row = row;
  e.expected = "熊本県熊本市中央区水前寺";
  mdg_test_wait (row_shows, &e);
  mdg_test_wait (suggests, popover);
  g_assert_cmpuint (mdg_suggest_popover_get_n_items (popover), ==, 6);
  g_assert_cmpstr (mdg_suggest_popover_get_label (popover, 2), ==, "三丁目");
  mdg_suggest_popover_pick (popover, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "熊本県熊本市中央区水前寺三丁目");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  position = g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (row)), -1);
  gtk_editable_insert_text (GTK_EDITABLE (row), "1-1", -1, &position);
  g_signal_emit_by_name (row, "entry-activated");
  assert_case_has (fixture, "address", "熊本県熊本市中央区水前寺三丁目1-1");
  /* outside Kumamoto City there is no 丁目 list; a code and the rest at once */
  type_and_apply (find_detail_row (fixture, "previous_address"), "100-0001 1-1");
  assert_case_has (fixture, "previous_address", "東京都千代田区千代田1-1");

  /* 肥後銀行 by its kana in hiragana, picked from the list */
  row = find_detail_row (fixture, "bank_name");
  popover = g_object_get_data (G_OBJECT (row), "mdg-suggest-popover");
  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "ひご");
  mdg_test_wait (suggests, popover);
  g_assert_nonnull (strstr (mdg_suggest_popover_get_label (popover, 0), "0182"));
  mdg_suggest_popover_pick (popover, 0);
  assert_case_has (fixture, "bank_name", "肥後 (0182)");

  /* its 水前寺 branch, among that bank's branches only */
  row = find_detail_row (fixture, "bank_branch");
  popover = g_object_get_data (G_OBJECT (row), "mdg-suggest-popover");
  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "ｽｲｾﾞﾝｼﾞ");
  mdg_test_wait (suggests, popover);
  g_assert_cmpuint (mdg_suggest_popover_get_n_items (popover), ==, 1);
  mdg_suggest_popover_pick (popover, 0);
  assert_case_has (fixture, "bank_branch", "水前寺 (158)");

  /* bank and branch by their codes at once: みずほ 本店 */
  type_and_apply (find_detail_row (fixture, "bank_name"), "0001-100");
  assert_case_has (fixture, "bank_name", "みずほ (0001)");
  assert_case_has (fixture, "bank_branch", "本店 (100)");
  /* a code that names no bank is refused, and the row says so */
  row = find_detail_row (fixture, "bank_name");
  type_and_apply (row, "0003");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  assert_case_has (fixture, "bank_name", "みずほ (0001)");

  /* ゆうちょ: 記号 17020, 番号 12345671 → 店番 708, 口座番号 1234567 */
  type_and_apply (find_detail_row (fixture, "account_number"), "17020-12345671");
  assert_case_has (fixture, "account_number", "1234567");
  assert_case_has (fixture, "bank_name", "ゆうちょ (9900)");
  assert_case_has (fixture, "bank_branch", "七〇八 (708)");
  /* an account number is seven digits */
  row = find_detail_row (fixture, "account_number");
  type_and_apply (row, "123456");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  assert_case_has (fixture, "account_number", "1234567");

  /* a phone number typed as digits; a date in the era of the visit */
  type_and_apply (find_detail_row (fixture, "phone"), "0963282111");
  assert_case_has (fixture, "phone", "096-328-2111");
  type_and_apply (find_detail_row (fixture, "insurance_loss_date"), "8.1.10");
  assert_case_has (fixture, "insurance_loss_date", "2026-01-10");
}

/* Issue 16: what a Japanese counter types finds the demo household 肥後
 * (kana ヒゴ, 肥後 一郎 born 1950-03-10), whose birth dates the list shows
 * in 和暦; TRAN THI HOA's in 西暦, as her registry gives it. */
static void
test_identify_folded (Fixture       *fixture,
                      gconstpointer  data)
{
  static const struct {
    const char *query;
    gboolean    both;   /* both members of the household are found */
  } queries[] = {
    { "ひご", TRUE },
    { "ﾋｺﾞ", TRUE },
    { "S25.3.10", FALSE },
    { "3250310", FALSE },
  };
  GtkWidget *entry = mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->window), "search_entry");

  assert_step (fixture, "queue");
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      MdgCase *kase;

      activate (fixture, "win.walk-in", NULL);
      assert_step (fixture, "identify");
      gtk_editable_set_text (GTK_EDITABLE (entry), queries[i].query);
      g_signal_emit_by_name (entry, "search-changed");
      assert_sees (fixture, "肥後 一郎");
      assert_sees (fixture, "昭和25年3月10日");
      g_assert_cmpint (sees_printf (fixture, "%s", "肥後 花子"), ==, queries[i].both);
      g_assert_false (sees_printf (fixture, "%s", "熊本 太郎"));
      g_assert_false (sees_printf (fixture, "%s", "1950-03-10"));

      /* Enter opens the household found */
      g_signal_emit_by_name (entry, "activate");
      assert_step (fixture, "event");
      kase = mdg_case_view_get_case (fixture->case_view);
      g_assert_cmpuint (mdg_case_get_n_members (kase), ==, 2);
      g_assert_cmpstr (mdg_case_get_member (kase, 0)->name, ==, "肥後 一郎");
      activate (fixture, "win.go-to-step", "s", "queue");
    }

  /* not every query finds everyone */
  activate (fixture, "win.walk-in", NULL);
  assert_step (fixture, "identify");
  gtk_editable_set_text (GTK_EDITABLE (entry), "S25.3.11");
  g_signal_emit_by_name (entry, "search-changed");
  mdg_test_drain ();
  g_assert_false (sees_printf (fixture, "%s", "肥後 一郎"));

  /* a foreign resident's birth date in 西暦 (2002年4月18日 in Japanese) */
  gtk_editable_set_text (GTK_EDITABLE (entry), "tran");
  g_signal_emit_by_name (entry, "search-changed");
  assert_sees (fixture, "TRAN THI HOA");
  assert_sees (fixture, "2002-04-18");
  g_assert_false (sees_printf (fixture, "%s", "平成14年"));
  screenshot (fixture, "identify-folded");
  activate (fixture, "win.go-to-step", "s", "queue");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  g_autofree char *keyring_dir = NULL;
  g_autoptr(GSubprocess) keyring = NULL;
  int status;

  application = mdg_test_app_init (&argc, &argv, "mdg-test-app-XXXXXX", &home);

  g_test_add ("/mdg/app/visit/move-in", Fixture, NULL, fixture_setup, test_visit_move_in,
              fixture_teardown);
  g_test_add ("/mdg/app/visit/death", Fixture, NULL, fixture_setup, test_visit_death,
              fixture_teardown);
  g_test_add ("/mdg/app/visit/added-procedure", Fixture, NULL, fixture_setup, test_added_procedure,
              fixture_teardown);
  g_test_add ("/mdg/app/visit/blocked", Fixture, NULL, fixture_setup, test_blocked,
              fixture_teardown);
  g_test_add ("/mdg/app/identify/folded", Fixture, NULL, fixture_setup, test_identify_folded,
              fixture_teardown);
  g_test_add ("/mdg/app/visit/resume", Fixture, NULL, fixture_setup, test_visit_resume,
              fixture_teardown);
  g_test_add ("/mdg/app/forms/postal-bank", Fixture, NULL, fixture_setup, test_forms_postal_bank,
              fixture_teardown);
  g_test_add ("/mdg/app/ward/tickets", Fixture, NULL, fixture_setup, test_ward_tickets,
              fixture_teardown);
  g_test_add ("/mdg/app/preferences", Fixture, NULL, fixture_setup, test_preferences,
              fixture_teardown);
  g_test_add ("/mdg/app/staff/sign-in", Fixture, NULL, fixture_setup, test_staff_sign_in,
              fixture_teardown);
  g_test_add ("/mdg/app/style/dark-large", Fixture, NULL, fixture_setup, test_style_dark_large,
              fixture_teardown);

  /* the keyring of the private bus, for the clerks' passwords */
  keyring_dir = g_dir_make_tmp ("mdg-test-keyring-XXXXXX", NULL);
  g_assert_nonnull (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  keyring = mdg_test_start_keyring (keyring_dir);

  status = g_test_run ();
  g_object_unref (application);
  g_subprocess_force_exit (keyring);
  g_rmdir (home);

  return status;
}
