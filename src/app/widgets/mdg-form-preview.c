/* mdg-form-preview.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-form-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-form-preview-private.h"
#include "mdg-form-signature.h"
#include "mdg-render.h"
#include "mdg-signature-pad.h"

/* The preview's resolution: sharp on a counter screen, quick to draw. */
#define PREVIEW_DPI 96.0


/* Thumbnails: small, and drawn once the typing paused this long. */
#define THUMB_DPI      10.0  /* A4 at 83 × 117 pixels */
#define THUMB_DELAY_MS 400
/* A change of the case (a box typed) redraws the page once the typing
 * pauses this long, so that quick typing does not queue a render per key
 * on the render thread; choosing a form, a page or a zoom draws at once. */
#define PREVIEW_DELAY_MS 120

/* The whole page in the frame, then larger, drawn sharp at each size. */
static const double zooms[] = { 1.0, 1.5, 2.0, 3.0 };

G_DEFINE_FINAL_TYPE (MdgFormPreview, mdg_form_preview, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SIGNING,
  PROP_SIGNED_SET,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
set_signed_set (MdgFormPreview *self,
                MdgSignedSet   *signed_set)
{
  if (self->signed_set == signed_set)
    return;

  g_clear_pointer (&self->signed_set, mdg_signed_set_unref);
  self->signed_set = signed_set != NULL ? mdg_signed_set_ref (signed_set) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SIGNED_SET]);
}

void
_mdg_form_preview_set_signed_set (MdgFormPreview *self,
                                  MdgSignedSet   *signed_set)
{
  set_signed_set (self, signed_set);
}

typedef struct
{
  MdgFormPreview *self;
  guint           generation;
} PreviewRequest;

static MdgFilledForm *
get_selected_form (MdgFormPreview *self)
{
  guint selected = gtk_drop_down_get_selected (self->form_dropdown);

  if (self->filled == NULL || selected >= self->filled->len)
    return NULL;

  return g_ptr_array_index (self->filled, selected);
}

static void
preview_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PreviewRequest *request = user_data;
  MdgFormPreview *self = request->self;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = mdg_render_preview_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_free (request);
      return;
    }

  /* A newer request supersedes this one. */
  if (request->generation == self->generation)
    {
      if (texture != NULL)
        gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
      else
        g_debug ("The preview could not be drawn: %s", g_quark_to_string (error->domain));
    }

  g_object_unref (self);
  g_free (request);
}

static void
queue_preview (MdgFormPreview *self)
{
  MdgFilledForm *form = get_selected_form (self);
  PreviewRequest *request;
  guint page;

  g_clear_handle_id (&self->preview_id, g_source_remove);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);

  if (form == NULL)
    {
      gtk_picture_set_paintable (self->picture, NULL);
      return;
    }

  /* A preview no one sees (the Sign page while staff type on the Forms
   * page) is drawn when it is shown, not on every change. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }

  page = gtk_spin_button_get_value_as_int (self->page_spin) - 1;
  page = MIN (page, mdg_filled_form_get_n_pages (form) - 1);

  self->preview_cancellable = g_cancellable_new ();
  request = g_new0 (PreviewRequest, 1);
  request->self = g_object_ref (self);
  request->generation = ++self->generation;
  mdg_render_preview_async (form, mdg_signature_pad_get_signature (self->signature_pad), page,
                            PREVIEW_DPI * zooms[self->zoom], self->preview_cancellable,
                            preview_ready_cb, request);
}

static gboolean
preview_timeout_cb (gpointer data)
{
  MdgFormPreview *self = data;

  self->preview_id = 0;
  queue_preview (self);
  return G_SOURCE_REMOVE;
}

static void
queue_preview_after_pause (MdgFormPreview *self)
{
  g_clear_handle_id (&self->preview_id, g_source_remove);
  self->preview_id = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout_cb, self);
}

static void
set_zoom (MdgFormPreview *self,
          guint           zoom)
{
  self->zoom = MIN (zoom, G_N_ELEMENTS (zooms) - 1);
  /* Whole page: shrunk into the frame; larger: its own size, scrolled. */
  gtk_picture_set_can_shrink (self->picture, self->zoom == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "forms.zoom-out", self->zoom > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "forms.zoom-fit", self->zoom > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "forms.zoom-in",
                                 self->zoom + 1 < G_N_ELEMENTS (zooms));
  queue_preview (self);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MdgFormPreview *self = (MdgFormPreview *)widget;

  g_assert (MDG_IS_FORM_PREVIEW (self));

  if (g_str_equal (action_name, "forms.zoom-in"))
    set_zoom (self, self->zoom + 1);
  else if (g_str_equal (action_name, "forms.zoom-out") && self->zoom > 0)
    set_zoom (self, self->zoom - 1);
  else if (g_str_equal (action_name, "forms.zoom-fit"))
    set_zoom (self, 0);
}

typedef struct
{
  GtkPicture *picture;  /* a weak pointer: the thumbnail may be gone */
} ThumbRequest;

static void
thumb_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ThumbRequest *request = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = mdg_render_preview_finish (result, &error);
  if (texture != NULL && request->picture != NULL)
    gtk_picture_set_paintable (request->picture, GDK_PAINTABLE (texture));
  else if (texture == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("A thumbnail could not be drawn: %s", g_quark_to_string (error->domain));

  if (request->picture != NULL)
    g_object_remove_weak_pointer (G_OBJECT (request->picture), (gpointer *) &request->picture);
  g_free (request);
}

static gboolean
render_thumbs_cb (gpointer data)
{
  MdgFormPreview *self = data;

  self->thumbs_id = 0;
  g_cancellable_cancel (self->thumbs_cancellable);
  g_clear_object (&self->thumbs_cancellable);
  self->thumbs_cancellable = g_cancellable_new ();

  for (guint i = 0; self->filled != NULL && i < self->filled->len && i < self->thumbs->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->thumbs, i);
      ThumbRequest *request = g_new0 (ThumbRequest, 1);

      request->picture = GTK_PICTURE (gtk_button_get_child (GTK_BUTTON (button)));
      g_object_add_weak_pointer (G_OBJECT (request->picture), (gpointer *) &request->picture);
      mdg_render_preview_async (g_ptr_array_index (self->filled, i),
                                mdg_signature_pad_get_signature (self->signature_pad), 0,
                                THUMB_DPI, self->thumbs_cancellable, thumb_ready_cb, request);
    }

  return G_SOURCE_REMOVE;
}

/* One thumbnail per form, the selected one marked, those with boxes still
 * to fill outlined; a click selects the form. */
static void
update_thumbs (MdgFormPreview *self)
{
  guint selected = gtk_drop_down_get_selected (self->form_dropdown);
  guint n = self->filled != NULL ? self->filled->len : 0;

  while (self->thumbs->len > n)
    {
      gtk_box_remove (self->thumbs_box, g_ptr_array_index (self->thumbs, self->thumbs->len - 1));
      g_ptr_array_remove_index (self->thumbs, self->thumbs->len - 1);
    }
  while (self->thumbs->len < n)
    {
      GtkWidget *picture = gtk_picture_new ();
      GtkWidget *button = gtk_button_new ();

      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_widget_set_size_request (picture, 83, 117);
      gtk_button_set_child (GTK_BUTTON (button), picture);
      gtk_widget_add_css_class (button, "form-thumb");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "forms.select");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_uint32 (self->thumbs->len));
      gtk_box_append (self->thumbs_box, button);
      g_ptr_array_add (self->thumbs, button);
    }

  for (guint i = 0; i < n; i++)
    {
      MdgFilledForm *form = g_ptr_array_index (self->filled, i);
      GtkWidget *button = g_ptr_array_index (self->thumbs, i);
      const char *title = mdg_form_layout_get_title (mdg_filled_form_get_layout (form));
      guint missing = mdg_filled_form_get_missing (form)->len;
      g_autofree char *label = NULL;

      if (missing > 0)
        /* Translators: a form's thumbnail: its title and the boxes still to fill */
        label = g_strdup_printf (ngettext ("%s, %u box still to fill", "%s, %u boxes still to fill",
                                           missing), title, missing);
      else
        label = g_strdup (title);
      /* typing changes few of them: setting a tooltip costs a layout */
      if (g_strcmp0 (gtk_widget_get_tooltip_text (button), label) != 0)
        {
          gtk_widget_set_tooltip_text (button, label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
        }
      if (missing > 0)
        gtk_widget_add_css_class (button, "missing");
      else
        gtk_widget_remove_css_class (button, "missing");
      if (i == selected)
        gtk_widget_add_css_class (button, "selected");
      else
        gtk_widget_remove_css_class (button, "selected");
    }

  gtk_widget_set_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (self->thumbs_box))),
                          n > 1);
  g_clear_handle_id (&self->thumbs_id, g_source_remove);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->thumbs_id = g_timeout_add (THUMB_DELAY_MS, render_thumbs_cb, self);
  else
    self->stale = TRUE;
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MdgFormPreview *self = (MdgFormPreview *)widget;

  g_assert (MDG_IS_FORM_PREVIEW (self));

  gtk_drop_down_set_selected (self->form_dropdown, g_variant_get_uint32 (param));
}

static void
update_missing (MdgFormPreview *self)
{
  MdgFilledForm *form = get_selected_form (self);
  g_autofree char *text = NULL;
  guint n;

  if (form == NULL)
    {
      gtk_label_set_label (self->missing_label, "");
      return;
    }

  n = mdg_filled_form_get_missing (form)->len;
  if (n == 0)
    text = g_strdup (_("Every box of this form is filled"));
  else
    /* Translators: boxes of the form that the interview has not filled yet */
    text = g_strdup_printf (ngettext ("%u box still to fill", "%u boxes still to fill", n), n);
  gtk_label_set_label (self->missing_label, text);

  gtk_spin_button_set_range (self->page_spin, 1, mdg_filled_form_get_n_pages (form));
}

static void
on_form_dropdown_notify_selected_cb (MdgFormPreview *self,
                                     GParamSpec     *pspec,
                                     GtkDropDown    *dropdown)
{
  g_assert (MDG_IS_FORM_PREVIEW (self));

  gtk_spin_button_set_value (self->page_spin, 1);
  update_missing (self);
  update_thumbs (self);
  queue_preview (self);
}

static void
on_page_spin_value_changed_cb (MdgFormPreview *self,
                               GtkSpinButton  *spin)
{
  g_assert (MDG_IS_FORM_PREVIEW (self));

  queue_preview (self);
}

static void
on_signature_pad_notify_signature_cb (MdgFormPreview  *self,
                                      GParamSpec      *pspec,
                                      MdgSignaturePad *pad)
{
  g_assert (MDG_IS_FORM_PREVIEW (self));

  queue_preview (self);
}

static void
show_toast (MdgFormPreview *self,
            const char     *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* Printing and export --------------------------------------------------------- */

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              gpointer           user_data)
{
  GBytes *pdf = user_data;
  g_autoptr(GError) error = NULL;

  if (!mdg_render_pdf_page_to_cairo (pdf, page, gtk_print_context_get_cairo_context (context),
                                     &error))
    g_debug ("Page %d could not be printed", page + 1);
}

static void
print_pdf_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MdgFormPreview) self = user_data;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  if (!(pdf = mdg_render_pdf_finish (result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, _("The forms could not be prepared for printing"));
      return;
    }

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_n_pages (operation, mdg_render_pdf_count_pages (pdf, NULL));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_job_name (operation, _("Application forms"));
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb),
                         g_bytes_ref (pdf), (GClosureNotify) g_bytes_unref, 0);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_toast (self, _("The forms could not be printed"));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  MdgFormPreview *self = MDG_FORM_PREVIEW (widget);

  if (self->filled == NULL || self->filled->len == 0)
    return;

  mdg_render_pdf_async (self->filled, mdg_signature_pad_get_signature (self->signature_pad),
                        self->cancellable, print_pdf_ready_cb, g_object_ref (self));
}

static void
export_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MdgFormPreview) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, _("The PDF could not be saved"));
      return;
    }

  show_toast (self, _("The forms were saved as one PDF"));
}

static void
export_pdf_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GFile *file = user_data;
  MdgFormPreview *self = g_object_get_data (G_OBJECT (file), "mdg-form-preview");
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;

  if ((pdf = mdg_render_pdf_finish (result, &error)) != NULL)
    g_file_replace_contents_bytes_async (file, pdf, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                         self->cancellable, export_written_cb,
                                         g_object_ref (self));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, _("The forms could not be prepared for saving"));

  g_object_unref (file);
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       gpointer         user_data)
{
  g_autoptr(MdgFormPreview) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      g_object_set_data_full (G_OBJECT (file), "mdg-form-preview", g_object_ref (self),
                              g_object_unref);
      mdg_render_pdf_async (self->filled, mdg_signature_pad_get_signature (self->signature_pad),
                            self->cancellable, export_pdf_ready_cb, file);
    }

  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MdgFormPreview *self = MDG_FORM_PREVIEW (widget);
  GtkFileChooserNative *dialog;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->filled == NULL || self->filled->len == 0)
    return;

  dialog = gtk_file_chooser_native_new (_("Export the Forms as PDF"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  /* Translators: the file name proposed for the exported forms */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("forms.pdf"));
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Signing: each form is rendered with the signature as its own PDF and
 * hashed (SHA-256) into an MdgSignedSet. The local store (src/store,
 * issue 4) is to save the set with the case and write the audit entries of
 * mdg_signed_set_to_audit_node() in its completion transaction; until that
 * API exists, the set is kept here as the latest signed set. */
typedef struct
{
  MdgFormPreview *self;
  MdgSignature   *signature;
  GHashTable     *signers;    /* nullable: role → MdgSignature, several signers */
  GPtrArray      *forms;      /* MdgFilledForm */
  GPtrArray      *pdfs;       /* GBytes, NULL until rendered */
  guint           pending;
  gboolean        failed;
} Signing;

static void
signing_free (Signing *signing)
{
  g_object_unref (signing->self);
  mdg_signature_unref (signing->signature);
  g_clear_pointer (&signing->signers, g_hash_table_unref);
  g_ptr_array_unref (signing->forms);
  g_ptr_array_unref (signing->pdfs);
  g_free (signing);
}

static void
signing_finish (Signing *signing)
{
  MdgFormPreview *self = signing->self;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree const char **ids = g_new0 (const char *, signing->forms->len);
  g_autofree guint *versions = g_new0 (guint, signing->forms->len);
  g_autofree char *message = NULL;
  g_autoptr(MdgSignedSet) signed_set = NULL;

  for (guint i = 0; i < signing->forms->len; i++)
    {
      MdgFormLayout *layout = mdg_filled_form_get_layout (g_ptr_array_index (signing->forms, i));

      ids[i] = mdg_form_layout_get_id (layout);
      versions[i] = mdg_form_layout_get_version (layout);
    }
  /* A case changed while the forms were rendered: that set is stale. */
  if (signing->forms != self->filled)
    return;

  signed_set = mdg_signed_set_new (signing->signature, now, ids, versions,
                                   (GBytes * const *) signing->pdfs->pdata,
                                   signing->pdfs->len);
  set_signed_set (self, signed_set);
  g_debug ("Signed set of %u forms ready", signing->pdfs->len);

  /* Translators: %u is the number of forms the resident signed */
  message = g_strdup_printf (ngettext ("The resident’s signature is on %u form",
                                       "The resident’s signature is on %u forms",
                                       signing->pdfs->len), signing->pdfs->len);
  show_toast (self, message);
}

typedef struct
{
  Signing *signing;
  guint    index;
} SigningPart;

static void
sign_pdf_ready_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree SigningPart *part = user_data;
  Signing *signing = part->signing;
  g_autoptr(GError) error = NULL;
  GBytes *pdf = mdg_render_pdf_finish (result, &error);

  if (pdf == NULL)
    signing->failed = TRUE;
  else
    g_ptr_array_index (signing->pdfs, part->index) = pdf;

  if (--signing->pending > 0)
    return;

  if (!signing->failed)
    signing_finish (signing);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (signing->self, _("The signed forms could not be made"));
  signing_free (signing);
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MdgFormPreview *self = MDG_FORM_PREVIEW (widget);
  MdgSignature *signature = mdg_signature_pad_get_signature (self->signature_pad);
  Signing *signing;

  if (self->filled == NULL || self->filled->len == 0)
    return;
  if (self->signers != NULL && g_strv_length (self->signers) > 1)
    {
      /* each signer's own signature, in a table of its own for the render */
      _mdg_form_preview_keep_signature (self);
      for (guint i = 0; self->signers[i] != NULL; i++)
        {
          if (!g_hash_table_contains (self->signatures, self->signers[i]))
            {
              g_autofree char *message = NULL;

              /* Translators: %s is who still has to sign: 夫, 証人1… */
              message = g_strdup_printf (_("%s has not signed yet"),
                                         _mdg_form_preview_signer_label (self->signers[i]));
              show_toast (self, message);
              return;
            }
        }
      signature = g_hash_table_lookup (self->signatures, "applicant");
      if (signature == NULL)
        signature = g_hash_table_lookup (self->signatures, self->signers[0]);
    }
  else if (signature == NULL || mdg_signature_is_empty (signature))
    {
      show_toast (self, _("The resident has not signed yet"));
      return;
    }

  signing = g_new0 (Signing, 1);
  signing->self = g_object_ref (self);
  signing->signature = mdg_signature_ref (signature);
  if (self->signers != NULL && g_strv_length (self->signers) > 1)
    {
      GHashTableIter iter;
      gpointer role, value;

      signing->signers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) mdg_signature_unref);
      g_hash_table_iter_init (&iter, self->signatures);
      while (g_hash_table_iter_next (&iter, &role, &value))
        g_hash_table_insert (signing->signers, g_strdup (role), mdg_signature_ref (value));
    }
  signing->forms = g_ptr_array_ref (self->filled);
  signing->pdfs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_set_size (signing->pdfs, self->filled->len);
  signing->pending = self->filled->len;

  for (guint i = 0; i < self->filled->len; i++)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      SigningPart *part = g_new0 (SigningPart, 1);

      part->signing = signing;
      part->index = i;
      g_ptr_array_add (one, g_ptr_array_index (self->filled, i));
      if (signing->signers != NULL)
        mdg_render_pdf_signed_async (one, signing->signers, self->cancellable, sign_pdf_ready_cb,
                                     part);
      else
        mdg_render_pdf_async (one, signature, self->cancellable, sign_pdf_ready_cb, part);
    }
}

static void
mdg_form_preview_dispose (GObject *object)
{
  MdgFormPreview *self = (MdgFormPreview *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->preview_cancellable);
  g_cancellable_cancel (self->thumbs_cancellable);
  g_clear_handle_id (&self->thumbs_id, g_source_remove);
  g_clear_handle_id (&self->preview_id, g_source_remove);
  /* Unparent the bin\'s child first: dispose_template would leave AdwBin
   * (1.2) a dangling child to unparent in its own dispose. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_FORM_PREVIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->thumbs_cancellable);
  g_clear_pointer (&self->thumbs, g_ptr_array_unref);
  g_clear_pointer (&self->filled, g_ptr_array_unref);
  g_clear_pointer (&self->signed_set, mdg_signed_set_unref);
  g_clear_pointer (&self->signers, g_strfreev);
  g_clear_pointer (&self->signatures, g_hash_table_unref);

  G_OBJECT_CLASS (mdg_form_preview_parent_class)->dispose (object);
}

static void
mdg_form_preview_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MdgFormPreview *self = MDG_FORM_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_SIGNING:
      g_value_set_boolean (value, mdg_form_preview_get_signing (self));
      break;
    case PROP_SIGNED_SET:
      g_value_set_boxed (value, mdg_form_preview_get_signed_set (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_form_preview_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MdgFormPreview *self = MDG_FORM_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_SIGNING:
      mdg_form_preview_set_signing (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Shown again: draw what changed meanwhile. */
static void
mdg_form_preview_map (GtkWidget *widget)
{
  MdgFormPreview *self = (MdgFormPreview *)widget;

  GTK_WIDGET_CLASS (mdg_form_preview_parent_class)->map (widget);

  if (self->stale)
    {
      self->stale = FALSE;
      queue_preview (self);
      g_clear_handle_id (&self->thumbs_id, g_source_remove);
      self->thumbs_id = g_idle_add (render_thumbs_cb, self);
    }
}

static void
mdg_form_preview_class_init (MdgFormPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_form_preview_dispose;
  widget_class->map = mdg_form_preview_map;
  object_class->get_property = mdg_form_preview_get_property;
  object_class->set_property = mdg_form_preview_set_property;

  /* Whether the resident signs here (the Sign page) or staff only look. */
  properties [PROP_SIGNING] =
    g_param_spec_boolean ("signing", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The forms as signed, until the case changes (then NULL). */
  properties [PROP_SIGNED_SET] =
    g_param_spec_boxed ("signed-set", NULL, NULL, MDG_TYPE_SIGNED_SET,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "ui/mdg-form-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgFormPreview, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MdgFormPreview, form_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MdgFormPreview, missing_label);
  gtk_widget_class_bind_template_child (widget_class, MdgFormPreview, picture);
  gtk_widget_class_bind_template_child (widget_class, MdgFormPreview, page_spin);
  gtk_widget_class_bind_template_child (widget_class, MdgFormPreview, signature_pad);
  gtk_widget_class_bind_template_child (widget_class, MdgFormPreview, signature_box);
  gtk_widget_class_bind_template_child (widget_class, MdgFormPreview, signer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MdgFormPreview, thumbs_box);
  gtk_widget_class_bind_template_callback (widget_class, on_form_dropdown_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_page_spin_value_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_signature_pad_notify_signature_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_signer_dropdown_notify_selected_cb",
                                                G_CALLBACK (_mdg_form_preview_signer_selected_cb));

  gtk_widget_class_install_action (widget_class, "forms.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "forms.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "forms.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "forms.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "forms.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "forms.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "forms.select", "u", select_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "forms.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "forms.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "forms.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "forms.zoom-fit", NULL);

  g_type_ensure (MDG_TYPE_SIGNATURE_PAD);
}

static void
mdg_form_preview_init (MdgFormPreview *self)
{
  self->cancellable = g_cancellable_new ();
  self->thumbs = g_ptr_array_new ();
  self->signing = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->signatures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) mdg_signature_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "forms.zoom-out", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "forms.zoom-fit", FALSE);
}

static gboolean
same_titles (GListModel    *model,
             GtkStringList *titles)
{
  guint n;

  if (model == NULL || !GTK_IS_STRING_LIST (model))
    return FALSE;
  if ((n = g_list_model_get_n_items (model)) != g_list_model_get_n_items (G_LIST_MODEL (titles)))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i),
                     gtk_string_list_get_string (titles, i)) != 0)
        return FALSE;
    }

  return TRUE;
}

void
mdg_form_preview_set_forms (MdgFormPreview *self,
                            GPtrArray      *forms)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  const char *previous_id = NULL;
  MdgFilledForm *previous;
  guint selected = 0;

  g_return_if_fail (MDG_IS_FORM_PREVIEW (self));
  g_return_if_fail (forms != NULL);

  if ((previous = get_selected_form (self)) != NULL)
    previous_id = mdg_form_layout_get_id (mdg_filled_form_get_layout (previous));

  set_signed_set (self, NULL);
  g_clear_pointer (&self->filled, g_ptr_array_unref);
  self->filled = g_ptr_array_ref (forms);
  for (guint i = 0; i < forms->len; i++)
    {
      MdgFormLayout *layout = mdg_filled_form_get_layout (g_ptr_array_index (forms, i));

      gtk_string_list_append (titles, mdg_form_layout_get_title (layout));
      if (g_strcmp0 (previous_id, mdg_form_layout_get_id (layout)) == 0)
        selected = i;
    }

  g_signal_handlers_block_by_func (self->form_dropdown, on_form_dropdown_notify_selected_cb, self);
  /* a box typed keeps the same forms: keep the list and its widgets */
  if (!same_titles (gtk_drop_down_get_model (self->form_dropdown), titles))
    gtk_drop_down_set_model (self->form_dropdown, G_LIST_MODEL (titles));
  if (gtk_drop_down_get_selected (self->form_dropdown) != selected)
    gtk_drop_down_set_selected (self->form_dropdown, selected);
  g_signal_handlers_unblock_by_func (self->form_dropdown, on_form_dropdown_notify_selected_cb,
                                     self);

  gtk_widget_set_visible (GTK_WIDGET (self), self->filled->len > 0);
  _mdg_form_preview_update_signers (self);
  update_missing (self);
  update_thumbs (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    queue_preview_after_pause (self);
  else
    queue_preview (self);
}

/* Returns: (transfer none) (nullable) (element-type MdgFilledForm): the
 * forms of the latest case, filled. */
GPtrArray *
mdg_form_preview_get_forms (MdgFormPreview *self)
{
  g_return_val_if_fail (MDG_IS_FORM_PREVIEW (self), NULL);

  return self->filled;
}

/* Returns: (transfer none) (nullable): the forms as the resident signed
 * them, NULL until signed and again once the case changes. */
MdgSignedSet *
mdg_form_preview_get_signed_set (MdgFormPreview *self)
{
  g_return_val_if_fail (MDG_IS_FORM_PREVIEW (self), NULL);

  return self->signed_set;
}

/* Returns: (transfer none) (nullable): each signer's signature by role
 * (MdgSignature), once the forms are signed by several signers; NULL for
 * forms with one signer (the signed set's signature). */
GHashTable *
mdg_form_preview_get_signatures (MdgFormPreview *self)
{
  g_return_val_if_fail (MDG_IS_FORM_PREVIEW (self), NULL);

  if (self->signed_set == NULL || self->signers == NULL || g_strv_length (self->signers) < 2)
    return NULL;
  return self->signatures;
}

gboolean
mdg_form_preview_get_signing (MdgFormPreview *self)
{
  g_return_val_if_fail (MDG_IS_FORM_PREVIEW (self), FALSE);

  return self->signing;
}

void
mdg_form_preview_set_signing (MdgFormPreview *self,
                              gboolean        signing)
{
  g_return_if_fail (MDG_IS_FORM_PREVIEW (self));

  signing = !!signing;
  if (self->signing == signing)
    return;

  self->signing = signing;
  gtk_widget_set_visible (self->signature_box, signing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "forms.sign", signing);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SIGNING]);
}
