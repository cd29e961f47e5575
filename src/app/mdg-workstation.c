/* mdg-workstation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-workstation"

#include "config.h"

#include "mdg-store-retention.h"
#include "mdg-workstation.h"

/* The schema keeps the released id when the application id gains .Devel. */
#define SCHEMA_ID "io.github.madoguchi.Madoguchi"

/* Resident data past the retain-hours setting leaves the store: first soon
 * after it opens, then this often. */
#define PURGE_FIRST_SECONDS    30
#define PURGE_INTERVAL_SECONDS (15 * 60)

struct _MdgWorkstation
{
  GObject         parent_instance;

  /* owned */
  GSettings      *settings;       /* NULL: the schema is not installed */
  char           *store_path;
  GCancellable   *cancellable;
  MdgStore       *store;          /* NULL until open */
  GError         *store_error;    /* why it could not be opened */
  MdgCatalog     *catalog;        /* NULL until first asked for */
  GError         *catalog_error;
  char           *conninfo;       /* the login; NULL: no link */
  MdgWardLink    *link;           /* NULL: no login, or the store is not open yet */
  MdgQueueSource *queue_source;   /* NULL until the store is open */

  guint           purge_id;
  guint           backoff_min_ms;
  guint           backoff_max_ms;
  guint           opening : 1;
  guint           purging : 1;
};

G_DEFINE_FINAL_TYPE (MdgWorkstation, mdg_workstation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE_PATH,
  PROP_STORE,
  PROP_STORE_ERROR,
  PROP_CONNINFO,
  PROP_LINK,
  PROP_QUEUE_SOURCE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Retention ---------------------------------------------------------------- */

static void
store_purged_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MdgWorkstation) self = user_data;
  g_autoptr(GError) error = NULL;
  MdgStorePurge purge = { 0 };

  self->purging = FALSE;
  if (!mdg_store_purge_finish (MDG_STORE (object), result, &purge, &error))
    g_debug ("The store's purge failed (domain %s, code %d); tried again later",
             g_quark_to_string (error->domain), error->code);
  else
    g_debug ("Purged %" G_GINT64_FORMAT " cases and %" G_GINT64_FORMAT " drafts",
             purge.cases, purge.drafts);
}

/* Asynchronous on the store's worker: the main loop never waits for it. */
static void
purge_store (MdgWorkstation *self)
{
  guint hours = MDG_STORE_RETAIN_HOURS_DEFAULT;

  if (self->purging || self->store == NULL)
    return;

  if (self->settings != NULL)
    hours = MAX (g_settings_get_int (self->settings, "retain-hours"), 0);
  self->purging = TRUE;
  mdg_store_purge_async (self->store, hours, self->cancellable, store_purged_cb,
                         g_object_ref (self));
}

static gboolean
purge_timeout_cb (gpointer user_data)
{
  purge_store (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
first_purge_timeout_cb (gpointer user_data)
{
  MdgWorkstation *self = user_data;

  purge_store (self);
  self->purge_id = g_timeout_add_seconds (PURGE_INTERVAL_SECONDS, purge_timeout_cb, self);
  return G_SOURCE_REMOVE;
}

/* The link ------------------------------------------------------------------ */

static void
stop_link (MdgWorkstation *self)
{
  if (self->link == NULL)
    return;

  mdg_ward_link_stop (self->link);
  g_clear_object (&self->link);
}

/* The link of the current login, made anew (or closed) when it changes. */
static void
update_link (MdgWorkstation *self)
{
  gboolean had_link = self->link != NULL;

  stop_link (self);
  if (self->store != NULL && self->conninfo != NULL)
    {
      self->link = mdg_ward_link_new (self->store, self->conninfo);
      if (self->backoff_min_ms != 0)
        mdg_ward_link_set_backoff (self->link, self->backoff_min_ms, self->backoff_max_ms);
      mdg_ward_link_start (self->link);
    }
  if (self->queue_source != NULL)
    mdg_queue_source_set_link (self->queue_source, self->link);
  if (had_link || self->link != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LINK]);
}

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MdgWorkstation) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgStore) store = mdg_store_open_finish (result, &error);

  self->opening = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (store == NULL)
    {
      g_debug ("The local store could not be opened (domain %s, code %d)",
               g_quark_to_string (error->domain), error->code);
      self->store_error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STORE_ERROR]);
      return;
    }

  self->store = g_steal_pointer (&store);
  self->queue_source = mdg_queue_source_new (self->store, NULL);
  update_link (self);
  self->purge_id = g_timeout_add_seconds (PURGE_FIRST_SECONDS, first_purge_timeout_cb, self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_QUEUE_SOURCE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STORE]);
}

/* GObject ------------------------------------------------------------------- */

static void
mdg_workstation_constructed (GObject *object)
{
  MdgWorkstation *self = (MdgWorkstation *)object;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  G_OBJECT_CLASS (mdg_workstation_parent_class)->constructed (object);

  if (self->store_path == NULL)
    self->store_path = mdg_store_dup_default_path ();

  /* Without the schema (an uninstalled run without GSETTINGS_SCHEMA_DIR),
   * the windows work and forget what they would keep. */
  if (source != NULL && (schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE)))
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_debug ("Schema %s is not installed; settings will not be kept", SCHEMA_ID);
}

static void
mdg_workstation_dispose (GObject *object)
{
  MdgWorkstation *self = (MdgWorkstation *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->purge_id, g_source_remove);
  g_clear_object (&self->queue_source);
  stop_link (self);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mdg_workstation_parent_class)->dispose (object);
}

static void
mdg_workstation_finalize (GObject *object)
{
  MdgWorkstation *self = (MdgWorkstation *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->catalog, mdg_catalog_unref);
  g_clear_error (&self->store_error);
  g_clear_error (&self->catalog_error);

  G_OBJECT_CLASS (mdg_workstation_parent_class)->finalize (object);
}

static void
mdg_workstation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MdgWorkstation *self = MDG_WORKSTATION (object);

  switch (prop_id)
    {
    case PROP_STORE_PATH:
      g_value_set_string (value, self->store_path);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_STORE_ERROR:
      g_value_set_boxed (value, self->store_error);
      break;

    case PROP_CONNINFO:
      g_value_set_string (value, self->conninfo);
      break;

    case PROP_LINK:
      g_value_set_object (value, self->link);
      break;

    case PROP_QUEUE_SOURCE:
      g_value_set_object (value, self->queue_source);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_workstation_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MdgWorkstation *self = MDG_WORKSTATION (object);

  switch (prop_id)
    {
    case PROP_STORE_PATH:
      self->store_path = g_value_dup_string (value);
      break;

    case PROP_CONNINFO:
      mdg_workstation_set_conninfo (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_workstation_class_init (MdgWorkstationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mdg_workstation_constructed;
  object_class->dispose = mdg_workstation_dispose;
  object_class->finalize = mdg_workstation_finalize;
  object_class->get_property = mdg_workstation_get_property;
  object_class->set_property = mdg_workstation_set_property;

  properties [PROP_STORE_PATH] =
    g_param_spec_string ("store-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MDG_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_STORE_ERROR] =
    g_param_spec_boxed ("store-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_CONNINFO] =
    g_param_spec_string ("conninfo", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_LINK] =
    g_param_spec_object ("link", NULL, NULL, MDG_TYPE_WARD_LINK,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_QUEUE_SOURCE] =
    g_param_spec_object ("queue-source", NULL, NULL, MDG_TYPE_QUEUE_SOURCE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mdg_workstation_init (MdgWorkstation *self)
{
  self->cancellable = g_cancellable_new ();
}

/* Public API ---------------------------------------------------------------- */

MdgWorkstation *
mdg_workstation_new (const char *store_path)
{
  return g_object_new (MDG_TYPE_WORKSTATION, "store-path", store_path, NULL);
}

void
mdg_workstation_open (MdgWorkstation *self)
{
  g_return_if_fail (MDG_IS_WORKSTATION (self));

  if (self->opening || self->store != NULL || self->store_error != NULL)
    return;

  /* the embedded default: the local store in the user's data directory,
   * opened (and checked) on the store's worker thread */
  self->opening = TRUE;
  mdg_store_open_async (self->store_path, self->cancellable, store_opened_cb,
                        g_object_ref (self));
}

GSettings *
mdg_workstation_get_settings (MdgWorkstation *self)
{
  g_return_val_if_fail (MDG_IS_WORKSTATION (self), NULL);

  return self->settings;
}

const char *
mdg_workstation_get_store_path (MdgWorkstation *self)
{
  g_return_val_if_fail (MDG_IS_WORKSTATION (self), NULL);

  return self->store_path;
}

MdgStore *
mdg_workstation_get_store (MdgWorkstation *self)
{
  g_return_val_if_fail (MDG_IS_WORKSTATION (self), NULL);

  return self->store;
}

const GError *
mdg_workstation_get_store_error (MdgWorkstation *self)
{
  g_return_val_if_fail (MDG_IS_WORKSTATION (self), NULL);

  return self->store_error;
}

MdgCatalog *
mdg_workstation_get_catalog (MdgWorkstation  *self,
                             GError         **error)
{
  g_return_val_if_fail (MDG_IS_WORKSTATION (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->catalog == NULL && self->catalog_error == NULL)
    self->catalog = mdg_catalog_load_default (&self->catalog_error);

  if (self->catalog == NULL)
    {
      g_propagate_error (error, g_error_copy (self->catalog_error));
      return NULL;
    }

  return self->catalog;
}

const char *
mdg_workstation_get_conninfo (MdgWorkstation *self)
{
  g_return_val_if_fail (MDG_IS_WORKSTATION (self), NULL);

  return self->conninfo;
}

void
mdg_workstation_set_conninfo (MdgWorkstation *self,
                              const char     *conninfo)
{
  g_return_if_fail (MDG_IS_WORKSTATION (self));

  if (conninfo != NULL && conninfo[0] == '\0')
    conninfo = NULL;
  if (g_strcmp0 (conninfo, self->conninfo) == 0)
    return;

  g_free (self->conninfo);
  self->conninfo = g_strdup (conninfo);
  update_link (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONNINFO]);
}

MdgWardLink *
mdg_workstation_get_link (MdgWorkstation *self)
{
  g_return_val_if_fail (MDG_IS_WORKSTATION (self), NULL);

  return self->link;
}

MdgQueueSource *
mdg_workstation_get_queue_source (MdgWorkstation *self)
{
  g_return_val_if_fail (MDG_IS_WORKSTATION (self), NULL);

  return self->queue_source;
}

void
mdg_workstation_set_link_backoff (MdgWorkstation *self,
                                  guint           min_ms,
                                  guint           max_ms)
{
  g_return_if_fail (MDG_IS_WORKSTATION (self));

  self->backoff_min_ms = min_ms;
  self->backoff_max_ms = max_ms;
  if (self->link != NULL && min_ms != 0)
    mdg_ward_link_set_backoff (self->link, min_ms, max_ms);
}
