/* test-kiosk.c: the ticket kiosk (番号発券機)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real kiosk window under Xvfb (GDK_BACKEND=x11) on a real local store
 * and a real PostgreSQL on loopback, linked as in `madoguchi --kiosk`. The
 * resident's taps are the kiosk.issue and kiosk.restart actions; the tests
 * assert what the resident sees, what the ward database holds and what the
 * receipt says (exported to a PDF and read with Poppler). Then the ward
 * database goes away: the kiosk issues from the block it leased, and where
 * it has none it says so. With MDG_SCREENSHOTS=DIR the start, ticket and
 * failure screens and the 80 and 58 mm receipts are saved there
 * (data/screenshots).
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <locale.h>
#include <poppler.h>
#include <stdlib.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "mdg-application.h"
#include "mdg-bands.h"
#include "mdg-kiosk-purposes.h"
#include "mdg-kiosk-window.h"
#include "mdg-queue-source.h"
#include "mdg-test-app.h"
#include "mdg-test-tool.h"
#include "mdg-tool-postgres.h"
#include "mdg-visit-driver.h"

static MdgApplication *application;

typedef struct
{
  MdgToolPostgres *server;
  char            *conninfo;
  char            *store_path;
  char            *receipt_path;
  MdgWorkstation  *workstation;
  MdgStore        *store;
  MdgWardLink     *link;
  MdgQueueSource  *source;
  MdgKioskWindow  *window;
  GSettings       *settings;
  guint            receipts;
} Fixture;

static gboolean
is_online_and_loaded (gpointer data)
{
  Fixture *fixture = data;

  return mdg_queue_source_get_online (fixture->source) &&
         mdg_queue_source_get_loaded (fixture->source);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->conninfo = mdg_test_app_start_ward (&fixture->server);

  /* As `madoguchi --kiosk` does: the store, the link, today's queue. */
  fixture->store_path = g_build_filename (g_get_user_data_dir (), "kiosk.sqlite", NULL);
  fixture->workstation = mdg_test_app_open_workstation (fixture->store_path, fixture->conninfo);
  fixture->store = g_object_ref (mdg_workstation_get_store (fixture->workstation));
  fixture->link = g_object_ref (mdg_workstation_get_link (fixture->workstation));
  fixture->source = g_object_ref (mdg_workstation_get_queue_source (fixture->workstation));
  mdg_test_wait (is_online_and_loaded, fixture);

  fixture->settings = g_settings_new ("io.github.madoguchi.Madoguchi");
  fixture->receipt_path = g_build_filename (g_get_user_data_dir (), "receipt.pdf", NULL);
  fixture->window = g_object_new (MDG_TYPE_KIOSK_WINDOW,
                                  "application", application,
                                  "workstation", fixture->workstation,
                                  "fullscreen", FALSE,
                                  NULL);
  mdg_kiosk_window_set_receipt_export (fixture->window, fixture->receipt_path);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1366, 768);
  gtk_window_present (GTK_WINDOW (fixture->window));
  mdg_test_drain ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  MdgStore *store;

  g_clear_pointer ((GtkWindow **) &fixture->window, gtk_window_destroy);
  g_clear_object (&fixture->source);
  g_clear_object (&fixture->link);
  /* its link stops with it */
  g_clear_object (&fixture->workstation);
  /* the store closes once its last job let it go: then its file can go */
  store = fixture->store;
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_clear_object (&fixture->store);
  mdg_test_wait_finalized ((gpointer *) &store);
  g_settings_reset (fixture->settings, "kiosk-paper-width");
  g_settings_reset (fixture->settings, "kiosk-printer");
  g_clear_object (&fixture->settings);
  g_unlink (fixture->store_path);
  g_unlink (fixture->receipt_path);
  g_free (fixture->store_path);
  g_free (fixture->receipt_path);
  g_free (fixture->conninfo);
  g_clear_pointer (&fixture->server, mdg_tool_postgres_free);
}

/* Waits until @text is on the screen; fails showing what is. */
static void
assert_sees (Fixture    *fixture,
             const char *text)
{
  gint64 end = g_get_monotonic_time () + MDG_TEST_TIMEOUT_MS * G_GINT64_CONSTANT (1000);

  for (;;)
    {
      g_autofree char *visible = mdg_visit_driver_dup_visible_text (GTK_WIDGET (fixture->window));

      if (strstr (visible, text) != NULL)
        return;
      if (g_get_monotonic_time () >= end)
        g_error ("\"%s\" is not on the screen:\n%s", text, visible);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static const char *
band_name (int band)
{
  return mdg_bands_lookup (mdg_bands_get_default (NULL), band)->name;
}

static const char *
visible_page (Fixture *fixture)
{
  GtkStack *stack = GTK_STACK (mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->window),
                                                            "main_stack"));

  return gtk_stack_get_visible_child_name (stack);
}

static gboolean
not_issuing (gpointer data)
{
  return g_strcmp0 (visible_page (data), "issuing") != 0;
}

static gboolean
receipt_printed (gpointer data)
{
  Fixture *fixture = data;

  return mdg_kiosk_window_get_receipts (fixture->window) > fixture->receipts;
}

/* The resident taps the purpose: the page after the spinner. */
static const char *
tap (Fixture    *fixture,
     const char *purpose)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "kiosk.issue", "s",
                                             purpose));
  mdg_test_wait (not_issuing, fixture);
  return visible_page (fixture);
}

static void
back_to_start (Fixture *fixture)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "kiosk.restart",
                                             NULL));
  g_assert_cmpstr (visible_page (fixture), ==, "start");
}

static int
shown_number (Fixture *fixture)
{
  GtkLabel *label = GTK_LABEL (mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->window),
                                                            "number_label"));

  return atoi (gtk_label_get_label (label));
}

/* With MDG_SCREENSHOTS=DIR, the receipt as DIR/@name.png. */
static void
save_receipt_png (PopplerPage *page,
                  double       width,
                  const char  *name)
{
  const char *dir = g_getenv ("MDG_SCREENSHOTS");
  const double scale = 3;
  g_autofree char *path = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double height;

  if (dir == NULL || dir[0] == '\0' || name == NULL)
    return;

  poppler_page_get_size (page, NULL, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width * scale, height * scale);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* The receipt PDF: its text, and its page width in points. */
static char *
read_receipt (Fixture    *fixture,
              double     *width,
              const char *png_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (fixture->receipt_path, NULL, &error);
  g_autoptr(GObject) document = NULL;
  g_autoptr(GObject) page = NULL;
  char *text;

  g_assert_no_error (error);
  document = G_OBJECT (poppler_document_new_from_file (uri, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (POPPLER_DOCUMENT (document)), ==, 1);
  page = G_OBJECT (poppler_document_get_page (POPPLER_DOCUMENT (document), 0));
  poppler_page_get_size (POPPLER_PAGE (page), width, NULL);
  text = poppler_page_get_text (POPPLER_PAGE (page));
  save_receipt_png (POPPLER_PAGE (page), *width, png_name);
  return text;
}

/* @text without its white space: the roll breaks lines anywhere. */
static char *
squash (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static void
assert_receipt_says (const char *receipt,
                     const char *wanted)
{
  g_autofree char *squashed = squash (receipt);
  g_autofree char *squashed_wanted = squash (wanted);

  if (strstr (squashed, squashed_wanted) == NULL)
    g_error ("the receipt lacks \"%s\":\n%s", wanted, receipt);
}

/* @png_name (nullable): saved as a screenshot too */
static void
assert_receipt (Fixture    *fixture,
                int         number,
                int         band,
                int         width_mm,
                const char *png_name)
{
  g_autofree char *wanted = g_strdup_printf ("%d", number);
  g_autofree char *text = NULL;
  double width = 0;

  mdg_test_wait (receipt_printed, fixture);
  fixture->receipts = mdg_kiosk_window_get_receipts (fixture->window);

  text = read_receipt (fixture, &width, png_name);
  g_test_message ("receipt of %d:\n%s", number, text);
  g_assert_cmpfloat_with_epsilon (width, width_mm / 25.4 * 72, 0.5);
  assert_receipt_says (text, wanted);
  assert_receipt_says (text, band_name (band));
  assert_receipt_says (text, _("Please wait until your number is called"));
}

static gboolean
sees_print_failure (gpointer data)
{
  Fixture *fixture = data;
  g_autofree char *visible = mdg_visit_driver_dup_visible_text (GTK_WIDGET (fixture->window));

  return strstr (visible, _("The ticket could not be printed. Please note your number and "
                            "tell a member of staff.")) != NULL;
}

static gboolean
band_has_waiting (Fixture *fixture,
                  int      band,
                  guint    waiting)
{
  const MdgQueueBandState *state =
    mdg_queue_band_state (mdg_queue_source_get_bands (fixture->source), band);

  return state != NULL && state->waiting == waiting;
}

static gboolean
band_1_has_one (gpointer data)
{
  return band_has_waiting (data, 1, 1);
}

/* One waiting (1002) and an open counter (1 serves 1001): a wait to tell. */
static gboolean
band_1_can_tell (gpointer data)
{
  Fixture *fixture = data;
  const MdgQueueBandState *state =
    mdg_queue_band_state (mdg_queue_source_get_bands (fixture->source), 1);

  return state != NULL && state->waiting == 1 && state->estimate >= 60;
}

static gint64
count_leased (Fixture *fixture,
              int      band)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *today = mdg_store_dup_today ();

  mdg_store_count_leased_async (fixture->store, today, band, NULL, mdg_test_app_async_cb, &result);
  mdg_test_wait (mdg_test_app_has_result, &result);
  return mdg_store_count_leased_finish (fixture->store, result, NULL);
}

static gboolean
band_1_leased (gpointer data)
{
  return count_leased (data, 1) > 0;
}

static gboolean
is_offline (gpointer data)
{
  Fixture *fixture = data;

  return !mdg_queue_source_get_online (fixture->source);
}

static void
test_kiosk_online (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *state = NULL;
  g_autofree char *one_waiting = NULL;
  g_autofree char *estimate = NULL;
  const GPtrArray *purposes = mdg_kiosk_purposes_get_default (NULL);

  /* The start: every purpose, in Japanese and the four other languages. */
  g_assert_cmpstr (visible_page (fixture), ==, "start");
  assert_sees (fixture, _("Please Choose the Purpose of Your Visit"));
  for (guint i = 0; i < purposes->len; i++)
    {
      const MdgKioskPurpose *purpose = g_ptr_array_index (purposes, i);

      assert_sees (fixture, purpose->ja);
      assert_sees (fixture, purpose->vi);
    }
  mdg_visit_driver_screenshot (GTK_WIDGET (fixture->window), "kiosk-start");

  /* 転入: the first ticket of the day, band 1, nobody before it. */
  g_assert_cmpstr (tap (fixture, "move"), ==, "result");
  g_assert_cmpint (shown_number (fixture), ==, 1001);
  assert_sees (fixture, "1001");
  assert_sees (fixture, band_name (1));
  assert_sees (fixture, _("No one is waiting before you"));
  /* no counter has called today: nobody can tell the wait */
  assert_sees (fixture, _("Please ask a member of staff about the waiting time"));
  state = mdg_test_app_ward_value (fixture->conninfo, "SELECT band || ' ' || status FROM madoguchi.tickets "
                               "WHERE number = 1001");
  g_assert_cmpstr (state, ==, "1 waiting");
  g_clear_pointer (&state, g_free);
  assert_receipt (fixture, 1001, 1, 80, NULL);
  assert_sees (fixture, _("Please take your ticket."));

  /* A tap while the ticket shows issues nothing; the tap back does. (Had
   * it issued one, it would have taken 1002 before the おくやみ tap below,
   * which the ward serves after it on the same connection.) */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "kiosk.issue", "s", "move");
  mdg_test_drain ();
  g_assert_cmpstr (visible_page (fixture), ==, "result");
  g_assert_cmpint (shown_number (fixture), ==, 1001);
  back_to_start (fixture);

  /* おくやみ, band 1 again: one before it, counted before this ticket. */
  mdg_test_wait (band_1_has_one, fixture);
  g_assert_cmpstr (tap (fixture, "bereavement"), ==, "result");
  g_assert_cmpint (shown_number (fixture), ==, 1002);
  one_waiting = g_strdup_printf (ngettext ("%u person is waiting before you",
                                           "%u people are waiting before you", 1), 1);
  assert_sees (fixture, one_waiting);
  assert_receipt (fixture, 1002, 1, 80, NULL);
  back_to_start (fixture);

  /* Counter 1 calls 1001: a counter is open, the wait can be told. */
  {
    g_autofree char *counter = g_build_filename (g_get_user_data_dir (), "counter.sqlite", NULL);
    g_autofree char *out = NULL;

    g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "call-next", "--store", counter,
                                        "--counter", "1", "--bands", "1", "--conninfo",
                                        fixture->conninfo, NULL), ==, 0);
    g_assert_cmpint (atoi (out), ==, 1001);
    g_unlink (counter);
  }
  mdg_test_wait (band_1_can_tell, fixture);
  {
    const MdgQueueBandState *band_state =
      mdg_queue_band_state (mdg_queue_source_get_bands (fixture->source), 1);
    int minutes = (int) ((band_state->estimate + 59) / 60);

    estimate = g_strdup_printf (ngettext ("Estimated wait: about %d minute",
                                          "Estimated wait: about %d minutes", minutes), minutes);
  }
  g_assert_cmpstr (tap (fixture, "family"), ==, "result");
  g_assert_cmpint (shown_number (fixture), ==, 1003);
  assert_sees (fixture, one_waiting);
  assert_sees (fixture, estimate);
  assert_receipt (fixture, 1003, 1, 80, "kiosk-receipt-80mm");
  mdg_visit_driver_screenshot (GTK_WIDGET (fixture->window), "kiosk-ticket");
  back_to_start (fixture);

  /* 証明書, band 3, on a 58 mm roll. */
  g_settings_set_int (fixture->settings, "kiosk-paper-width", 58);
  g_assert_cmpstr (tap (fixture, "certificate"), ==, "result");
  g_assert_cmpint (shown_number (fixture), ==, 3001);
  assert_sees (fixture, band_name (3));
  state = mdg_test_app_ward_value (fixture->conninfo, "SELECT band FROM madoguchi.tickets WHERE number = 3001");
  g_assert_cmpstr (state, ==, "3");
  assert_receipt (fixture, 3001, 3, 58, "kiosk-receipt-58mm");

  /* An unknown purpose is no ticket. */
  back_to_start (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "kiosk.issue", "s",
                                             "parking"));
  g_assert_cmpstr (visible_page (fixture), ==, "start");

  /* No printer set: the screen asks to note the number. */
  mdg_kiosk_window_set_receipt_export (fixture->window, NULL);
  g_assert_cmpstr (tap (fixture, "welfare"), ==, "result");
  g_assert_cmpint (shown_number (fixture), ==, 4001);
  assert_sees (fixture, _("This kiosk does not print tickets. Please note your number."));
  back_to_start (fixture);

  /* A printer the print system does not know: said on the screen, in time. */
  g_settings_set_string (fixture->settings, "kiosk-printer", "No Such Printer");
  g_assert_cmpstr (tap (fixture, "welfare"), ==, "result");
  g_assert_cmpint (shown_number (fixture), ==, 4002);
  mdg_test_wait (sees_print_failure, fixture);
  g_assert_cmpstr (visible_page (fixture), ==, "result");
  g_assert_cmpuint (mdg_kiosk_window_get_receipts (fixture->window), ==, fixture->receipts);

  /* Nobody closes the kiosk: neither gtk_window_close() nor window.close. */
  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "window.close", NULL));
  mdg_visit_driver_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
}

static void
test_kiosk_offline (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int number;

  /* Online first: the issue leases a block of band 1 for an outage. */
  g_assert_cmpstr (tap (fixture, "move"), ==, "result");
  g_assert_cmpint (shown_number (fixture), ==, 1001);
  mdg_test_wait (band_1_leased, fixture);
  g_assert_cmpint (count_leased (fixture, 2), ==, 0);
  back_to_start (fixture);

  /* The ward database goes away. */
  g_assert_true (mdg_tool_postgres_stop (fixture->server, &error));
  g_assert_no_error (error);
  mdg_test_wait (is_offline, fixture);

  /* 出生: band 1 from the lease, the same screen and receipt. */
  g_assert_cmpstr (tap (fixture, "family"), ==, "result");
  number = shown_number (fixture);
  g_assert_cmpint (mdg_bands_band_of_number (mdg_bands_get_default (NULL), number), ==, 1);
  g_assert_cmpint (number, >, 1001);
  assert_sees (fixture, band_name (1));
  assert_receipt (fixture, number, 1, 80, NULL);
  back_to_start (fixture);

  /* 転出: band 2 was never leased: no number, said plainly. */
  g_assert_cmpstr (tap (fixture, "move-out"), ==, "failed");
  assert_sees (fixture, _("A ticket cannot be issued. Please ask a member of staff."));
  mdg_visit_driver_screenshot (GTK_WIDGET (fixture->window), "kiosk-failed");
  g_assert_false (receipt_printed (fixture));
  back_to_start (fixture);

  /* and the kiosk goes on */
  g_assert_cmpstr (tap (fixture, "bereavement"), ==, "result");
  g_assert_cmpint (shown_number (fixture), >, number);

  /* Back online: the offline tickets reach the ward. */
  g_assert_true (mdg_tool_postgres_restart (fixture->server, &error));
  g_assert_no_error (error);
  mdg_test_wait (is_online_and_loaded, fixture);
  {
    gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (TRUE)
      {
        g_autofree char *count = mdg_test_app_ward_value (fixture->conninfo, "SELECT count(*) FROM madoguchi.tickets "
                                                      "WHERE band = 1");

        if (g_str_equal (count, "3"))
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        mdg_visit_driver_spin (100);
      }
  }
}

/* Locked screens ------------------------------------------------------------ */

/* The viewable top-level windows on the display, and among them the first
 * of process @pid (_NET_WM_PID, which GTK sets). */
static guint
count_windows (Display *display,
               GPid     pid,
               Window  *window_of_pid)
{
  Atom pid_atom = XInternAtom (display, "_NET_WM_PID", False);
  Window root_return, parent_return;
  Window *children = NULL;
  unsigned int n_children = 0;
  guint count = 0;

  *window_of_pid = None;
  XQueryTree (display, DefaultRootWindow (display), &root_return, &parent_return, &children,
              &n_children);
  for (unsigned int i = 0; i < n_children; i++)
    {
      XWindowAttributes attributes;
      Atom type;
      int format;
      unsigned long n_items, after;
      unsigned char *data = NULL;

      if (!XGetWindowAttributes (display, children[i], &attributes) ||
          attributes.map_state != IsViewable || attributes.override_redirect)
        continue;
      count++;
      if (XGetWindowProperty (display, children[i], pid_atom, 0, 1, False, XA_CARDINAL, &type,
                              &format, &n_items, &after, &data) == Success &&
          data != NULL && n_items == 1 && *(unsigned long *) (gpointer) data == (unsigned long) pid &&
          *window_of_pid == None)
        *window_of_pid = children[i];
      if (data != NULL)
        XFree (data);
    }
  if (children != NULL)
    XFree (children);

  return count;
}

/* Types @keysym with @modifiers (keysyms of modifier keys, None-ended) as a
 * keyboard would: real key events through the X server (XTest). */
static void
type_keys (Display      *display,
           const KeySym *modifiers,
           KeySym        keysym)
{
  for (guint i = 0; modifiers[i] != NoSymbol; i++)
    XTestFakeKeyEvent (display, XKeysymToKeycode (display, modifiers[i]), True, CurrentTime);
  XTestFakeKeyEvent (display, XKeysymToKeycode (display, keysym), True, CurrentTime);
  XTestFakeKeyEvent (display, XKeysymToKeycode (display, keysym), False, CurrentTime);
  for (guint i = 0; modifiers[i] != NoSymbol; i++)
    XTestFakeKeyEvent (display, XKeysymToKeycode (display, modifiers[i]), False, CurrentTime);
  XSync (display, False);
}

/* `madoguchi --kiosk` and `--display` as they run in public: Ctrl+Q, Ctrl+W,
 * F1 and Ctrl+? typed on their keyboard leave exactly one window and the
 * application running. A quit, a close or a help window would show within
 * the time watched, as each does on a counter. */
static void
test_locked_screens (void)
{
  static const char * const modes[] = { "--kiosk", "--display" };
  static const KeySym control[] = { XK_Control_L, NoSymbol };
  static const KeySym control_shift[] = { XK_Control_L, XK_Shift_L, NoSymbol };
  static const KeySym plain[] = { NoSymbol };
  static const struct {
    const KeySym *modifiers;
    KeySym        keysym;
  } keys[] = {
    { control, XK_q }, { control, XK_w }, { plain, XK_F1 }, { control_shift, XK_question },
    { control_shift, XK_slash }, { control, XK_comma },
  };
  Display *display = XOpenDisplay (NULL);
  int event_base, error_base, major, minor;

  g_assert_nonnull (display);
  g_assert_true (XTestQueryExtension (display, &event_base, &error_base, &major, &minor));

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                                         g_getenv ("MDG_APP"), modes[m], NULL);
      GPid pid;
      Window window = None;
      gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      guint before;

      g_assert_no_error (error);
      pid = atoi (g_subprocess_get_identifier (process));

      /* its window, shown */
      while ((before = count_windows (display, pid, &window)), window == None)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, end);
          g_assert_nonnull (g_subprocess_get_identifier (process));
          mdg_visit_driver_spin (100);
        }
      g_assert_cmpuint (before, ==, 1);

      /* Without a window manager the keyboard follows the pointer: over
       * the window, and the window focused. */
      XWarpPointer (display, None, window, 0, 0, 0, 0, 20, 20);
      XSetInputFocus (display, window, RevertToPointerRoot, CurrentTime);
      XSync (display, False);
      mdg_visit_driver_spin (300);

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          gint64 watched = g_get_monotonic_time () + 1500 * G_USEC_PER_SEC / 1000;
          Window still = None;

          type_keys (display, keys[k].modifiers, keys[k].keysym);
          while (g_get_monotonic_time () < watched)
            {
              mdg_visit_driver_spin (100);
              if (g_subprocess_get_identifier (process) == NULL)
                g_error ("madoguchi %s quit on key %u", modes[m], k);
              if (count_windows (display, pid, &still) != 1 || still != window)
                g_error ("madoguchi %s opened or closed a window on key %u", modes[m], k);
            }
        }

      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
    }

  XCloseDisplay (display);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  application = mdg_test_app_init (&argc, &argv, "mdg-test-kiosk-XXXXXX", &home);

  g_test_add_func ("/mdg/app/kiosk/locked", test_locked_screens);
  g_test_add ("/mdg/app/kiosk/online", Fixture, NULL, fixture_setup, test_kiosk_online,
              fixture_teardown);
  g_test_add ("/mdg/app/kiosk/offline", Fixture, NULL, fixture_setup, test_kiosk_offline,
              fixture_teardown);

  status = g_test_run ();
  g_object_unref (application);
  g_rmdir (home);

  return status;
}
