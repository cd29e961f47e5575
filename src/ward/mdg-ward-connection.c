/* mdg-ward-connection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-ward-connection"

#include "config.h"

#include <glib-unix.h>
#include <string.h>

#include "mdg-ward-connection.h"
#include "mdg-ward-conninfo.h"
#include "mdg-ward-credentials.h"

#define DEFAULT_TIMEOUT_SECONDS 10

typedef struct
{
  GTask     *task;
  char      *sql;
  GPtrArray *params;   /* nullable strings; NULL for the simple protocol */
  PGresult  *result;
  GError    *error;
} Query;

struct _MdgWardConnection
{
  GObject       parent_instance;

  /* owned */
  PGconn       *conn;
  GQueue        queries;       /* Query *; the head is in flight once sent */
  GTask        *connect_task;
  GPtrArray    *keywords;      /* connect parameters, NULL-terminated */
  GPtrArray    *values;
  GError       *closed_error;

  guint         watch_id;
  GIOCondition  watch_condition;
  guint         timeout_id;
  guint         query_sent : 1;
  guint         pumping : 1;
  guint         tried_keyring : 1;
};

G_DEFINE_FINAL_TYPE (MdgWardConnection, mdg_ward_connection, G_TYPE_OBJECT)

enum {
  NOTIFICATION,
  CLOSED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void     set_watch (MdgWardConnection *self,
                           GIOCondition       condition);
static void     pump      (MdgWardConnection *self);

static void
query_free (Query *query)
{
  g_clear_object (&query->task);
  g_free (query->sql);
  g_clear_pointer (&query->params, g_ptr_array_unref);
  g_clear_pointer (&query->result, PQclear);
  g_clear_error (&query->error);
  g_free (query);
}

const char *
mdg_ward_error_get_sqlstate (const GError *error)
{
  static char sqlstate[6];

  if (error == NULL || !g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_SERVER) ||
      strlen (error->message) < 7 || error->message[5] != ':')
    return NULL;

  /* Only read on the main thread, like everything here. */
  memcpy (sqlstate, error->message, 5);
  sqlstate[5] = '\0';
  return sqlstate;
}

/* libpq's message, one line; server messages are never passed on (they can
 * quote key values), only those of libpq itself (host, port, reason). */
static char *
dup_connection_message (PGconn *conn)
{
  g_autofree char *message = g_strdup (conn != NULL ? PQerrorMessage (conn) : "out of memory");

  g_strstrip (g_strdelimit (message, "\r\n\t", ' '));
  return g_steal_pointer (&message);
}

static void
on_notice_cb (void           *arg,
              const PGresult *result)
{
  g_debug ("Notice %s", PQresultErrorField (result, PG_DIAG_SQLSTATE));
}

/* Connection closing ------------------------------------------------------- */

static void
fail_all (MdgWardConnection *self)
{
  Query *query;

  while ((query = g_queue_pop_head (&self->queries)))
    {
      g_task_return_error (query->task, g_error_copy (self->closed_error));
      query_free (query);
    }
  self->query_sent = FALSE;
}

static void
close_with_error (MdgWardConnection *self,
                  GError            *error)
{
  if (self->closed_error != NULL)
    {
      g_error_free (error);
      return;
    }

  g_debug ("Connection closed: %s", error->message);
  self->closed_error = error;
  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_pointer (&self->conn, PQfinish);
  fail_all (self);
  g_signal_emit (self, signals [CLOSED], 0);
}

static void
close_broken (MdgWardConnection *self)
{
  g_autofree char *message = dup_connection_message (self->conn);

  close_with_error (self, g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_BROKEN,
                                       "The link to the ward database broke: %s", message));
}

/* Connecting --------------------------------------------------------------- */

static void connect_start (MdgWardConnection *self);

static void
connect_fail (MdgWardConnection *self,
              GError            *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_pointer (&self->conn, PQfinish);
  if (self->closed_error == NULL)
    self->closed_error = g_error_copy (error);
  g_task_return_error (task, error);
}

static const char *
get_param (MdgWardConnection *self,
           const char        *keyword)
{
  /* The last value given wins, as in libpq. */
  for (guint i = self->keywords->len - 1; i-- > 0;)
    {
      if (g_strcmp0 (g_ptr_array_index (self->keywords, i), keyword) == 0)
        return g_ptr_array_index (self->values, i);
    }

  return NULL;
}

static void
add_param (MdgWardConnection *self,
           const char        *keyword,
           const char        *value)
{
  /* Keep the NULL terminators last. */
  g_ptr_array_insert (self->keywords, self->keywords->len - 1, g_strdup (keyword));
  g_ptr_array_insert (self->values, self->values->len - 1, g_strdup (value));
}

static void
password_lookup_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MdgWardConnection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = mdg_ward_credentials_lookup_finish (result, &error);

  if (self->connect_task == NULL)
    return;

  if (password == NULL)
    {
      g_debug ("No password in the keyring%s", error != NULL ? " (the keyring failed)" : "");
      connect_fail (self, g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_UNREACHABLE,
                                       "The ward database asks for a password and the keyring "
                                       "has none (madoguchi-tool ward login)"));
      return;
    }

  add_param (self, "password", password);
  memset (password, 0, strlen (password));
  connect_start (self);
}

static void
connect_poll (MdgWardConnection *self)
{
  PostgresPollingStatusType status = PQconnectPoll (self->conn);

  switch (status)
    {
    case PGRES_POLLING_READING:
      set_watch (self, G_IO_IN);
      break;

    case PGRES_POLLING_WRITING:
      set_watch (self, G_IO_OUT);
      break;

    case PGRES_POLLING_OK:
      {
        g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

        g_clear_handle_id (&self->timeout_id, g_source_remove);
        if (PQsetnonblocking (self->conn, 1) != 0)
          {
            self->connect_task = g_steal_pointer (&task);
            connect_fail (self, g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_UNREACHABLE,
                                             "Cannot make the connection non-blocking"));
            return;
          }
        PQsetNoticeReceiver (self->conn, on_notice_cb, NULL);
        g_debug ("Connected (server %d)", PQserverVersion (self->conn));
        /* Notifications may arrive at any time. */
        set_watch (self, G_IO_IN);
        g_task_return_pointer (task, g_object_ref (self), g_object_unref);
      }
      break;

    case PGRES_POLLING_FAILED:
    case PGRES_POLLING_ACTIVE:
    default:
      {
        g_autofree char *message = dup_connection_message (self->conn);
        gboolean needs_password = PQconnectionNeedsPassword (self->conn);
        gboolean used_password = PQconnectionUsedPassword (self->conn);

        g_clear_handle_id (&self->watch_id, g_source_remove);
        g_clear_pointer (&self->conn, PQfinish);
        if (needs_password && !self->tried_keyring && get_param (self, "password") == NULL)
          {
            self->tried_keyring = TRUE;
            g_debug ("The server asks for a password; looking in the keyring");
            mdg_ward_credentials_lookup_async (get_param (self, "host"),
                                               get_param (self, "port"),
                                               get_param (self, "dbname"),
                                               get_param (self, "user"),
                                               g_task_get_cancellable (self->connect_task),
                                               password_lookup_cb, g_object_ref (self));
            return;
          }
        /* The server answered, and did not take the password. */
        if (used_password)
          {
            connect_fail (self, g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_LOGIN,
                                             "The ward database refused the login: %s",
                                             message));
            return;
          }
        connect_fail (self, g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_UNREACHABLE,
                                         "Cannot reach the ward database: %s", message));
      }
      break;
    }
}

static gboolean
connect_timeout_cb (gpointer user_data)
{
  MdgWardConnection *self = user_data;

  self->timeout_id = 0;
  connect_fail (self, g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_UNREACHABLE,
                                   "The ward database did not answer in time"));
  return G_SOURCE_REMOVE;
}

static void
connect_start (MdgWardConnection *self)
{
  self->conn = PQconnectStartParams ((const char * const *) self->keywords->pdata,
                                     (const char * const *) self->values->pdata, 0);
  if (self->conn == NULL || PQstatus (self->conn) == CONNECTION_BAD)
    {
      g_autofree char *message = dup_connection_message (self->conn);

      connect_fail (self, g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_UNREACHABLE,
                                       "Cannot reach the ward database: %s", message));
      return;
    }

  /* PQconnectPoll starts as if it had returned PGRES_POLLING_WRITING. */
  set_watch (self, G_IO_OUT);
}

/* Queries ------------------------------------------------------------------ */

static void
finish_query (MdgWardConnection *self)
{
  Query *query = g_queue_pop_head (&self->queries);

  self->query_sent = FALSE;

  /* An error that comes with a dead connection is a broken link: whether
   * the server committed is unknown. */
  if (query->error != NULL && PQstatus (self->conn) == CONNECTION_BAD)
    {
      g_queue_push_head (&self->queries, query);
      close_broken (self);
      return;
    }

  if (query->error != NULL)
    g_task_return_error (query->task, g_steal_pointer (&query->error));
  else if (query->result == NULL)
    g_task_return_new_error (query->task, MDG_WARD_ERROR, MDG_WARD_ERROR_BROKEN,
                             "The ward database gave no answer");
  else
    g_task_return_pointer (query->task, g_steal_pointer (&query->result),
                           (GDestroyNotify) PQclear);
  query_free (query);
}

static void
take_result (Query    *query,
             PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY)
    {
      /* exec: keep the last result with rows, else the last one */
      if (query->result == NULL || status == PGRES_TUPLES_OK ||
          PQresultStatus (query->result) != PGRES_TUPLES_OK)
        {
          g_clear_pointer (&query->result, PQclear);
          query->result = result;
          return;
        }
    }
  else if (query->error == NULL)
    {
      const char *sqlstate = PQresultErrorField (result, PG_DIAG_SQLSTATE);

      g_debug ("Statement failed, SQLSTATE %s", sqlstate != NULL ? sqlstate : "-");
      query->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_SERVER,
                                  "%s: the ward database refused the statement",
                                  sqlstate != NULL ? sqlstate : "XX000");
    }

  PQclear (result);
}

static void
send_next (MdgWardConnection *self)
{
  Query *query = g_queue_peek_head (&self->queries);
  int sent;

  if (query == NULL || self->query_sent)
    return;

  if (query->params == NULL)
    sent = PQsendQuery (self->conn, query->sql);
  else
    sent = PQsendQueryParams (self->conn, query->sql, query->params->len, NULL,
                              (const char * const *) query->params->pdata, NULL, NULL, 0);
  if (!sent)
    {
      close_broken (self);
      return;
    }

  self->query_sent = TRUE;
}

static void pump_once (MdgWardConnection *self);

/* Emits the notifications libpq has parsed; FALSE if a handler closed the
 * connection. */
static gboolean
emit_notifications (MdgWardConnection *self)
{
  PGnotify *notify;

  while ((notify = PQnotifies (self->conn)))
    {
      g_debug ("Notification on %s", notify->relname);
      g_signal_emit (self, signals [NOTIFICATION], 0, notify->relname, notify->extra);
      PQfreemem (notify);
      if (self->conn == NULL)
        return FALSE;
    }

  return TRUE;
}

/* Does whatever the socket allows: flush, read, hand out results. A callback
 * that queues another query only queues it: the loop here sends it. */
static void
pump (MdgWardConnection *self)
{
  g_autoptr(MdgWardConnection) hold = g_object_ref (self);

  if (self->pumping)
    return;
  self->pumping = TRUE;
  pump_once (self);
  self->pumping = FALSE;
}

static void
pump_once (MdgWardConnection *self)
{
  int flushed;

  send_next (self);
  if (self->conn == NULL)
    return;

  if ((flushed = PQflush (self->conn)) < 0)
    {
      close_broken (self);
      return;
    }

  if (!PQconsumeInput (self->conn))
    {
      close_broken (self);
      return;
    }

  if (!emit_notifications (self))
    return;

  while (self->query_sent && !PQisBusy (self->conn))
    {
      PGresult *result = PQgetResult (self->conn);
      Query *query = g_queue_peek_head (&self->queries);

      if (result != NULL)
        {
          take_result (query, result);
          continue;
        }

      finish_query (self);
      if (self->conn == NULL)
        return;
      send_next (self);
      if (self->conn == NULL)
        return;
      if ((flushed = PQflush (self->conn)) < 0)
        {
          close_broken (self);
          return;
        }
    }

  /* PQisBusy() parsed whatever the last read brought, a notification that
   * came with a result too: handed out now, as the socket has nothing left
   * to wake the watch for it. */
  if (!emit_notifications (self))
    return;

  set_watch (self, flushed == 1 ? G_IO_IN | G_IO_OUT : G_IO_IN);
}

static gboolean
on_socket_ready_cb (int          fd,
                    GIOCondition condition,
                    gpointer     user_data)
{
  g_autoptr(MdgWardConnection) self = g_object_ref (user_data);

  self->watch_id = 0;
  if (self->connect_task != NULL)
    connect_poll (self);
  else if (self->conn != NULL)
    pump (self);

  return G_SOURCE_REMOVE;
}

/* The socket can change while connecting, so the watch is made anew. */
static void
set_watch (MdgWardConnection *self,
           GIOCondition       condition)
{
  int fd = PQsocket (self->conn);

  g_clear_handle_id (&self->watch_id, g_source_remove);
  if (fd < 0)
    {
      if (self->connect_task != NULL)
        connect_fail (self, g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_UNREACHABLE,
                                         "The connection has no socket"));
      else
        close_broken (self);
      return;
    }

  self->watch_condition = condition;
  self->watch_id = g_unix_fd_add (fd, condition | G_IO_ERR | G_IO_HUP, on_socket_ready_cb, self);
}

static void
queue_query (MdgWardConnection   *self,
             const char          *sql,
             GPtrArray           *params,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  Query *query = g_new0 (Query, 1);

  query->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (query->task, mdg_ward_connection_query_async);
  query->sql = g_strdup (sql);
  query->params = params;

  if (self->conn == NULL)
    {
      GError *error = self->closed_error != NULL
        ? g_error_copy (self->closed_error)
        : g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_BROKEN, "The connection is closed");

      g_task_return_error (query->task, error);
      query_free (query);
      return;
    }

  g_queue_push_tail (&self->queries, query);
  if (!self->query_sent)
    pump (self);
}

/* GObject ------------------------------------------------------------------ */

static void
mdg_ward_connection_dispose (GObject *object)
{
  MdgWardConnection *self = (MdgWardConnection *)object;

  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_pointer (&self->conn, PQfinish);

  G_OBJECT_CLASS (mdg_ward_connection_parent_class)->dispose (object);
}

static void
mdg_ward_connection_finalize (GObject *object)
{
  MdgWardConnection *self = (MdgWardConnection *)object;

  g_assert (g_queue_is_empty (&self->queries));
  g_clear_pointer (&self->keywords, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_ptr_array_unref);
  g_clear_error (&self->closed_error);

  G_OBJECT_CLASS (mdg_ward_connection_parent_class)->finalize (object);
}

static void
mdg_ward_connection_class_init (MdgWardConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mdg_ward_connection_dispose;
  object_class->finalize = mdg_ward_connection_finalize;

  /**
   * MdgWardConnection::notification:
   * @channel: the channel
   * @payload: the payload
   *
   * Emitted for each NOTIFY on a channel this connection LISTENs to.
   */
  signals [NOTIFICATION] =
    g_signal_new ("notification",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * MdgWardConnection::closed:
   *
   * Emitted once when the connection breaks or is closed.
   */
  signals [CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mdg_ward_connection_init (MdgWardConnection *self)
{
  g_queue_init (&self->queries);
  self->keywords = g_ptr_array_new_with_free_func (g_free);
  self->values = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->keywords, NULL);
  g_ptr_array_add (self->values, NULL);
}

/* Public API --------------------------------------------------------------- */

static void
connection_new (const char          *conninfo,
                const char          *password,
                guint                timeout_seconds,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(MdgWardConnection) self = NULL;
  g_autoptr(GError) error = NULL;
  PQconninfoOption *options;
  gboolean local = TRUE;

  g_return_if_fail (conninfo != NULL);

  self = g_object_new (MDG_TYPE_WARD_CONNECTION, NULL);
  self->connect_task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->connect_task, connection_new);

  /* Refused before anything is sent: no TLS to a remote host, a password
   * in the string (ward-security.md). */
  if (!(options = mdg_ward_conninfo_check (conninfo, &local, &error)))
    {
      connect_fail (self, g_steal_pointer (&error));
      return;
    }

  /* Defaults first, so that the connection string overrides them. */
  add_param (self, "keepalives", "1");
  add_param (self, "keepalives_idle", "10");
  add_param (self, "keepalives_interval", "5");
  add_param (self, "keepalives_count", "3");
  add_param (self, "application_name", "madoguchi");
  /* A workstation that vanished mid-transaction (a cable pulled, a
   * half-open socket) must not hold its locks over every other counter. */
  add_param (self, "options", "-c idle_in_transaction_session_timeout=30s");
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (option->val != NULL)
        add_param (self, option->keyword, option->val);
    }
  PQconninfoFree (options);
  /* A remote server proves itself with its certificate (verify-full):
   * libpq must not settle for GSSAPI encryption instead. */
  if (!local)
    add_param (self, "gssencmode", "disable");
  if (password != NULL)
    {
      add_param (self, "password", password);
      self->tried_keyring = TRUE;
    }

  self->timeout_id = g_timeout_add_seconds (timeout_seconds > 0 ? timeout_seconds
                                                                : DEFAULT_TIMEOUT_SECONDS,
                                            connect_timeout_cb, self);
  connect_start (self);
}

void
mdg_ward_connection_new_async (const char          *conninfo,
                               guint                timeout_seconds,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (conninfo != NULL);

  connection_new (conninfo, NULL, timeout_seconds, cancellable, callback, user_data);
}

void
mdg_ward_connection_new_with_password_async (const char          *conninfo,
                                             const char          *password,
                                             guint                timeout_seconds,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (conninfo != NULL);
  g_return_if_fail (password != NULL);

  connection_new (conninfo, password, timeout_seconds, cancellable, callback, user_data);
}

MdgWardConnection *
mdg_ward_connection_new_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
mdg_ward_connection_query_async (MdgWardConnection   *self,
                                 const char          *sql,
                                 guint                n_params,
                                 const char * const  *params,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GPtrArray *array;

  g_return_if_fail (MDG_IS_WARD_CONNECTION (self));
  g_return_if_fail (sql != NULL);

  array = g_ptr_array_new_full (n_params + 1, g_free);
  for (guint i = 0; i < n_params; i++)
    g_ptr_array_add (array, g_strdup (params[i]));

  queue_query (self, sql, array, cancellable, callback, user_data);
}

void
mdg_ward_connection_exec_async (MdgWardConnection   *self,
                                const char          *sql,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (MDG_IS_WARD_CONNECTION (self));
  g_return_if_fail (sql != NULL);

  queue_query (self, sql, NULL, cancellable, callback, user_data);
}

PGresult *
mdg_ward_connection_query_finish (MdgWardConnection  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (MDG_IS_WARD_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
mdg_ward_connection_is_open (MdgWardConnection *self)
{
  g_return_val_if_fail (MDG_IS_WARD_CONNECTION (self), FALSE);

  return self->conn != NULL && self->connect_task == NULL;
}

void
mdg_ward_connection_close (MdgWardConnection *self)
{
  g_return_if_fail (MDG_IS_WARD_CONNECTION (self));

  close_with_error (self, g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_BROKEN,
                                       "The connection was closed"));
}
