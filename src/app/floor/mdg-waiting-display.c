/* mdg-waiting-display.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Readable from 10 m: the numbers called now, newest first, each with its
 * counter; every band's waiting count and estimated wait; a chime for each
 * call and recall. It shows what the queue source last knew: when the ward
 * database goes away the figures stay, with the time they are from, and
 * the link brings them back by itself.
 */

#define G_LOG_DOMAIN "mdg-waiting-display"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "mdg-bands.h"
#include "mdg-waiting-display.h"

/* The calls on screen: two columns of three. */
#define MAX_CALLS     6
#define CALL_COLUMNS  2
#define CLOCK_SECONDS 10

struct _MdgWaitingDisplay
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  GtkLabel             *clock_label;
  GtkStack             *calls_stack;
  GtkGrid              *calls_grid;
  GtkBox               *bands_box;
  GtkLabel             *status_label;

  /* owned */
  MdgWorkstation       *workstation;
  MdgQueueSource       *source;      /* the workstation's */
  GSettings            *settings;    /* the workstation's, if any */
  GHashTable           *announced;   /* "number called_at recalls" shown */
  GtkMediaStream       *chime;
  GPtrArray            *band_rows;   /* GtkWidget, after the heading */
  guint                 clock_id;

  guint                 chimes;
  gint64                received_at; /* the time of the figures shown */
  guint                 primed : 1;  /* the first figures are in */
  guint                 locked : 1;  /* on its own (--display): never closes */
};

G_DEFINE_FINAL_TYPE (MdgWaitingDisplay, mdg_waiting_display, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSTATION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* A two-tone chime (ピンポン), 16-bit mono PCM, made once. */
static GBytes *
make_chime_wav (void)
{
  const guint rate = 22050;
  const double tones[] = { 659.25, 523.25 };  /* E5, C5 */
  const double tone_seconds = 0.45;
  guint samples = (guint) (rate * tone_seconds * G_N_ELEMENTS (tones));
  guint data_size = samples * 2;
  GByteArray *wav = g_byte_array_sized_new (44 + data_size);
  guint8 header[44] = { 'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E',
                        'f', 'm', 't', ' ', 16, 0, 0, 0, 1, 0, 1, 0 };

  *(guint32 *) (header + 4) = GUINT32_TO_LE (36 + data_size);
  *(guint32 *) (header + 24) = GUINT32_TO_LE (rate);
  *(guint32 *) (header + 28) = GUINT32_TO_LE (rate * 2);
  *(guint16 *) (header + 32) = GUINT16_TO_LE (2);
  *(guint16 *) (header + 34) = GUINT16_TO_LE (16);
  memcpy (header + 36, "data", 4);
  *(guint32 *) (header + 40) = GUINT32_TO_LE (data_size);
  g_byte_array_append (wav, header, sizeof header);

  for (guint i = 0; i < samples; i++)
    {
      guint tone = (guint) (i / (rate * tone_seconds));
      double t = (i - tone * rate * tone_seconds) / rate;
      /* a bell: quick attack, exponential decay */
      double envelope = MIN (t / 0.01, 1.0) * exp (-t * 5.0);
      gint16 sample = (gint16) (0.5 * 32767 * envelope * sin (2 * G_PI * tones[tone] * t));
      guint16 le = GUINT16_TO_LE ((guint16) sample);

      g_byte_array_append (wav, (const guint8 *) &le, 2);
    }

  return g_byte_array_free_to_bytes (wav);
}

static void
chime (MdgWaitingDisplay *self)
{
  self->chimes++;

  if (self->settings != NULL && !g_settings_get_boolean (self->settings, "display-chime"))
    return;

  if (self->chime == NULL)
    {
      g_autoptr(GBytes) wav = make_chime_wav ();
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (wav);

      self->chime = gtk_media_file_new_for_input_stream (stream);
    }

  /* Without a media backend the stream only reports an error: the numbers
   * still change on screen. */
  if (gtk_media_stream_get_error (self->chime) != NULL)
    return;
  gtk_media_stream_seek (self->chime, 0);
  gtk_media_stream_play (self->chime);
}

static void
update_clock (MdgWaitingDisplay *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = g_date_time_format (now, "%H:%M");

  gtk_label_set_label (self->clock_label, text);
}

static gboolean
clock_cb (gpointer data)
{
  update_clock (data);
  return G_SOURCE_CONTINUE;
}

static int
compare_latest_call (gconstpointer a,
                     gconstpointer b)
{
  const MdgQueueTicket *ta = *(const MdgQueueTicket * const *)a;
  const MdgQueueTicket *tb = *(const MdgQueueTicket * const *)b;

  return (ta->called_at < tb->called_at) - (ta->called_at > tb->called_at);
}

static GtkWidget *
make_call_tile (const MdgQueueTicket *ticket,
                gboolean              newest)
{
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *label;
  g_autofree char *number = g_strdup_printf ("%d", ticket->number);
  g_autofree char *counter = NULL;
  g_autofree char *accessible = NULL;

  gtk_widget_add_css_class (tile, "call-tile");
  if (newest)
    gtk_widget_add_css_class (tile, "newest");

  label = gtk_label_new (number);
  gtk_widget_add_css_class (label, "call-number");
  gtk_box_append (GTK_BOX (tile), label);

  /* Translators: where the called number goes, e.g. "3番窓口へ" */
  counter = g_strdup_printf (_("Counter %d"), ticket->counter);
  label = gtk_label_new (counter);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "call-counter");
  gtk_box_append (GTK_BOX (tile), label);

  /* Translators: read out by a screen reader: a number and its counter */
  accessible = g_strdup_printf (_("Number %d, please come to counter %d"),
                                ticket->number, ticket->counter);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tile),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return tile;
}

static GtkWidget *
make_band_row (const MdgQueueBandState *state)
{
  const GPtrArray *bands = mdg_bands_get_default (NULL);
  const MdgBand *band = bands != NULL ? mdg_bands_lookup (bands, state->band) : NULL;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;
  g_autofree char *figures = NULL;
  g_autofree char *title = NULL;

  gtk_widget_add_css_class (row, "band-row");

  /* Translators: a band on the display: its first number and its name */
  title = g_strdup_printf (_("%d– %s"), band != NULL ? band->first : 0,
                           band != NULL ? band->name : "");
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_widget_add_css_class (label, "band-name");
  gtk_box_append (GTK_BOX (row), label);

  if (state->estimate < 0)
    /* Translators: the display, when no counter calls a band now */
    figures = g_strdup_printf (ngettext ("%u waiting · please ask at the counter",
                                         "%u waiting · please ask at the counter",
                                         state->waiting), state->waiting);
  else
    {
      int minutes = (int) ((state->estimate + 59) / 60);

      /* Translators: the display: people waiting in a band and the
       * estimated wait in minutes for a ticket taken now */
      figures = g_strdup_printf (ngettext ("%u waiting · about %d min",
                                           "%u waiting · about %d min", state->waiting),
                                 state->waiting, minutes);
    }
  label = gtk_label_new (figures);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  gtk_widget_add_css_class (label, "band-figures");
  gtk_box_append (GTK_BOX (row), label);

  return row;
}

static void
update (MdgWaitingDisplay *self)
{
  GArray *queue = mdg_queue_source_get_queue (self->source);
  GArray *bands = mdg_queue_source_get_bands (self->source);
  GPtrArray *tickets = mdg_queue_source_get_tickets (self->source);
  g_autoptr(GPtrArray) calls = g_ptr_array_new ();
  g_autoptr(GHashTable) announced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean called = FALSE;
  GtkWidget *child;

  if (!mdg_queue_source_get_loaded (self->source))
    return;

  for (guint i = 0; i < queue->len; i++)
    {
      const MdgQueueTicket *t = &g_array_index (queue, MdgQueueTicket, i);
      const MdgTicket *ticket = g_ptr_array_index (tickets, i);
      char *key;

      if (t->state != MDG_QUEUE_STATE_CALLED || t->counter <= 0)
        continue;
      g_ptr_array_add (calls, (gpointer) t);

      /* a call and each recall is announced once */
      key = g_strdup_printf ("%s %s %d", ticket->id, ticket->called_at, ticket->recalls);
      if (!g_hash_table_contains (self->announced, key))
        called = TRUE;
      g_hash_table_add (announced, key);
    }
  g_hash_table_unref (self->announced);
  self->announced = g_steal_pointer (&announced);
  if (called && self->primed)
    chime (self);
  self->primed = TRUE;

  g_ptr_array_sort (calls, compare_latest_call);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->calls_grid))) != NULL)
    gtk_grid_remove (self->calls_grid, child);
  for (guint i = 0; i < MIN (calls->len, MAX_CALLS); i++)
    gtk_grid_attach (self->calls_grid, make_call_tile (g_ptr_array_index (calls, i), i == 0),
                     i % CALL_COLUMNS, i / CALL_COLUMNS, 1, 1);
  gtk_stack_set_visible_child_name (self->calls_stack, calls->len > 0 ? "calls" : "none");

  for (guint i = 0; i < self->band_rows->len; i++)
    gtk_box_remove (self->bands_box, g_ptr_array_index (self->band_rows, i));
  g_ptr_array_set_size (self->band_rows, 0);
  for (guint i = 0; i < bands->len; i++)
    {
      GtkWidget *row = make_band_row (&g_array_index (bands, MdgQueueBandState, i));

      gtk_box_append (self->bands_box, row);
      g_ptr_array_add (self->band_rows, row);
    }

  if (mdg_queue_source_get_online (self->source) || mdg_queue_source_get_link (self->source) == NULL)
    {
      self->received_at = mdg_queue_source_get_now (self->source);
      gtk_label_set_label (self->status_label,
                           _("The waiting time is an estimate. Priority is given to residents "
                             "who need support."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "stale");
    }
  else
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (self->received_at > 0
                                                                 ? self->received_at
                                                                 : mdg_queue_source_get_now (self->source));
      g_autofree char *time = g_date_time_format (at, "%H:%M");
      g_autofree char *text = NULL;

      /* Translators: the display while the ward database cannot be
       * reached; %s is the time of the figures still shown */
      text = g_strdup_printf (_("Updating… The figures are as of %s."), time);
      gtk_label_set_label (self->status_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "stale");
    }
}

static void
mdg_waiting_display_constructed (GObject *object)
{
  MdgWaitingDisplay *self = (MdgWaitingDisplay *)object;

  G_OBJECT_CLASS (mdg_waiting_display_parent_class)->constructed (object);

  g_assert (MDG_IS_WORKSTATION (self->workstation));

  /* the numbers and the waits only: the display reads no resident */
  self->source = g_object_ref (mdg_workstation_get_queue_source (self->workstation));
  g_set_object (&self->settings, mdg_workstation_get_settings (self->workstation));
  g_signal_connect_object (self->source, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source, "notify::online", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

static void
mdg_waiting_display_dispose (GObject *object)
{
  MdgWaitingDisplay *self = (MdgWaitingDisplay *)object;

  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);
  g_clear_object (&self->settings);
  g_clear_object (&self->workstation);
  if (self->chime != NULL)
    gtk_media_stream_pause (self->chime);
  g_clear_object (&self->chime);
  g_clear_pointer (&self->announced, g_hash_table_unref);
  g_clear_pointer (&self->band_rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_WAITING_DISPLAY);

  G_OBJECT_CLASS (mdg_waiting_display_parent_class)->dispose (object);
}

static void
mdg_waiting_display_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MdgWaitingDisplay *self = MDG_WAITING_DISPLAY (object);

  switch (prop_id)
    {
    case PROP_WORKSTATION:
      g_value_set_object (value, self->workstation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_waiting_display_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MdgWaitingDisplay *self = MDG_WAITING_DISPLAY (object);

  switch (prop_id)
    {
    case PROP_WORKSTATION:
      self->workstation = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* In the waiting room, nobody may close it (Ctrl+W, window.close). */
static gboolean
mdg_waiting_display_close_request (GtkWindow *window)
{
  MdgWaitingDisplay *self = (MdgWaitingDisplay *)window;

  g_assert (MDG_IS_WAITING_DISPLAY (self));

  if (self->locked)
    {
      g_debug ("Closing the waiting-room display refused");
      return TRUE;
    }

  return GTK_WINDOW_CLASS (mdg_waiting_display_parent_class)->close_request (window);
}

static void
mdg_waiting_display_class_init (MdgWaitingDisplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mdg_waiting_display_constructed;
  object_class->dispose = mdg_waiting_display_dispose;
  object_class->get_property = mdg_waiting_display_get_property;
  object_class->set_property = mdg_waiting_display_set_property;
  window_class->close_request = mdg_waiting_display_close_request;

  /* the workstation's queue and settings; its store is open */
  properties [PROP_WORKSTATION] =
    g_param_spec_object ("workstation", NULL, NULL, MDG_TYPE_WORKSTATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/madoguchi/Madoguchi/ui/mdg-waiting-display.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgWaitingDisplay, clock_label);
  gtk_widget_class_bind_template_child (widget_class, MdgWaitingDisplay, calls_stack);
  gtk_widget_class_bind_template_child (widget_class, MdgWaitingDisplay, calls_grid);
  gtk_widget_class_bind_template_child (widget_class, MdgWaitingDisplay, bands_box);
  gtk_widget_class_bind_template_child (widget_class, MdgWaitingDisplay, status_label);
}

static void
mdg_waiting_display_init (MdgWaitingDisplay *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->announced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->band_rows = g_ptr_array_new ();
  update_clock (self);
  self->clock_id = g_timeout_add_seconds (CLOCK_SECONDS, clock_cb, self);
}

MdgWaitingDisplay *
mdg_waiting_display_new (GtkApplication *application,
                         MdgWorkstation *workstation,
                         gboolean        fullscreen)
{
  MdgWaitingDisplay *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MDG_IS_WORKSTATION (workstation), NULL);
  g_return_val_if_fail (mdg_workstation_get_queue_source (workstation) != NULL, NULL);

  self = g_object_new (MDG_TYPE_WAITING_DISPLAY,
                       "application", application,
                       "workstation", workstation,
                       NULL);
  /* Full screen is the display on its own (--display), in the waiting room. */
  self->locked = !!fullscreen;
  if (fullscreen)
    gtk_window_fullscreen (GTK_WINDOW (self));

  return self;
}

guint
mdg_waiting_display_get_chimes (MdgWaitingDisplay *self)
{
  g_return_val_if_fail (MDG_IS_WAITING_DISPLAY (self), 0);

  return self->chimes;
}
