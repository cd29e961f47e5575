/* mdg-kiosk-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A touch screen by the entrance: the resident taps the purpose of the
 * visit (data/queue/kiosk.json, Japanese with English, Chinese, Korean
 * and Vietnamese), the kiosk issues a ticket of the purpose's band
 * (mdg-ward-issue.h: online while the ward link is up, else from this
 * kiosk's leased numbers), shows the number with the band's queue as it
 * was before the ticket, prints the receipt on the roll printer of the
 * kiosk-printer setting, and goes back to the start by itself.
 */

#define G_LOG_DOMAIN "mdg-kiosk-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-bands.h"
#include "mdg-kiosk-purposes.h"
#include "mdg-kiosk-window.h"
#include "mdg-ward-issue.h"

/* Back to the start after a ticket, or after a failure. */
#define RESULT_SECONDS  15
#define FAILURE_SECONDS 10
/* A receipt printer answers in a second or two; GTK waits for ever for a
 * printer it cannot find (a wrong name, no CUPS). */
#define PRINT_TIMEOUT_SECONDS 8
#define PURPOSE_COLUMNS 2
/* The receipt: the roll's width (58 or 80 mm) by this length. */
#define RECEIPT_LENGTH_58_MM 100.0
#define RECEIPT_LENGTH_80_MM 100.0
#define RECEIPT_FONT "Noto Sans CJK JP, Sans"

struct _MdgKioskWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  GtkStack             *main_stack;
  GtkLabel             *prompt_label;
  GtkGrid              *purposes_grid;
  GtkSpinner           *spinner;
  GtkLabel             *number_label;
  GtkLabel             *band_label;
  GtkLabel             *waiting_label;
  GtkLabel             *estimate_label;
  GtkLabel             *print_label;

  /* owned */
  MdgWorkstation       *workstation;
  MdgQueueSource       *source;            /* the workstation's */
  GCancellable         *cancellable;
  MdgWardConnection    *issue_connection;  /* the issue's, for its follow-up */
  char                 *export_path;
  guint                 restart_id;

  /* the ticket being issued or shown: its band's queue before it */
  int                   band;
  guint                 waiting_before;
  gint64                estimate;
  guint                 serial;            /* one per ticket: stale prints are ignored */
  guint                 receipts;
  gboolean              fullscreen;
  gboolean              issuing;
};

G_DEFINE_FINAL_TYPE (MdgKioskWindow, mdg_kiosk_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSTATION,
  PROP_FULLSCREEN,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* What the receipt says, copied for the print operation. */
typedef struct
{
  char   *office;
  char   *number;
  char   *band;
  char   *waiting;
  char   *estimate;
  char   *issued;
  double  width_mm;
} Receipt;

static void
receipt_free (gpointer data,
              GClosure *closure)
{
  Receipt *receipt = data;

  g_free (receipt->office);
  g_free (receipt->number);
  g_free (receipt->band);
  g_free (receipt->waiting);
  g_free (receipt->estimate);
  g_free (receipt->issued);
  g_free (receipt);
}

static char *
dup_waiting_text (guint waiting)
{
  if (waiting == 0)
    /* Translators: on the kiosk's ticket screen and receipt */
    return g_strdup (_("No one is waiting before you"));

  /* Translators: on the kiosk's ticket screen and receipt: the tickets of
   * the same band that wait before this one */
  return g_strdup_printf (ngettext ("%u person is waiting before you",
                                    "%u people are waiting before you", waiting), waiting);
}

static char *
dup_estimate_text (gint64 estimate)
{
  int minutes;

  if (estimate < 0)
    /* Translators: on the kiosk: no open counter serves the band now */
    return g_strdup (_("Please ask a member of staff about the waiting time"));
  if (estimate < 60)
    /* Translators: on the kiosk's ticket screen and receipt */
    return g_strdup (_("Estimated wait: less than a minute"));

  minutes = (int) ((estimate + 59) / 60);
  /* Translators: on the kiosk's ticket screen and receipt */
  return g_strdup_printf (ngettext ("Estimated wait: about %d minute",
                                    "Estimated wait: about %d minutes", minutes), minutes);
}

/* HH:MM of the ticket's issue, in Japanese time whatever the kiosk's zone. */
static char *
dup_issued_time (const MdgTicket *ticket)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) issued = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (tz == NULL)
    tz = g_time_zone_new_offset (9 * 60 * 60);
  if (ticket->issued_at != NULL)
    issued = g_date_time_new_from_iso8601 (ticket->issued_at, tz);
  local = issued != NULL ? g_date_time_to_timezone (issued, tz) : g_date_time_new_now (tz);

  return g_date_time_format (local, "%H:%M");
}

static const char *
band_name (int band)
{
  const GPtrArray *bands = mdg_bands_get_default (NULL);
  const MdgBand *b = bands != NULL ? mdg_bands_lookup (bands, band) : NULL;

  return b != NULL ? b->name : "";
}

/* Printing ----------------------------------------------------------------- */

/* Draws @text centred across @width from (@x, @y); returns the y under it.
 * A short line (@shrink) is made up to a third smaller to stay on one line
 * of the narrow roll; what still does not fit wraps. */
static double
draw_text (GtkPrintContext *context,
           cairo_t         *cr,
           const char      *text,
           double           size,
           PangoWeight      weight,
           gboolean         shrink,
           double           x,
           double           y,
           double           width)
{
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (RECEIPT_FONT);
  double scale = 1.0;
  int text_height;

  pango_font_description_set_weight (font, weight);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, text, -1);
  do
    {
      pango_font_description_set_absolute_size (font, size * scale * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
      scale -= 0.05;
    }
  while (shrink && scale > 0.66 && pango_layout_get_line_count (layout) > 1);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &text_height);

  return y + (double) text_height / PANGO_SCALE;
}

static void
draw_rule (cairo_t *cr,
           double   x,
           double   y,
           double   width,
           double   mm)
{
  cairo_set_line_width (cr, 0.3 * mm);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + width, y);
  cairo_stroke (cr);
}

static void
draw_receipt_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 Receipt           *receipt)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  /* the context's units per millimetre (points in a PDF, dots on a printer) */
  double mm = gtk_print_context_get_width (context) / receipt->width_mm;
  double margin = (receipt->width_mm < 70 ? 3 : 4) * mm;
  double x = margin;
  double width = gtk_print_context_get_width (context) - 2 * margin;
  double y = margin;
  /* four digits across most of the roll */
  double number_size = MIN (width * 0.34, 26 * mm);

  cairo_set_source_rgb (cr, 0, 0, 0);

  y = draw_text (context, cr, receipt->office, 3.8 * mm, PANGO_WEIGHT_BOLD, TRUE, x, y, width);
  y += 2 * mm;
  draw_rule (cr, x, y, width, mm);
  y += 2 * mm;
  y = draw_text (context, cr, receipt->number, number_size, PANGO_WEIGHT_HEAVY, FALSE, x, y,
                 width);
  y += 1 * mm;
  y = draw_text (context, cr, receipt->band, 4.2 * mm, PANGO_WEIGHT_BOLD, FALSE, x, y, width);
  y += 3 * mm;
  y = draw_text (context, cr, receipt->waiting, 3.6 * mm, PANGO_WEIGHT_NORMAL, TRUE, x, y,
                 width);
  y += 1 * mm;
  y = draw_text (context, cr, receipt->estimate, 3.6 * mm, PANGO_WEIGHT_NORMAL, TRUE, x, y,
                 width);
  y += 1 * mm;
  y = draw_text (context, cr, receipt->issued, 3.2 * mm, PANGO_WEIGHT_NORMAL, TRUE, x, y, width);
  y += 2 * mm;
  draw_rule (cr, x, y, width, mm);
  y += 2 * mm;
  /* Translators: printed at the foot of the kiosk's receipt */
  draw_text (context, cr, _("Please wait until your number is called"), 3.6 * mm,
             PANGO_WEIGHT_BOLD, TRUE, x, y, width);
}

static void
set_print_status (MdgKioskWindow *self,
                  const char     *text)
{
  gtk_label_set_label (self->print_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->print_label), text != NULL);
}

static void schedule_restart (MdgKioskWindow *self,
                              guint           seconds);

static void
print_failed (MdgKioskWindow *self)
{
  set_print_status (self, _("The ticket could not be printed. Please note your number and "
                            "tell a member of staff."));
  /* time to note the number down */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "result") == 0)
    schedule_restart (self, RESULT_SECONDS);
}

typedef struct
{
  GWeakRef           self;
  GtkPrintOperation *operation;
} PrintWatch;

static void
print_watch_free (gpointer data)
{
  PrintWatch *watch = data;

  g_weak_ref_clear (&watch->self);
  g_object_unref (watch->operation);
  g_free (watch);
}

static gboolean
print_timeout_cb (gpointer data)
{
  PrintWatch *watch = data;
  g_autoptr(MdgKioskWindow) self = g_weak_ref_get (&watch->self);
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (watch->operation),
                                                      "mdg-serial"));

  if (gtk_print_operation_is_finished (watch->operation))
    return G_SOURCE_REMOVE;

  g_debug ("The printer did not take the receipt in %d s", PRINT_TIMEOUT_SECONDS);
  gtk_print_operation_cancel (watch->operation);
  if (self != NULL && serial == self->serial)
    print_failed (self);
  return G_SOURCE_REMOVE;
}

static void
on_print_done_cb (MdgKioskWindow          *self,
                  GtkPrintOperationResult  result,
                  GtkPrintOperation       *operation)
{
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (operation), "mdg-serial"));
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      g_debug ("The receipt was not printed: %s", error != NULL ? error->message : "no error");
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      self->receipts++;
      g_debug ("Receipt %u printed", self->receipts);
    }

  /* A later ticket is on the screen now. */
  if (serial != self->serial)
    return;
  if (result != GTK_PRINT_OPERATION_RESULT_APPLY)
    print_failed (self);
}

static void
print_receipt (MdgKioskWindow  *self,
               const MdgTicket *ticket)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPrintSettings) print_settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printer = NULL;
  g_autofree char *office = NULL;
  g_autofree char *paper_name = NULL;
  GSettings *settings = mdg_workstation_get_settings (self->workstation);
  GtkPrintOperationResult result;
  GtkPaperSize *paper;
  Receipt *receipt;
  int width_mm = 80;

  /* Read for each ticket: a change in the preferences holds at once. */
  if (settings != NULL)
    {
      printer = g_settings_get_string (settings, "kiosk-printer");
      office = g_settings_get_string (settings, "kiosk-office-name");
      width_mm = g_settings_get_int (settings, "kiosk-paper-width") == 58 ? 58 : 80;
    }

  if (self->export_path == NULL && (printer == NULL || printer[0] == '\0'))
    {
      set_print_status (self, _("This kiosk does not print tickets. Please note your number."));
      return;
    }

  receipt = g_new0 (Receipt, 1);
  /* Translators: the heading of the kiosk's receipt when no office name is set */
  receipt->office = office != NULL && office[0] != '\0' ? g_steal_pointer (&office)
                                                        : g_strdup (_("Ward Office"));
  receipt->number = g_strdup_printf ("%d", ticket->number);
  receipt->band = g_strdup (band_name (ticket->band));
  receipt->waiting = dup_waiting_text (self->waiting_before);
  receipt->estimate = dup_estimate_text (self->estimate);
  {
    g_autofree char *time = dup_issued_time (ticket);

    /* Translators: on the kiosk's receipt; %s is the time, 14:05 */
    receipt->issued = g_strdup_printf (_("Issued at %s"), time);
  }
  receipt->width_mm = width_mm;

  paper_name = g_strdup_printf ("mdg-receipt-%dmm", width_mm);
  paper = gtk_paper_size_new_custom (paper_name, paper_name, width_mm,
                                     width_mm == 58 ? RECEIPT_LENGTH_58_MM : RECEIPT_LENGTH_80_MM,
                                     GTK_UNIT_MM);
  setup = gtk_page_setup_new ();
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_paper_size_free (paper);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_MM);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_show_progress (operation, FALSE);
  {
    g_autofree char *job = g_strdup_printf ("Ticket %d", ticket->number);

    gtk_print_operation_set_job_name (operation, job);
  }
  g_object_set_data (G_OBJECT (operation), "mdg-serial", GUINT_TO_POINTER (self->serial));
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_receipt_cb), receipt,
                         receipt_free, 0);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_print_done_cb), self,
                           G_CONNECT_SWAPPED);

  set_print_status (self, _("Please take your ticket."));

  if (self->export_path != NULL)
    {
      /* One page, drawn by GTK in this call. */
      gtk_print_operation_set_export_filename (operation, self->export_path);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                        GTK_WINDOW (self), &error);
    }
  else
    {
      /* Silent: straight to the kiosk's printer, no dialog. */
      print_settings = gtk_print_settings_new ();
      gtk_print_settings_set_printer (print_settings, printer);
      gtk_print_operation_set_print_settings (operation, print_settings);
      gtk_print_operation_set_allow_async (operation, TRUE);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT,
                                        GTK_WINDOW (self), &error);
    }

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_debug ("The receipt of ticket %d was not printed: %s", ticket->number,
               error != NULL ? error->message : "no error");
      print_failed (self);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    {
      PrintWatch *watch = g_new0 (PrintWatch, 1);

      g_weak_ref_init (&watch->self, self);
      watch->operation = g_object_ref (operation);
      g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, PRINT_TIMEOUT_SECONDS, print_timeout_cb,
                                  watch, print_watch_free);
    }
}

/* Pages ---------------------------------------------------------------------- */

static void
set_issue_enabled (MdgKioskWindow *self,
                   gboolean        enabled)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.issue", enabled);
}

static void
show_start (MdgKioskWindow *self)
{
  g_clear_handle_id (&self->restart_id, g_source_remove);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->main_stack, "start");
  set_issue_enabled (self, !self->issuing);
}

static gboolean
restart_cb (gpointer user_data)
{
  MdgKioskWindow *self = user_data;

  self->restart_id = 0;
  show_start (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_restart (MdgKioskWindow *self,
                  guint           seconds)
{
  g_clear_handle_id (&self->restart_id, g_source_remove);
  self->restart_id = g_timeout_add_seconds (seconds, restart_cb, self);
}

static void
show_ticket (MdgKioskWindow  *self,
             const MdgTicket *ticket)
{
  g_autofree char *number = g_strdup_printf ("%d", ticket->number);
  g_autofree char *waiting = dup_waiting_text (self->waiting_before);
  g_autofree char *estimate = dup_estimate_text (self->estimate);
  g_autofree char *accessible = NULL;

  gtk_label_set_label (self->number_label, number);
  /* Translators: what a screen reader says for the number on the kiosk */
  accessible = g_strdup_printf (_("Your number is %d"), ticket->number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->number_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_label_set_label (self->band_label, band_name (ticket->band));
  gtk_label_set_label (self->waiting_label, waiting);
  gtk_label_set_label (self->estimate_label, estimate);
  set_print_status (self, NULL);

  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->main_stack, "result");
  schedule_restart (self, RESULT_SECONDS);
}

static void
followed_up_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  mdg_ward_issue_follow_up_finish (result, NULL);
}

static void
issued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MdgKioskWindow) self = user_data;
  g_autoptr(MdgWardConnection) connection = g_steal_pointer (&self->issue_connection);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgTicket) ticket = NULL;
  gboolean offline = FALSE;

  ticket = mdg_ward_issue_finish (result, &offline, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->issuing = FALSE;
  self->serial++;

  if (ticket == NULL)
    {
      g_debug ("No ticket of band %d could be issued (%s %d)", self->band,
               g_quark_to_string (error->domain), error->code);
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->main_stack, "failed");
      schedule_restart (self, FAILURE_SECONDS);
      return;
    }

  g_debug ("Ticket %d issued (%s)", ticket->number, offline ? "leased" : "online");
  show_ticket (self, ticket);
  print_receipt (self, ticket);
  mdg_queue_source_refresh (self->source);

  /* Keep a lease for the next outage; the link pushes and pulls itself. */
  if (!offline && connection != NULL)
    mdg_ward_issue_follow_up_async (connection, mdg_queue_source_get_store (self->source),
                                    ticket, FALSE, self->cancellable, followed_up_cb, NULL);
}

/* Actions -------------------------------------------------------------------- */

static void
issue_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  MdgKioskWindow *self = MDG_KIOSK_WINDOW (widget);
  const GPtrArray *purposes = mdg_kiosk_purposes_get_default (NULL);
  const char *id = g_variant_get_string (param, NULL);
  const MdgKioskPurpose *purpose = purposes != NULL ? mdg_kiosk_purposes_lookup (purposes, id)
                                                    : NULL;
  const MdgQueueBandState *state;
  MdgWardConnection *connection;
  MdgWardLink *link;

  if (purpose == NULL || self->issuing)
    {
      g_debug ("Issue of \"%s\" ignored", id);
      return;
    }

  /* The queue a resident joins: as it is before this ticket. */
  state = mdg_queue_band_state (mdg_queue_source_get_bands (self->source), purpose->band);
  self->band = purpose->band;
  self->waiting_before = state != NULL ? state->waiting : 0;
  self->estimate = state != NULL ? state->estimate : -1;

  self->issuing = TRUE;
  set_issue_enabled (self, FALSE);
  g_clear_handle_id (&self->restart_id, g_source_remove);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->main_stack, "issuing");

  link = mdg_queue_source_get_link (self->source);
  connection = link != NULL ? mdg_ward_link_get_connection (link) : NULL;
  g_clear_object (&self->issue_connection);
  self->issue_connection = connection != NULL ? g_object_ref (connection) : NULL;
  g_debug ("Issuing a ticket of band %d (%s)", purpose->band,
           self->issue_connection != NULL ? "online" : "offline");
  mdg_ward_issue_async (self->issue_connection, mdg_queue_source_get_store (self->source),
                        purpose->band, self->cancellable, issued_cb, g_object_ref (self));
}

static void
restart_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  show_start (MDG_KIOSK_WINDOW (widget));
}

/* The purpose buttons ---------------------------------------------------- */

static GtkWidget *
make_purpose_button (const MdgKioskPurpose *purpose)
{
  /* two languages a line, so that a line breaks between them */
  g_autofree char *others = g_strdup_printf ("%s  ·  %s\n%s  ·  %s",
                                             purpose->en, purpose->zh, purpose->ko, purpose->vi);
  g_autofree char *accessible = g_strdup_printf ("%s, %s, %s, %s, %s", purpose->ja, purpose->en,
                                                 purpose->zh, purpose->ko, purpose->vi);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *label;

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

  label = gtk_label_new (purpose->ja);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "kiosk-purpose-label");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (others);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "kiosk-purpose-languages");
  gtk_box_append (GTK_BOX (box), label);

  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "kiosk-purpose");
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_vexpand (button, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "kiosk.issue");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", purpose->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return button;
}

static void
add_purposes (MdgKioskWindow *self)
{
  g_autoptr(GError) error = NULL;
  const GPtrArray *purposes = mdg_kiosk_purposes_get_default (&error);

  /* The data is compiled in and tested: only a broken build lacks it. */
  if (purposes == NULL)
    {
      g_warning ("The kiosk's purposes cannot be read: %s", error->message);
      return;
    }

  for (guint i = 0; i < purposes->len; i++)
    gtk_grid_attach (self->purposes_grid,
                     make_purpose_button (g_ptr_array_index (purposes, i)),
                     i % PURPOSE_COLUMNS, i / PURPOSE_COLUMNS, 1, 1);
}

/* GObject ------------------------------------------------------------------ */

static void
mdg_kiosk_window_constructed (GObject *object)
{
  MdgKioskWindow *self = (MdgKioskWindow *)object;

  G_OBJECT_CLASS (mdg_kiosk_window_parent_class)->constructed (object);

  g_assert (MDG_IS_WORKSTATION (self->workstation));

  /* the tickets only: the kiosk reads no resident */
  self->source = g_object_ref (mdg_workstation_get_queue_source (self->workstation));

  add_purposes (self);
  if (self->fullscreen)
    gtk_window_fullscreen (GTK_WINDOW (self));
}

static void
mdg_kiosk_window_dispose (GObject *object)
{
  MdgKioskWindow *self = (MdgKioskWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->restart_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_KIOSK_WINDOW);
  g_clear_object (&self->issue_connection);
  g_clear_object (&self->source);
  g_clear_object (&self->workstation);

  G_OBJECT_CLASS (mdg_kiosk_window_parent_class)->dispose (object);
}

static void
mdg_kiosk_window_finalize (GObject *object)
{
  MdgKioskWindow *self = (MdgKioskWindow *)object;

  g_clear_object (&self->cancellable);
  g_free (self->export_path);

  G_OBJECT_CLASS (mdg_kiosk_window_parent_class)->finalize (object);
}

static void
mdg_kiosk_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MdgKioskWindow *self = MDG_KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSTATION:
      g_value_set_object (value, self->workstation);
      break;

    case PROP_FULLSCREEN:
      g_value_set_boolean (value, self->fullscreen);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_kiosk_window_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MdgKioskWindow *self = MDG_KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSTATION:
      self->workstation = g_value_dup_object (value);
      break;

    case PROP_FULLSCREEN:
      self->fullscreen = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* At the entrance, nobody may close it (Ctrl+W, window.close): the kiosk
 * runs until its session ends. */
static gboolean
mdg_kiosk_window_close_request (GtkWindow *window)
{
  g_assert (MDG_IS_KIOSK_WINDOW (window));

  g_debug ("Closing the kiosk refused");
  return TRUE;
}

static void
mdg_kiosk_window_class_init (MdgKioskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mdg_kiosk_window_constructed;
  object_class->dispose = mdg_kiosk_window_dispose;
  object_class->finalize = mdg_kiosk_window_finalize;
  object_class->get_property = mdg_kiosk_window_get_property;
  object_class->set_property = mdg_kiosk_window_set_property;
  window_class->close_request = mdg_kiosk_window_close_request;

  /* the workstation's queue, store, link and settings; its store is open */
  properties [PROP_WORKSTATION] =
    g_param_spec_object ("workstation", NULL, NULL, MDG_TYPE_WORKSTATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* FALSE: a plain window (the tests) */
  properties [PROP_FULLSCREEN] =
    g_param_spec_boolean ("fullscreen", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/madoguchi/Madoguchi/ui/"
                                               "mdg-kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgKioskWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MdgKioskWindow, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, MdgKioskWindow, purposes_grid);
  gtk_widget_class_bind_template_child (widget_class, MdgKioskWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, MdgKioskWindow, number_label);
  gtk_widget_class_bind_template_child (widget_class, MdgKioskWindow, band_label);
  gtk_widget_class_bind_template_child (widget_class, MdgKioskWindow, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, MdgKioskWindow, estimate_label);
  gtk_widget_class_bind_template_child (widget_class, MdgKioskWindow, print_label);

  gtk_widget_class_install_action (widget_class, "kiosk.issue", "s", issue_action);
  gtk_widget_class_install_action (widget_class, "kiosk.restart", NULL, restart_action);
}

static void
mdg_kiosk_window_init (MdgKioskWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->estimate = -1;
  /* The same request in the other languages of the buttons, as they are
   * written there (not translated with the interface). */
  gtk_label_set_label (self->prompt_label,
                       "Please choose the purpose of your visit  ·  请选择办理事项  ·  "
                       "용건을 선택해 주세요  ·  Vui lòng chọn nội dung cần làm");
}

MdgKioskWindow *
mdg_kiosk_window_new (GtkApplication *application,
                      MdgWorkstation *workstation)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MDG_IS_WORKSTATION (workstation), NULL);
  g_return_val_if_fail (mdg_workstation_get_queue_source (workstation) != NULL, NULL);

  return g_object_new (MDG_TYPE_KIOSK_WINDOW,
                       "application", application,
                       "workstation", workstation,
                       NULL);
}

void
mdg_kiosk_window_set_receipt_export (MdgKioskWindow *self,
                                     const char     *path)
{
  g_return_if_fail (MDG_IS_KIOSK_WINDOW (self));

  g_free (self->export_path);
  self->export_path = g_strdup (path);
}

guint
mdg_kiosk_window_get_receipts (MdgKioskWindow *self)
{
  g_return_val_if_fail (MDG_IS_KIOSK_WINDOW (self), 0);

  return self->receipts;
}
