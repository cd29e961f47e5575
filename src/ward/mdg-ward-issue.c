/* mdg-ward-issue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The steps below pass NULL cancellables to the store and the ward: a step
 * that has begun always ends, so a pending id is never left half-written.
 * The caller's cancellable only decides whether it hears the answer.
 */

#define G_LOG_DOMAIN "mdg-ward-issue"

#include "config.h"

#include "mdg-store-error.h"
#include "mdg-ward.h"
#include "mdg-ward-error.h"
#include "mdg-ward-issue.h"

typedef struct
{
  MdgWardConnection *connection;  /* NULL: offline */
  MdgStore          *store;
  MdgTicket         *ticket;
  char              *pending_id;
  GError            *fallback;
  int                band;
  gboolean           offline;
  gboolean           sync;
} Issue;

static void
issue_free (Issue *issue)
{
  g_clear_object (&issue->connection);
  g_clear_object (&issue->store);
  g_clear_pointer (&issue->ticket, mdg_ticket_free);
  g_free (issue->pending_id);
  g_clear_error (&issue->fallback);
  g_free (issue);
}

static GTask *
issue_task_new (MdgWardConnection   *connection,
                MdgStore            *store,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data,
                gpointer             source_tag,
                Issue              **out_issue)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Issue *issue = g_new0 (Issue, 1);

  issue->connection = connection != NULL ? g_object_ref (connection) : NULL;
  issue->store = g_object_ref (store);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, issue, (GDestroyNotify) issue_free);
  *out_issue = issue;
  return task;
}

/* Issue --------------------------------------------------------------------- */

static void
issue_leased_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Issue *issue = g_task_get_task_data (task);
  GError *error = NULL;
  MdgTicket *ticket = mdg_store_issue_leased_finish (issue->store, result, &error);

  if (ticket == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Ticket %d issued from a lease", ticket->number);
  g_task_return_pointer (task, ticket, (GDestroyNotify) mdg_ticket_free);
}

static void
pending_voided_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Issue *issue = g_task_get_task_data (task);
  GError *error = NULL;

  if (!mdg_store_void_pending_finish (issue->store, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  mdg_store_issue_leased_async (issue->store, issue->band, NULL, issue_leased_cb,
                                g_steal_pointer (&task));
}

static void
issue_offline (GTask *task)
{
  Issue *issue = g_task_get_task_data (task);

  issue->offline = TRUE;
  /* An online issue whose answer was lost is given up: the ward voids it. */
  mdg_store_void_pending_async (issue->store, issue->band, NULL, pending_voided_cb,
                                g_object_ref (task));
}

static void
pending_ended_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Issue *issue = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Left open, the next issue of the band gets the same ticket again. */
  if (!mdg_store_end_pending_finish (issue->store, result, &error))
    g_debug ("The pending issue stays open (store error %d)", error->code);

  g_task_return_pointer (task, g_steal_pointer (&issue->ticket),
                         (GDestroyNotify) mdg_ticket_free);
}

static void
issued_online_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Issue *issue = g_task_get_task_data (task);
  GError *error = NULL;

  issue->ticket = mdg_ward_issue_ticket_finish (result, &issue->pending_id, &error);
  if (issue->ticket == NULL)
    {
      /* No number left online, or the link broke before the answer. */
      if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NO_NUMBER) ||
          g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_BROKEN) ||
          g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_UNREACHABLE))
        {
          g_debug ("Online issue of band %d failed (ward error %d), trying the leases",
                   issue->band, error->code);
          issue->fallback = error;
          issue_offline (task);
        }
      else
        g_task_return_error (task, error);
      return;
    }

  /* Before the number goes out: close the pending id, durably. A number
   * already announced is then never announced again. */
  g_debug ("Ticket %d issued online", issue->ticket->number);
  mdg_store_end_pending_async (issue->store, issue->pending_id, issue->ticket, NULL,
                               pending_ended_cb, g_steal_pointer (&task));
}

void
mdg_ward_issue_async (MdgWardConnection   *connection,
                      MdgStore            *store,
                      int                  band,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Issue *issue;

  g_return_if_fail (connection == NULL || MDG_IS_WARD_CONNECTION (connection));
  g_return_if_fail (MDG_IS_STORE (store));
  g_return_if_fail (band > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = issue_task_new (connection, store, cancellable, callback, user_data,
                         mdg_ward_issue_async, &issue);
  issue->band = band;

  if (connection == NULL)
    issue_offline (task);
  else
    mdg_ward_issue_ticket_async (connection, store, band, NULL, issued_online_cb,
                                 g_steal_pointer (&task));
}

MdgTicket *
mdg_ward_issue_finish (GAsyncResult  *result,
                       gboolean      *offline,
                       GError       **error)
{
  Issue *issue;
  MdgTicket *ticket;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mdg_ward_issue_async, NULL);

  issue = g_task_get_task_data (G_TASK (result));
  ticket = g_task_propagate_pointer (G_TASK (result), error);
  if (offline != NULL)
    *offline = ticket != NULL && issue->offline;
  return ticket;
}

const GError *
mdg_ward_issue_get_fallback_error (GAsyncResult *result)
{
  Issue *issue;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mdg_ward_issue_async, NULL);

  issue = g_task_get_task_data (G_TASK (result));
  return issue->fallback;
}

/* Follow-up ----------------------------------------------------------------- */

static void
follow_up_done (GTask *task)
{
  g_task_return_boolean (task, TRUE);
}

static void
pulled_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!mdg_ward_pull_finish (result, &error))
    g_debug ("No pull after the issue (ward error %d)", error->code);
  follow_up_done (task);
}

static void
pushed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Issue *issue = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (mdg_ward_push_finish (result, &error) < 0)
    {
      g_debug ("No push after the issue (ward error %d)", error->code);
      follow_up_done (task);
      return;
    }

  mdg_ward_pull_async (issue->connection, issue->store, FALSE, NULL, pulled_cb,
                       g_steal_pointer (&task));
}

static void
voids_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Issue *issue = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!mdg_ward_send_voids_finish (result, &error))
    {
      g_debug ("No voids sent after the issue (ward error %d)", error->code);
      follow_up_done (task);
      return;
    }

  mdg_ward_push_async (issue->connection, issue->store, NULL, pushed_cb,
                       g_steal_pointer (&task));
}

static void
follow_up_sync (GTask *task)
{
  Issue *issue = g_task_get_task_data (task);

  if (!issue->sync)
    {
      follow_up_done (task);
      return;
    }

  /* Tickets issued offline earlier reach the ward (and the queue) now. */
  mdg_ward_send_voids_async (issue->connection, issue->store, NULL, voids_sent_cb,
                             g_object_ref (task));
}

static void
leased_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!mdg_ward_lease_finish (result, &error))
    g_debug ("No lease (ward error %d)", error->code);
  follow_up_sync (task);
}

static void
leased_counted_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Issue *issue = g_task_get_task_data (task);
  gint64 left = mdg_store_count_leased_finish (issue->store, result, NULL);

  if (left >= 0 && left < MDG_WARD_ISSUE_LEASE_LOW_WATER)
    {
      g_debug ("%" G_GINT64_FORMAT " leased numbers of band %d left: leasing more",
               left, issue->band);
      mdg_ward_lease_async (issue->connection, issue->store, issue->band, NULL, leased_cb,
                            g_steal_pointer (&task));
      return;
    }

  follow_up_sync (task);
}

void
mdg_ward_issue_follow_up_async (MdgWardConnection   *connection,
                                MdgStore            *store,
                                const MdgTicket     *ticket,
                                gboolean             sync,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Issue *issue;

  g_return_if_fail (MDG_IS_WARD_CONNECTION (connection));
  g_return_if_fail (MDG_IS_STORE (store));
  g_return_if_fail (ticket != NULL && ticket->day != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = issue_task_new (connection, store, cancellable, callback, user_data,
                         mdg_ward_issue_follow_up_async, &issue);
  issue->band = ticket->band;
  issue->sync = !!sync;

  mdg_store_count_leased_async (store, ticket->day, ticket->band, NULL, leased_counted_cb,
                                g_steal_pointer (&task));
}

gboolean
mdg_ward_issue_follow_up_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        mdg_ward_issue_follow_up_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
