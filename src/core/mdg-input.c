/* mdg-input.c: limits on what comes from outside, checked before it is used
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-input"

#include "config.h"

#include <string.h>

#include "mdg-core-error.h"
#include "mdg-input.h"

/* A key longer than this is shown cut in a message. */
#define MAX_KEY_SHOWN 40

typedef struct
{
  gboolean    object;
  guint       index;       /* lists: the element */
  const char *key;         /* objects: the member's key, in @data (not NUL-ended) */
  gsize       key_length;
} Frame;

/* "members[0].name" from the frames. Keys are quoted as the file wrote them
 * (escapes included), printable ASCII only. */
static char *
dup_path (const Frame *frames,
          guint        n_frames)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < n_frames; i++)
    {
      if (!frames[i].object)
        {
          g_string_append_printf (path, "[%u]", frames[i].index);
          continue;
        }
      if (frames[i].key == NULL)
        break;
      if (path->len > 0)
        g_string_append_c (path, '.');
      for (gsize j = 0; j < frames[i].key_length && j < MAX_KEY_SHOWN; j++)
        {
          guchar c = frames[i].key[j];

          g_string_append_c (path, c >= 0x20 && c < 0x7f ? c : '?');
        }
      if (frames[i].key_length > MAX_KEY_SHOWN)
        g_string_append (path, "…");
    }

  if (path->len == 0)
    g_string_append (path, "(root)");
  return g_string_free (path, FALSE);
}

static gboolean
fail_at (GError     **error,
         const Frame *frames,
         guint        n_frames,
         const char  *reason)
{
  g_autofree char *path = dup_path (frames, n_frames);

  g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_INPUT, "%s: %s", path, reason);
  return FALSE;
}

gboolean
mdg_json_check (const char  *data,
                gsize        length,
                guint        max_depth,
                GError     **error)
{
  g_autofree Frame *frames = NULL;
  guint depth = 0;
  gboolean want_key = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (max_depth > 0, FALSE);

  frames = g_new0 (Frame, max_depth);

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      switch (c)
        {
        case '\0':
          return fail_at (error, frames, depth, "contains a NUL byte");

        case '"':
          {
            gsize start = ++i;

            for (; i < length && data[i] != '"'; i++)
              {
                if (data[i] == '\0')
                  return fail_at (error, frames, depth, "contains a NUL byte");
                if (data[i] != '\\')
                  continue;
                if (++i >= length)
                  break;
                if (data[i] == 'u' && i + 4 < length && strncmp (data + i + 1, "0000", 4) == 0)
                  {
                    /* A key with U+0000 names the object it is in. */
                    if (want_key && depth > 0)
                      return fail_at (error, frames, depth - 1,
                                      "a key contains U+0000 (\\u0000)");
                    return fail_at (error, frames, depth, "contains U+0000 (\\u0000)");
                  }
              }
            if (want_key && depth > 0)
              {
                frames[depth - 1].key = data + start;
                frames[depth - 1].key_length = i - start;
                want_key = FALSE;
              }
          }
          break;

        case '{':
        case '[':
          if (depth == max_depth)
            {
              g_autofree char *reason = g_strdup_printf ("nested deeper than %u levels",
                                                         max_depth);

              return fail_at (error, frames, depth, reason);
            }
          frames[depth].object = c == '{';
          frames[depth].index = 0;
          frames[depth].key = NULL;
          frames[depth].key_length = 0;
          depth++;
          want_key = c == '{';
          break;

        case '}':
        case ']':
          if (depth > 0)
            depth--;
          want_key = FALSE;
          break;

        case ',':
          if (depth > 0 && frames[depth - 1].object)
            want_key = TRUE;
          else if (depth > 0)
            frames[depth - 1].index++;
          break;

        default:
          break;
        }
    }

  return TRUE;
}

gboolean
mdg_input_check_text (const char  *path,
                      const char  *text,
                      guint        max_chars,
                      GError     **error)
{
  glong n_chars;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  /* Counting stops past the limit: a huge text costs no more than a short. */
  n_chars = g_utf8_strlen (text, (gssize) MIN (strlen (text), (gsize) max_chars * 4 + 4));
  if (n_chars > (glong) max_chars)
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_INPUT,
                   "%s: is longer than %u characters, the most a form can print", path,
                   max_chars);
      return FALSE;
    }

  return TRUE;
}
