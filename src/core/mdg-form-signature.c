/* mdg-form-signature.c: vector signatures and signed sets of forms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-form-signature"

#include "config.h"

#include <string.h>

#include "mdg-core-error.h"
#include "mdg-form-signature.h"

/* Enough for any real signature; a bound on what a file may make us hold. */
#define MAX_POINTS 100000

struct _MdgSignature
{
  gatomicrefcount  ref_count;
  double           width;
  double           height;
  GPtrArray       *strokes;   /* GArray of MdgSignaturePoint */
  GBytes          *png;       /* nullable: a signature captured as an image elsewhere */
};

typedef struct
{
  char   *form_id;
  guint   version;
  GBytes *pdf;
  char   *sha256;
} Document;

struct _MdgSignedSet
{
  gatomicrefcount  ref_count;
  MdgSignature    *signature;
  GDateTime       *signed_at;
  GArray          *documents;  /* Document */
};

G_DEFINE_BOXED_TYPE (MdgSignature, mdg_signature, mdg_signature_ref, mdg_signature_unref)
G_DEFINE_BOXED_TYPE (MdgSignedSet, mdg_signed_set, mdg_signed_set_ref, mdg_signed_set_unref)

MdgSignature *
mdg_signature_new (double     width,
                   double     height,
                   GPtrArray *strokes)
{
  MdgSignature *self;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  self = g_new0 (MdgSignature, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->width = width;
  self->height = height;
  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; strokes != NULL && i < strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (strokes, i);
      GArray *copy;

      if (stroke->len == 0)
        continue;
      copy = g_array_sized_new (FALSE, FALSE, sizeof (MdgSignaturePoint), stroke->len);
      g_array_append_vals (copy, stroke->data, stroke->len);
      g_ptr_array_add (self->strokes, copy);
    }

  return self;
}

static gboolean
get_number (JsonNode *node,
            double   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
       json_node_get_value_type (node) != G_TYPE_INT64))
    return FALSE;
  *out = json_node_get_double (node);

  return TRUE;
}

MdgSignature *
mdg_signature_new_from_node (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(GPtrArray) strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  JsonObject *object;
  JsonNode *strokes_node;
  double width, height;
  guint n_points = 0;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      !get_number (json_object_get_member ((object = json_node_get_object (node)), "width"),
                   &width) ||
      !get_number (json_object_get_member (object, "height"), &height) ||
      width <= 0 || height <= 0 ||
      !(strokes_node = json_object_get_member (object, "strokes")) ||
      !JSON_NODE_HOLDS_ARRAY (strokes_node))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                   "signature: needs a positive width and height and an array of strokes");
      return NULL;
    }

  for (guint s = 0; s < json_array_get_length (json_node_get_array (strokes_node)); s++)
    {
      JsonNode *stroke = json_array_get_element (json_node_get_array (strokes_node), s);
      GArray *points;

      if (!JSON_NODE_HOLDS_ARRAY (stroke))
        {
          g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                       "signature: strokes[%u] must be an array of points", s);
          return NULL;
        }
      points = g_array_new (FALSE, FALSE, sizeof (MdgSignaturePoint));
      g_ptr_array_add (strokes, points);
      for (guint p = 0; p < json_array_get_length (json_node_get_array (stroke)); p++)
        {
          JsonNode *point = json_array_get_element (json_node_get_array (stroke), p);
          JsonArray *xyp;
          double x, y, pressure;
          MdgSignaturePoint value;

          if (!JSON_NODE_HOLDS_ARRAY (point) ||
              json_array_get_length ((xyp = json_node_get_array (point))) != 3 ||
              !get_number (json_array_get_element (xyp, 0), &x) ||
              !get_number (json_array_get_element (xyp, 1), &y) ||
              !get_number (json_array_get_element (xyp, 2), &pressure) ||
              x < 0 || x > width || y < 0 || y > height || pressure < 0 || pressure > 1 ||
              ++n_points > MAX_POINTS)
            {
              g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                           "signature: strokes[%u][%u] must be [x, y, pressure] inside the pad "
                           "(at most %u points in all)", s, p, MAX_POINTS);
              return NULL;
            }
          value = (MdgSignaturePoint) { x, y, pressure };
          g_array_append_val (points, value);
        }
    }

  return mdg_signature_new (width, height, strokes);
}

JsonNode *
mdg_signature_to_node (MdgSignature *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "width");
  json_builder_add_double_value (builder, self->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_double_value (builder, self->height);
  if (self->png != NULL)
    {
      g_autofree char *base64 = g_base64_encode (g_bytes_get_data (self->png, NULL),
                                                 g_bytes_get_size (self->png));

      json_builder_set_member_name (builder, "png");
      json_builder_add_string_value (builder, base64);
    }
  json_builder_set_member_name (builder, "strokes");
  json_builder_begin_array (builder);
  for (guint s = 0; s < self->strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, s);

      json_builder_begin_array (builder);
      for (guint p = 0; p < stroke->len; p++)
        {
          const MdgSignaturePoint *point = &g_array_index (stroke, MdgSignaturePoint, p);

          json_builder_begin_array (builder);
          json_builder_add_double_value (builder, point->x);
          json_builder_add_double_value (builder, point->y);
          json_builder_add_double_value (builder, point->pressure);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

MdgSignature *
mdg_signature_ref (MdgSignature *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_signature_unref (MdgSignature *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_ptr_array_unref (self->strokes);
  g_clear_pointer (&self->png, g_bytes_unref);
  g_free (self);
}

/* A signature captured by another device, as a PNG image: its size comes
 * from the image header (IHDR). */
MdgSignature *
mdg_signature_new_from_png (GBytes  *png,
                            GError **error)
{
  static const guchar magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  const guchar *data;
  gsize size;
  guint32 width, height;
  MdgSignature *self;

  g_return_val_if_fail (png != NULL, NULL);

  data = g_bytes_get_data (png, &size);
  if (size < 33 || memcmp (data, magic, sizeof magic) != 0 || memcmp (data + 12, "IHDR", 4) != 0)
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                   "signature: not a PNG image");
      return NULL;
    }
  width = GUINT32_FROM_BE (*(const guint32 *) (data + 16));
  height = GUINT32_FROM_BE (*(const guint32 *) (data + 20));
  if (width == 0 || height == 0 || width > 10000 || height > 10000)
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                   "signature: the PNG image is %u × %u pixels", width, height);
      return NULL;
    }

  self = mdg_signature_new (width, height, NULL);
  self->png = g_bytes_ref (png);
  return self;
}

GBytes *
mdg_signature_get_png (MdgSignature *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->png;
}

void
mdg_signature_get_size (MdgSignature *self,
                        double       *width,
                        double       *height)
{
  g_return_if_fail (self != NULL);

  if (width != NULL)
    *width = self->width;
  if (height != NULL)
    *height = self->height;
}

guint
mdg_signature_get_n_strokes (MdgSignature *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->strokes->len;
}

const MdgSignaturePoint *
mdg_signature_get_stroke (MdgSignature *self,
                          guint         index,
                          guint        *n_points)
{
  GArray *stroke;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->strokes->len, NULL);

  stroke = g_ptr_array_index (self->strokes, index);
  if (n_points != NULL)
    *n_points = stroke->len;

  return (const MdgSignaturePoint *) stroke->data;
}

gboolean
mdg_signature_is_empty (MdgSignature *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->strokes->len == 0 && self->png == NULL;
}

/* Signed sets -------------------------------------------------------------- */

MdgSignedSet *
mdg_signed_set_new (MdgSignature       *signature,
                    GDateTime          *signed_at,
                    const char * const *form_ids,
                    const guint        *versions,
                    GBytes * const     *pdfs,
                    guint               n_documents)
{
  MdgSignedSet *self;

  g_return_val_if_fail (signature != NULL, NULL);
  g_return_val_if_fail (signed_at != NULL, NULL);
  g_return_val_if_fail (n_documents == 0 || (form_ids != NULL && versions != NULL &&
                                             pdfs != NULL), NULL);

  self = g_new0 (MdgSignedSet, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->signature = mdg_signature_ref (signature);
  self->signed_at = g_date_time_ref (signed_at);
  self->documents = g_array_sized_new (FALSE, TRUE, sizeof (Document), n_documents);

  for (guint i = 0; i < n_documents; i++)
    {
      Document document;

      document.form_id = g_strdup (form_ids[i]);
      document.version = versions[i];
      document.pdf = g_bytes_ref (pdfs[i]);
      document.sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdfs[i]);
      g_array_append_val (self->documents, document);
    }

  return self;
}

MdgSignedSet *
mdg_signed_set_ref (MdgSignedSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_signed_set_unref (MdgSignedSet *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->documents->len; i++)
    {
      Document *document = &g_array_index (self->documents, Document, i);

      g_free (document->form_id);
      g_bytes_unref (document->pdf);
      g_free (document->sha256);
    }
  g_array_unref (self->documents);
  g_date_time_unref (self->signed_at);
  mdg_signature_unref (self->signature);
  g_free (self);
}

guint
mdg_signed_set_get_n_documents (MdgSignedSet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->documents->len;
}

const char *
mdg_signed_set_get_form_id (MdgSignedSet *self,
                            guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->documents->len, NULL);

  return g_array_index (self->documents, Document, index).form_id;
}

GBytes *
mdg_signed_set_get_pdf (MdgSignedSet *self,
                        guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->documents->len, NULL);

  return g_array_index (self->documents, Document, index).pdf;
}

const char *
mdg_signed_set_get_sha256 (MdgSignedSet *self,
                           guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->documents->len, NULL);

  return g_array_index (self->documents, Document, index).sha256;
}

MdgSignature *
mdg_signed_set_get_signature (MdgSignedSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->signature;
}

JsonNode *
mdg_signed_set_to_audit_node (MdgSignedSet *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) signature = NULL;
  g_autofree char *signature_json = NULL;
  g_autofree char *signature_sha256 = NULL;
  g_autofree char *signed_at = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  signature = mdg_signature_to_node (self->signature);
  signature_json = json_to_string (signature, FALSE);
  signature_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, signature_json, -1);
  signed_at = g_date_time_format_iso8601 (self->signed_at);

  json_builder_begin_array (builder);
  for (guint i = 0; i < self->documents->len; i++)
    {
      const Document *document = &g_array_index (self->documents, Document, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, "form.signed");
      json_builder_set_member_name (builder, "form");
      json_builder_add_string_value (builder, document->form_id);
      json_builder_set_member_name (builder, "layout_version");
      json_builder_add_int_value (builder, document->version);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, document->sha256);
      json_builder_set_member_name (builder, "bytes");
      json_builder_add_int_value (builder, g_bytes_get_size (document->pdf));
      json_builder_set_member_name (builder, "signed_at");
      json_builder_add_string_value (builder, signed_at);
      json_builder_set_member_name (builder, "signature_sha256");
      json_builder_add_string_value (builder, signature_sha256);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}
