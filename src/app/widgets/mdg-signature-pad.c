/* mdg-signature-pad.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-signature-pad"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-signature-pad.h"

/* The pad's own units: the signature keeps this aspect whatever the widget's size. */
#define PAD_WIDTH  400.0
#define PAD_HEIGHT 140.0

struct _MdgSignaturePad
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkDrawingArea *area;

  /* owned */
  GPtrArray      *strokes;     /* GArray of MdgSignaturePoint */
  MdgSignature   *signature;
  GArray         *current;     /* borrowed from strokes while drawing */
  double          start_x;
  double          start_y;
};

G_DEFINE_FINAL_TYPE (MdgSignaturePad, mdg_signature_pad, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SIGNATURE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static double
get_scale (MdgSignaturePad *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->area));
  int height = gtk_widget_get_height (GTK_WIDGET (self->area));

  return MAX (MIN (width / PAD_WIDTH, height / PAD_HEIGHT), 0.01);
}

static void
add_point (MdgSignaturePad *self,
           GtkGesture      *gesture,
           double           x,
           double           y)
{
  double scale = get_scale (self);
  double pressure = 1;
  MdgSignaturePoint point;
  GdkEvent *event;

  if (self->current == NULL)
    return;

  event = gtk_gesture_get_last_event (gesture, gtk_gesture_get_last_updated_sequence (gesture));
  if (event != NULL)
    {
      GdkDevice *device = gdk_event_get_device (event);
      double value;

      if (device != NULL && gdk_device_get_source (device) == GDK_SOURCE_PEN &&
          gdk_event_get_axis (event, GDK_AXIS_PRESSURE, &value))
        pressure = CLAMP (value, 0, 1);
    }

  point.x = CLAMP (x / scale, 0, PAD_WIDTH);
  point.y = CLAMP (y / scale, 0, PAD_HEIGHT);
  point.pressure = pressure;
  g_array_append_val (self->current, point);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
on_drag_begin_cb (MdgSignaturePad *self,
                  double           x,
                  double           y,
                  GtkGestureDrag  *drag)
{
  g_assert (MDG_IS_SIGNATURE_PAD (self));

  self->start_x = x;
  self->start_y = y;
  self->current = g_array_new (FALSE, FALSE, sizeof (MdgSignaturePoint));
  g_ptr_array_add (self->strokes, self->current);
  add_point (self, GTK_GESTURE (drag), x, y);
}

static void
on_drag_update_cb (MdgSignaturePad *self,
                   double           dx,
                   double           dy,
                   GtkGestureDrag  *drag)
{
  g_assert (MDG_IS_SIGNATURE_PAD (self));

  add_point (self, GTK_GESTURE (drag), self->start_x + dx, self->start_y + dy);
}

static void
on_drag_end_cb (MdgSignaturePad *self,
                double           dx,
                double           dy,
                GtkGestureDrag  *drag)
{
  g_assert (MDG_IS_SIGNATURE_PAD (self));

  self->current = NULL;
  g_clear_pointer (&self->signature, mdg_signature_unref);
  self->signature = mdg_signature_new (PAD_WIDTH, PAD_HEIGHT, self->strokes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNATURE]);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  MdgSignaturePad *self = user_data;
  double scale = get_scale (self);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  /* The line to sign on. */
  cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, 12, PAD_HEIGHT * scale * 0.78);
  cairo_line_to (cr, PAD_WIDTH * scale - 12, PAD_HEIGHT * scale * 0.78);
  cairo_stroke (cr);

  cairo_set_source_rgb (cr, 0.05, 0.05, 0.2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < self->strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, s);

      for (guint p = 0; p < stroke->len; p++)
        {
          const MdgSignaturePoint *point = &g_array_index (stroke, MdgSignaturePoint, p);
          const MdgSignaturePoint *previous = p > 0 ? point - 1 : point;

          cairo_set_line_width (cr, (1.0 + 2.0 * point->pressure) * scale);
          cairo_move_to (cr, previous->x * scale, previous->y * scale);
          cairo_line_to (cr, point->x * scale, point->y * scale);
          cairo_stroke (cr);
        }
    }
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  mdg_signature_pad_clear (MDG_SIGNATURE_PAD (widget));
}

static void
mdg_signature_pad_dispose (GObject *object)
{
  MdgSignaturePad *self = (MdgSignaturePad *)object;

  /* Unparent the bin\'s child first: dispose_template would leave AdwBin
   * (1.2) a dangling child to unparent in its own dispose. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_SIGNATURE_PAD);
  g_clear_pointer (&self->signature, mdg_signature_unref);

  G_OBJECT_CLASS (mdg_signature_pad_parent_class)->dispose (object);
}

static void
mdg_signature_pad_finalize (GObject *object)
{
  MdgSignaturePad *self = (MdgSignaturePad *)object;

  g_clear_pointer (&self->strokes, g_ptr_array_unref);

  G_OBJECT_CLASS (mdg_signature_pad_parent_class)->finalize (object);
}

static void
mdg_signature_pad_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MdgSignaturePad *self = MDG_SIGNATURE_PAD (object);

  switch (prop_id)
    {
    case PROP_SIGNATURE:
      g_value_set_boxed (value, mdg_signature_pad_get_signature (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_signature_pad_class_init (MdgSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_signature_pad_dispose;
  object_class->finalize = mdg_signature_pad_finalize;
  object_class->get_property = mdg_signature_pad_get_property;

  properties [PROP_SIGNATURE] =
    g_param_spec_boxed ("signature", NULL, NULL, MDG_TYPE_SIGNATURE,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "ui/mdg-signature-pad.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgSignaturePad, area);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_begin_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_update_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_end_cb);
  gtk_widget_class_install_action (widget_class, "signature.clear", NULL, clear_action);
}

static void
mdg_signature_pad_init (MdgSignaturePad *self)
{
  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->area, draw_cb, self, NULL);
}

MdgSignature *
mdg_signature_pad_get_signature (MdgSignaturePad *self)
{
  g_return_val_if_fail (MDG_IS_SIGNATURE_PAD (self), NULL);

  return self->signature;
}

void
mdg_signature_pad_clear (MdgSignaturePad *self)
{
  g_return_if_fail (MDG_IS_SIGNATURE_PAD (self));

  self->current = NULL;
  g_ptr_array_set_size (self->strokes, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  if (self->signature != NULL)
    {
      g_clear_pointer (&self->signature, mdg_signature_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNATURE]);
    }
}
