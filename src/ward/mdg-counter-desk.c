/* mdg-counter-desk.c: the ticket protocol of one counter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-counter-desk"

#include "config.h"

#include "mdg-counter-desk.h"
#include "mdg-ward-error.h"
#include "mdg-ward.h"

struct _MdgCounterDesk
{
  GObject      parent_instance;

  /* owned */
  MdgStore    *store;
  MdgWardLink *link;
  MdgWardConnection *connection;
  MdgTicket   *ticket;   /* at the counter now */
  GArray      *bands;    /* int */

  int          counter;
  guint        n_busy;   /* calls on their way */
};

G_DEFINE_FINAL_TYPE (MdgCounterDesk, mdg_counter_desk, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TICKET,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* What a call is about: the ticket it acts on (NULL for "call next") and
 * whether a called ticket it returns comes to this counter. */
typedef struct
{
  char     *ticket_id;
  gboolean  takes_ticket;
} Call;

static void
call_free (gpointer data)
{
  Call *call = data;

  g_free (call->ticket_id);
  g_free (call);
}

static void
set_ticket (MdgCounterDesk *self,
            MdgTicket      *ticket)
{
  if (self->ticket == NULL && ticket == NULL)
    return;

  g_clear_pointer (&self->ticket, mdg_ticket_free);
  self->ticket = ticket;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TICKET]);
}

static void
busy_begin (MdgCounterDesk *self)
{
  if (self->n_busy++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

static void
busy_end (MdgCounterDesk *self)
{
  g_assert (self->n_busy > 0);

  if (--self->n_busy == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

static MdgWardConnection *
get_connection (MdgCounterDesk  *self,
                GError         **error)
{
  MdgWardConnection *connection = self->connection;

  if (self->link != NULL)
    connection = mdg_ward_link_get_online (self->link) ? mdg_ward_link_get_connection (self->link)
                                                        : NULL;

  if (connection == NULL)
    g_set_error_literal (error, MDG_WARD_ERROR, MDG_WARD_ERROR_UNREACHABLE,
                         "The counter is not connected to the ward database");
  return connection;
}

static gboolean
is_current (MdgCounterDesk *self,
            const char     *ticket_id)
{
  return self->ticket != NULL && ticket_id != NULL && g_str_equal (self->ticket->id, ticket_id);
}

/* Call next --------------------------------------------------------------- */

static void
pending_ended_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  MdgTicket *ticket = g_task_get_task_data (task);

  /* The ticket is the counter's either way: a call left open is answered
   * with the same ticket next time. */
  if (!mdg_store_end_pending_finish (MDG_STORE (object), result, &error))
    g_debug ("The pending call stays open (store error %d)", error->code);

  g_task_return_pointer (task, mdg_ticket_copy (ticket), (GDestroyNotify) mdg_ticket_free);
}

static void
called_next_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MdgCounterDesk *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *pending_id = NULL;
  g_autoptr(MdgTicket) ticket = mdg_ward_call_next_finish (result, &pending_id, &error);

  busy_end (self);
  if (ticket == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The ticket is at the counter (the window announces it as it is told);
   * only then is the call no longer pending. */
  set_ticket (self, mdg_ticket_copy (ticket));
  g_task_set_task_data (task, g_steal_pointer (&ticket), (GDestroyNotify) mdg_ticket_free);
  mdg_store_end_pending_async (self->store, pending_id, self->ticket, NULL, pending_ended_cb,
                               g_object_ref (task));
}

void
mdg_counter_desk_call_next_async (MdgCounterDesk      *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  MdgWardConnection *connection;

  g_return_if_fail (MDG_IS_COUNTER_DESK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mdg_counter_desk_call_next_async);

  if (self->ticket != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               "Ticket %d is still at the counter", self->ticket->number);
      return;
    }
  if (self->bands->len == 0)
    {
      g_task_return_new_error (task, MDG_WARD_ERROR, MDG_WARD_ERROR_NOTHING_WAITING,
                               "The counter calls no band");
      return;
    }
  if (!(connection = get_connection (self, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  busy_begin (self);
  mdg_ward_call_next_async (connection, self->store, self->counter,
                            (const int *) self->bands->data, self->bands->len, cancellable,
                            called_next_cb, g_steal_pointer (&task));
}

/* Operations on one ticket ------------------------------------------------ */

static void
ticket_operated_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MdgCounterDesk *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgTicket) ticket = mdg_ward_ticket_op_finish (result, &error);

  busy_end (self);
  if (ticket == NULL)
    {
      /* Another counter changed it first: it is not this counter's any
       * more. A lost answer leaves it here, for the call to be run again. */
      if ((g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NO_TICKET) ||
           g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_TICKET_STATE)) &&
          is_current (self, call->ticket_id))
        set_ticket (self, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (mdg_ticket_get_state (ticket) == MDG_QUEUE_STATE_CALLED &&
      (is_current (self, ticket->id) || (self->ticket == NULL && call->takes_ticket)))
    /* announced again, or called back to this counter */
    set_ticket (self, mdg_ticket_copy (ticket));
  else if (is_current (self, ticket->id))
    /* no-show, held, transferred or closed: the counter is free */
    set_ticket (self, NULL);

  g_task_return_pointer (task, g_steal_pointer (&ticket), (GDestroyNotify) mdg_ticket_free);
}

static void
run_op (MdgCounterDesk      *self,
        MdgTicketOp         *op,
        gboolean             takes_ticket,
        gpointer             source_tag,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  MdgWardConnection *connection;
  Call *call;

  g_task_set_source_tag (task, source_tag);
  if (op->ticket_id == NULL)
    {
      g_task_return_new_error (task, MDG_WARD_ERROR, MDG_WARD_ERROR_NO_TICKET,
                               "No ticket is at the counter");
      return;
    }

  call = g_new0 (Call, 1);
  call->ticket_id = g_strdup (op->ticket_id);
  call->takes_ticket = takes_ticket;
  g_task_set_task_data (task, call, call_free);

  if (!(connection = get_connection (self, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  busy_begin (self);
  mdg_ward_ticket_op_async (connection, self->store, op, cancellable, ticket_operated_cb,
                            g_steal_pointer (&task));
}

void
mdg_counter_desk_recall_async (MdgCounterDesk      *self,
                               gboolean             no_show,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  /* No recall left: the ward records the no-show. */
  MdgTicketOp op = {
    .kind = MDG_TICKET_OP_RECALL,
    .value = no_show ? 0 : MDG_COUNTER_DESK_ALLOWED_RECALLS,
  };

  g_return_if_fail (MDG_IS_COUNTER_DESK (self));

  op.ticket_id = self->ticket != NULL ? self->ticket->id : NULL;
  op.counter = self->counter;
  run_op (self, &op, FALSE, mdg_counter_desk_recall_async, cancellable, callback, user_data);
}

void
mdg_counter_desk_hold_async (MdgCounterDesk      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  MdgTicketOp op = { .kind = MDG_TICKET_OP_HOLD };

  g_return_if_fail (MDG_IS_COUNTER_DESK (self));

  op.ticket_id = self->ticket != NULL ? self->ticket->id : NULL;
  op.counter = self->counter;
  run_op (self, &op, FALSE, mdg_counter_desk_hold_async, cancellable, callback, user_data);
}

void
mdg_counter_desk_call_held_async (MdgCounterDesk      *self,
                                  const char          *ticket_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  MdgTicketOp op = {
    .kind = MDG_TICKET_OP_RECALL,
    .value = MDG_COUNTER_DESK_ALLOWED_RECALLS,
  };

  g_return_if_fail (MDG_IS_COUNTER_DESK (self));
  g_return_if_fail (ticket_id != NULL);

  if (self->ticket != NULL)
    {
      g_task_report_new_error (self, callback, user_data, mdg_counter_desk_call_held_async,
                               G_IO_ERROR, G_IO_ERROR_BUSY,
                               "Ticket %d is still at the counter", self->ticket->number);
      return;
    }

  op.ticket_id = (char *) ticket_id;
  op.counter = self->counter;
  run_op (self, &op, TRUE, mdg_counter_desk_call_held_async, cancellable, callback, user_data);
}

void
mdg_counter_desk_transfer_async (MdgCounterDesk      *self,
                                 int                  band,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  /* to the band, for any counter */
  MdgTicketOp op = { .kind = MDG_TICKET_OP_TRANSFER, .band = band, .counter = 0 };

  g_return_if_fail (MDG_IS_COUNTER_DESK (self));

  op.ticket_id = self->ticket != NULL ? self->ticket->id : NULL;
  run_op (self, &op, FALSE, mdg_counter_desk_transfer_async, cancellable, callback, user_data);
}

void
mdg_counter_desk_close_async (MdgCounterDesk      *self,
                              const char          *case_id,
                              const char          *event,
                              int                  rating,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(MdgTicket) ticket = NULL;
  MdgTicketOp op = { .kind = MDG_TICKET_OP_CLOSE, .value = rating };

  g_return_if_fail (MDG_IS_COUNTER_DESK (self));

  /* The stay time ends with the visit: the counter is free at once. */
  ticket = g_steal_pointer (&self->ticket);
  if (ticket != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TICKET]);

  op.ticket_id = ticket != NULL ? ticket->id : NULL;
  op.counter = self->counter;
  op.case_id = (char *) case_id;
  op.event = (char *) event;
  run_op (self, &op, FALSE, mdg_counter_desk_close_async, cancellable, callback, user_data);
}

MdgTicket *
mdg_counter_desk_call_finish (MdgCounterDesk  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (MDG_IS_COUNTER_DESK (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GObject ----------------------------------------------------------------- */

static void
mdg_counter_desk_dispose (GObject *object)
{
  MdgCounterDesk *self = (MdgCounterDesk *)object;

  g_clear_object (&self->link);
  g_clear_object (&self->connection);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (mdg_counter_desk_parent_class)->dispose (object);
}

static void
mdg_counter_desk_finalize (GObject *object)
{
  MdgCounterDesk *self = (MdgCounterDesk *)object;

  g_clear_pointer (&self->ticket, mdg_ticket_free);
  g_clear_pointer (&self->bands, g_array_unref);

  G_OBJECT_CLASS (mdg_counter_desk_parent_class)->finalize (object);
}

static void
mdg_counter_desk_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MdgCounterDesk *self = MDG_COUNTER_DESK (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      g_value_set_pointer (value, (gpointer) mdg_counter_desk_get_ticket (self));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, mdg_counter_desk_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_counter_desk_class_init (MdgCounterDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mdg_counter_desk_dispose;
  object_class->finalize = mdg_counter_desk_finalize;
  object_class->get_property = mdg_counter_desk_get_property;

  /* MdgTicket (borrowed), or NULL: the ticket at the counter now */
  properties [PROP_TICKET] =
    g_param_spec_pointer ("ticket", NULL, NULL,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mdg_counter_desk_init (MdgCounterDesk *self)
{
  self->bands = g_array_new (FALSE, FALSE, sizeof (int));
  self->counter = 1;
}

MdgCounterDesk *
mdg_counter_desk_new (MdgStore *store)
{
  MdgCounterDesk *self;

  g_return_val_if_fail (MDG_IS_STORE (store), NULL);

  self = g_object_new (MDG_TYPE_COUNTER_DESK, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
mdg_counter_desk_set_link (MdgCounterDesk *self,
                           MdgWardLink    *link)
{
  g_return_if_fail (MDG_IS_COUNTER_DESK (self));
  g_return_if_fail (link == NULL || MDG_IS_WARD_LINK (link));

  g_set_object (&self->link, link);
}

void
mdg_counter_desk_set_connection (MdgCounterDesk    *self,
                                 MdgWardConnection *connection)
{
  g_return_if_fail (MDG_IS_COUNTER_DESK (self));
  g_return_if_fail (connection == NULL || MDG_IS_WARD_CONNECTION (connection));

  g_set_object (&self->connection, connection);
}

void
mdg_counter_desk_set_counter (MdgCounterDesk *self,
                              int             counter,
                              const int      *bands,
                              guint           n_bands)
{
  g_return_if_fail (MDG_IS_COUNTER_DESK (self));
  g_return_if_fail (counter > 0);
  g_return_if_fail (bands != NULL || n_bands == 0);

  self->counter = counter;
  g_array_set_size (self->bands, 0);
  g_array_append_vals (self->bands, bands, n_bands);
}

int
mdg_counter_desk_get_counter (MdgCounterDesk *self)
{
  g_return_val_if_fail (MDG_IS_COUNTER_DESK (self), 0);

  return self->counter;
}

const MdgTicket *
mdg_counter_desk_get_ticket (MdgCounterDesk *self)
{
  g_return_val_if_fail (MDG_IS_COUNTER_DESK (self), NULL);

  return self->ticket;
}

gboolean
mdg_counter_desk_get_busy (MdgCounterDesk *self)
{
  g_return_val_if_fail (MDG_IS_COUNTER_DESK (self), FALSE);

  return self->n_busy > 0;
}
