/* test-visit.c: MdgVisit without a display: a demo household's visit, its
 * answers, its draft and its record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mdg-core-error.h"
#include "mdg-interview.h"
#include "mdg-visit.h"
#include "test-core.h"
#include "test-util.h"

/* a valid 個人番号 (check digit 8): never in a log */
#define NUMBER "123456789018"

typedef struct
{
  MdgCatalog     *catalog;
  MdgFormCatalog *forms;
  MdgVisit       *visit;
  guint           n_case;
  guint           n_changed;
} Fixture;

static MdgHousehold *
load_household (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MdgHousehold *household = mdg_household_new_from_file (file, &error);

  g_assert_no_error (error);
  return household;
}

static void
on_notify_case_cb (MdgVisit   *visit,
                   GParamSpec *pspec,
                   Fixture    *fixture)
{
  fixture->n_case++;
}

static void
on_changed_cb (MdgVisit *visit,
               Fixture  *fixture)
{
  fixture->n_changed++;
}

static MdgVisit *
new_visit (Fixture *fixture)
{
  MdgVisit *visit = mdg_visit_new (fixture->catalog, fixture->forms);

  g_signal_connect (visit, "notify::case", G_CALLBACK (on_notify_case_cb), fixture);
  g_signal_connect (visit, "changed", G_CALLBACK (on_changed_cb), fixture);
  return visit;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgHousehold) household = load_household (data);

  fixture->catalog = test_load_catalog ();
  fixture->forms = mdg_form_catalog_load_default (&error);
  g_assert_no_error (error);
  fixture->visit = new_visit (fixture);
  mdg_visit_start (fixture->visit, household, mdg_day_new (2026, 12, 7));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->visit);
  g_clear_pointer (&fixture->forms, mdg_form_catalog_unref);
  g_clear_pointer (&fixture->catalog, mdg_catalog_unref);
}

/* Answers every open question with its first choice, as a clerk would. */
static guint
answer_all (MdgVisit *visit,
            MdgCatalog *catalog)
{
  guint n;

  for (n = 0; n < 50; n++)
    {
      MdgCase *kase = mdg_visit_get_case (visit);
      g_autoptr(GPtrArray) questions = mdg_interview_next_questions (catalog, kase);
      g_autoptr(JsonNode) value = NULL;
      g_autoptr(GError) error = NULL;
      const MdgQuestion *question;

      if (questions->len == 0)
        return n;
      question = g_ptr_array_index (questions, 0);
      switch (question->def->kind)
        {
        case MDG_QUESTION_BOOLEAN:
          value = json_node_init_boolean (json_node_alloc (), TRUE);
          break;
        case MDG_QUESTION_CHOICE:
          value = json_node_init_string (json_node_alloc (),
                                         ((MdgChoice *) g_ptr_array_index (question->def->choices, 0))->value);
          break;
        case MDG_QUESTION_MEMBER:
          value = json_node_init_string (json_node_alloc (), mdg_case_get_member (kase, 0)->id);
          break;
        case MDG_QUESTION_MULTI_CHOICE:
        case MDG_QUESTION_MEMBERS:
        default:
          value = json_node_init_array (json_node_alloc (), json_array_new ());
          break;
        }
      g_assert_true (mdg_visit_answer (visit, question->fact, question->text, value, "shown",
                                       &error));
      g_assert_no_error (error);
    }

  g_assert_not_reached ();
}

static void
answer_string (MdgVisit   *visit,
               const char *fact,
               const char *text,
               const char *label)
{
  g_autoptr(JsonNode) value = json_node_init_string (json_node_alloc (), text);
  g_autoptr(GError) error = NULL;

  g_assert_true (mdg_visit_answer (visit, fact, fact, value, label, &error));
  g_assert_no_error (error);
}

static gboolean
has_box (MdgVisit   *visit,
         const char *key)
{
  g_autoptr(GPtrArray) boxes = mdg_visit_dup_boxes (visit);

  for (guint i = 0; i < boxes->len; i++)
    {
      const MdgVisitBox *box = g_ptr_array_index (boxes, i);

      if (g_str_equal (mdg_form_box_get_key (box->box), key))
        return TRUE;
    }

  return FALSE;
}

/* Types every box the forms ask for; returns how many. */
static guint
fill_boxes (MdgVisit *visit)
{
  g_autoptr(GPtrArray) boxes = mdg_visit_dup_boxes (visit);

  for (guint i = 0; i < boxes->len; i++)
    {
      const MdgVisitBox *box = g_ptr_array_index (boxes, i);
      const char *key = mdg_form_box_get_key (box->box);
      g_autofree char *fact = NULL;
      g_autofree char *value = NULL;

      if (box->member_id != NULL)
        {
          fact = mdg_visit_dup_number_fact (box->member_id);
          answer_string (visit, fact, NUMBER, "••••");
          continue;
        }
      fact = g_strconcat ("details.", key, NULL);
      if (mdg_form_box_get_kind (box->box) == MDG_FORM_BOX_CHOICE)
        value = g_strdup (mdg_form_box_get_option_value (box->box, 0));
      else if (mdg_form_box_get_kind (box->box) == MDG_FORM_BOX_DATE)
        value = g_strdup ("2026-12-01");
      else if (!(value = mdg_form_box_normalize (box->box,
                                                 g_str_equal (key, "phone") ? "096-000-0000"
                                                 : g_str_equal (key, "postal_code") ? "860-0000"
                                                 : "1234567",
                                                 mdg_visit_get_today (visit), NULL)))
        value = g_strdup ("見本");
      answer_string (visit, fact, value, value);
    }

  return boxes->len;
}

static void
test_visit_start (Fixture       *fixture,
                  gconstpointer  data)
{
  MdgCase *kase = mdg_visit_get_case (fixture->visit);

  g_assert_nonnull (kase);
  g_assert_null (mdg_visit_get_error (fixture->visit));
  g_assert_cmpint (mdg_visit_get_event (fixture->visit), ==, MDG_EVENT_MOVE_IN);
  g_assert_cmpint (mdg_case_get_event (kase), ==, MDG_EVENT_MOVE_IN);
  g_assert_cmpint (mdg_visit_get_origin (fixture->visit), ==, MDG_ORIGIN_OTHER_PREFECTURE);
  g_assert_cmpuint (mdg_visit_get_event_date (fixture->visit), ==, mdg_day_new (2026, 12, 4));
  g_assert_cmpuint (mdg_case_get_visit_date (kase), ==, mdg_day_new (2026, 12, 7));
  g_assert_cmpuint (mdg_case_get_n_members (kase), ==, 4);
  g_assert_cmpuint (mdg_visit_get_answers (fixture->visit)->len, ==, 0);
  g_assert_cmpstr (mdg_visit_get_audit_subject (fixture->visit), ==, "kumamoto");
  g_assert_cmpuint (fixture->n_case, ==, 1);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  /* the household's address fills the forms until one is typed */
  g_assert_false (has_box (fixture->visit, "address"));

  /* who moves: the case follows */
  mdg_visit_set_moving (fixture->visit, "m2", FALSE);
  g_assert_false (mdg_visit_get_moving (fixture->visit, "m2"));
  kase = mdg_visit_get_case (fixture->visit);
  g_assert_false (mdg_case_get_member (kase, mdg_case_find_member (kase, "m2"))->moving);
  g_assert_cmpuint (fixture->n_case, ==, 2);
  g_assert_cmpuint (fixture->n_changed, ==, 2);
}

static void
test_visit_answers (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(JsonNode) wrong = json_node_init_string (json_node_alloc (), "nonsense");
  g_autoptr(GError) error = NULL;
  GPtrArray *answers = mdg_visit_get_answers (fixture->visit);
  const MdgVisitAnswer *first;
  g_autofree char *first_fact = NULL;
  guint n = answer_all (fixture->visit, fixture->catalog);
  guint n_case = fixture->n_case;

  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (answers->len, ==, n);
  open = mdg_interview_next_questions (fixture->catalog, mdg_visit_get_case (fixture->visit));
  g_assert_cmpuint (open->len, ==, 0);

  /* an answer that does not fit changes nothing */
  g_assert_false (mdg_visit_answer (fixture->visit, "answers.no_such_question", "?", wrong, "?",
                                    &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (answers->len, ==, n);
  g_assert_cmpuint (fixture->n_case, ==, n_case);

  /* forgetting one asks it again */
  first = g_ptr_array_index (answers, 0);
  g_assert_cmpstr (first->label, ==, "shown");
  first_fact = g_strdup (first->fact);
  g_assert_true (mdg_visit_forget_answer (fixture->visit, first_fact));
  g_assert_false (mdg_visit_forget_answer (fixture->visit, first_fact));
  g_assert_null (mdg_visit_find_answer (fixture->visit, first_fact));
  g_assert_cmpuint (answers->len, ==, n - 1);
  g_clear_pointer (&open, g_ptr_array_unref);
  open = mdg_interview_next_questions (fixture->catalog, mdg_visit_get_case (fixture->visit));
  g_assert_cmpuint (open->len, >, 0);
}

/* A birth's answers about the newborn no longer fit once the event is a
 * move: they are dropped, the others stay. */
static void
test_visit_event_drops (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *newborn_number = mdg_visit_dup_number_fact (MDG_HOUSEHOLD_NEWBORN_ID);
  GPtrArray *answers = mdg_visit_get_answers (fixture->visit);
  guint n_newborn = 0;
  guint n_answers;

  mdg_visit_set_event (fixture->visit, MDG_EVENT_BIRTH);
  g_assert_cmpint (mdg_case_get_event (mdg_visit_get_case (fixture->visit)), ==, MDG_EVENT_BIRTH);
  g_assert_cmpint (mdg_case_find_member (mdg_visit_get_case (fixture->visit),
                                         MDG_HOUSEHOLD_NEWBORN_ID), >=, 0);
  answer_all (fixture->visit, fixture->catalog);
  answer_string (fixture->visit, "details.phone", "096-000-0000", "096-000-0000");
  answer_string (fixture->visit, newborn_number, NUMBER, "••••");
  for (guint i = 0; i < answers->len; i++)
    if (strstr (((MdgVisitAnswer *) g_ptr_array_index (answers, i))->fact, MDG_HOUSEHOLD_NEWBORN_ID))
      n_newborn++;
  g_assert_cmpuint (n_newborn, >, 0);
  n_answers = answers->len;

  mdg_visit_set_event (fixture->visit, MDG_EVENT_MOVE_IN);
  g_assert_cmpuint (answers->len, <=, n_answers - n_newborn);
  g_assert_cmpint (mdg_case_get_event (mdg_visit_get_case (fixture->visit)), ==, MDG_EVENT_MOVE_IN);
  g_assert_cmpint (mdg_case_find_member (mdg_visit_get_case (fixture->visit),
                                         MDG_HOUSEHOLD_NEWBORN_ID), ==, -1);
  for (guint i = 0; i < answers->len; i++)
    g_assert_null (strstr (((MdgVisitAnswer *) g_ptr_array_index (answers, i))->fact,
                           MDG_HOUSEHOLD_NEWBORN_ID));
  /* what still fits stays */
  g_assert_nonnull (mdg_visit_find_answer (fixture->visit, "details.phone"));
  g_assert_cmpstr (mdg_case_get_detail (mdg_visit_get_case (fixture->visit), "phone"), ==,
                   "096-000-0000");
}

static char *
dup_case_json_without_visit_date (MdgCase *kase)
{
  g_autofree char *json = mdg_case_to_json (kase);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  json_object_remove_member (json_node_get_object (node), "visit_date");
  return json_to_string (node, FALSE);
}

/* The draft gives back the same case and the same answers, in order. */
static void
test_visit_draft (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MdgHousehold) household = load_household ("01-kumamoto.json");
  g_autoptr(MdgVisit) resumed = new_visit (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *again = NULL;
  g_autofree char *case_json = NULL;
  g_autofree char *resumed_json = NULL;
  GPtrArray *answers;
  GPtrArray *resumed_answers;

  mdg_visit_set_moving (fixture->visit, "m4", FALSE);
  mdg_visit_set_ticket_id (fixture->visit, "ticket-1");
  answer_all (fixture->visit, fixture->catalog);
  g_assert_cmpuint (fill_boxes (fixture->visit), >, 0);
  g_assert_true (mdg_visit_check_boxes (fixture->visit, &error));
  g_assert_no_error (error);

  draft = mdg_visit_dup_draft_json (fixture->visit);
  g_assert_true (mdg_visit_resume (resumed, household, mdg_visit_get_id (fixture->visit), draft,
                                   &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mdg_visit_get_id (resumed), ==, mdg_visit_get_id (fixture->visit));
  g_assert_cmpstr (mdg_visit_get_ticket_id (resumed), ==, "ticket-1");
  g_assert_false (mdg_visit_get_moving (resumed, "m4"));

  /* the same case (but for the visit date: a draft resumed is visited today) */
  case_json = dup_case_json_without_visit_date (mdg_visit_get_case (fixture->visit));
  resumed_json = dup_case_json_without_visit_date (mdg_visit_get_case (resumed));
  g_assert_cmpstr (resumed_json, ==, case_json);
  g_assert_cmpuint (mdg_case_get_event_date (mdg_visit_get_case (resumed)), ==,
                    mdg_case_get_event_date (mdg_visit_get_case (fixture->visit)));
  g_assert_true (mdg_visit_check_boxes (resumed, &error));
  g_assert_no_error (error);

  answers = mdg_visit_get_answers (fixture->visit);
  resumed_answers = mdg_visit_get_answers (resumed);
  g_assert_cmpuint (resumed_answers->len, ==, answers->len);
  for (guint i = 0; i < answers->len; i++)
    {
      const MdgVisitAnswer *a = g_ptr_array_index (answers, i);
      const MdgVisitAnswer *b = g_ptr_array_index (resumed_answers, i);

      g_assert_cmpstr (a->fact, ==, b->fact);
      g_assert_cmpstr (a->question, ==, b->question);
      g_assert_cmpstr (a->label, ==, b->label);
      g_assert_true (json_node_equal (a->value, b->value));
    }

  again = mdg_visit_dup_draft_json (resumed);
  g_assert_cmpstr (again, ==, draft);

  /* a draft that cannot be read changes nothing */
  g_clear_pointer (&again, g_free);
  g_assert_false (mdg_visit_resume (resumed, household, "other", "{\"event\": 1}", &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (mdg_visit_get_id (resumed), ==, mdg_visit_get_id (fixture->visit));
}

static gboolean
has_form (MdgVisit   *visit,
          const char *form_id)
{
  GPtrArray *forms = mdg_visit_get_forms (visit);

  for (guint i = 0; i < forms->len; i++)
    {
      if (strcmp (mdg_form_layout_get_id (mdg_filled_form_get_layout (g_ptr_array_index (forms, i))),
                  form_id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Staff add 支援措置申出, which no rule proposes: for the applicant or the
 * members chosen, with its form and boxes; it survives the draft and can be
 * taken off again. Only the catalog's manual procedures can be added. */
static void
test_visit_added_procedure (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char * const chosen[] = { "m2", "m3", NULL };
  g_autoptr(MdgHousehold) household = load_household ("01-kumamoto.json");
  g_autoptr(MdgVisit) resumed = new_visit (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *draft = NULL;
  const MdgGuidanceItem *item;
  MdgCase *kase;

  answer_all (fixture->visit, fixture->catalog);
  g_assert_null (mdg_guidance_lookup (mdg_visit_get_guidance (fixture->visit),
                                      "support_measure_request"));
  g_assert_false (has_form (fixture->visit, "support-measure"));
  g_assert_false (has_box (fixture->visit, "offender_name"));

  /* neither a procedure the rules propose nor an unknown one */
  before = mdg_case_to_json (mdg_visit_get_case (fixture->visit));
  g_assert_false (mdg_visit_add_procedure (fixture->visit, "nhi_enroll_move_in", NULL, &error));
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE);
  g_clear_error (&error);
  g_assert_false (mdg_visit_add_procedure (fixture->visit, "no_such_procedure", NULL, &error));
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE);
  g_clear_error (&error);
  g_assert_false (mdg_visit_add_procedure (fixture->visit, "support_measure_request",
                                           (const char * const []) { "m9", NULL }, &error));
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE);
  g_clear_error (&error);
  after = mdg_case_to_json (mdg_visit_get_case (fixture->visit));
  g_assert_cmpstr (after, ==, before);

  /* for the applicant: the head */
  g_assert_true (mdg_visit_add_procedure (fixture->visit, "support_measure_request", NULL, &error));
  g_assert_no_error (error);
  kase = mdg_visit_get_case (fixture->visit);
  item = mdg_guidance_lookup (mdg_visit_get_guidance (fixture->visit), "support_measure_request");
  g_assert_nonnull (item);
  g_assert_cmpuint (item->members, ==, G_GUINT64_CONSTANT (1) << mdg_case_find_member (kase, "m1"));
  g_assert_cmpstr (item->reason, ==, "ご本人からの相談を受けて、職員が窓口で追加したため");
  g_assert_cmpint (item->deadline, ==, MDG_DAY_INVALID);
  g_assert_nonnull (item->procedure->bring);
  g_assert_true (has_form (fixture->visit, "support-measure"));
  g_assert_true (has_box (fixture->visit, "offender_name"));

  /* for the members chosen */
  g_assert_true (mdg_visit_add_procedure (fixture->visit, "support_measure_request", chosen, &error));
  g_assert_no_error (error);
  kase = mdg_visit_get_case (fixture->visit);
  item = mdg_guidance_lookup (mdg_visit_get_guidance (fixture->visit), "support_measure_request");
  g_assert_cmpuint (item->members, ==,
                    (G_GUINT64_CONSTANT (1) << mdg_case_find_member (kase, "m2")) |
                    (G_GUINT64_CONSTANT (1) << mdg_case_find_member (kase, "m3")));
  /* the first member chosen makes the request (申出者) */
  {
    GPtrArray *forms = mdg_visit_get_forms (fixture->visit);

    for (guint i = 0; i < forms->len; i++)
      {
        MdgFilledForm *form = g_ptr_array_index (forms, i);

        if (g_str_equal (mdg_form_layout_get_id (mdg_filled_form_get_layout (form)), "support-measure"))
          g_assert_cmpstr (mdg_filled_form_lookup_cell (form, "applicant_name")->text, ==,
                           mdg_case_get_member (kase, mdg_case_find_member (kase, "m2"))->name);
      }
  }

  /* the draft keeps it */
  draft = mdg_visit_dup_draft_json (fixture->visit);
  g_assert_true (mdg_visit_resume (resumed, household, mdg_visit_get_id (fixture->visit), draft,
                                   &error));
  g_assert_no_error (error);
  item = mdg_guidance_lookup (mdg_visit_get_guidance (resumed), "support_measure_request");
  g_assert_nonnull (item);
  g_assert_cmpuint (item->members, ==,
                    (G_GUINT64_CONSTANT (1) << mdg_case_find_member (kase, "m2")) |
                    (G_GUINT64_CONSTANT (1) << mdg_case_find_member (kase, "m3")));
  g_assert_true (has_form (resumed, "support-measure"));

  /* and the case file too */
  {
    g_autofree char *json = mdg_case_to_json (mdg_visit_get_case (resumed));
    g_autoptr(MdgCase) again = mdg_case_new_from_data (json, -1, MDG_DAY_INVALID, &error);

    g_assert_no_error (error);
    g_assert_true (mdg_case_lookup_added_procedure (again, "support_measure_request", NULL));
  }

  /* taken off again */
  g_assert_true (mdg_visit_remove_procedure (resumed, "support_measure_request"));
  g_assert_null (mdg_guidance_lookup (mdg_visit_get_guidance (resumed), "support_measure_request"));
  g_assert_false (has_form (resumed, "support-measure"));
  g_assert_null (mdg_visit_find_answer (resumed, MDG_VISIT_ADDED_PROCEDURES_FACT));
  g_assert_false (mdg_visit_remove_procedure (resumed, "support_measure_request"));
}

/* The boxes to type, by declaration; the record of the completed visit. */
static void
test_visit_record (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MdgVisitRecord) record = NULL;
  g_autoptr(MdgSignedSet) set = NULL;
  g_autoptr(MdgSignature) signature = NULL;
  g_autoptr(GPtrArray) strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) stroke = g_array_new (FALSE, FALSE, sizeof (MdgSignaturePoint));
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) pdfs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GArray) versions = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *joined = NULL;
  GPtrArray *forms;

  answer_all (fixture->visit, fixture->catalog);
  g_assert_true (has_box (fixture->visit, "phone"));
  g_assert_false (mdg_visit_check_boxes (fixture->visit, &error));
  g_assert_nonnull (error);
  /* a box is named by its label, never by its key */
  g_assert_null (strstr (error->message, "“phone”"));
  g_clear_error (&error);
  g_assert_null (mdg_visit_dup_record (fixture->visit, NULL, "staff", NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  fill_boxes (fixture->visit);
  g_assert_false (has_box (fixture->visit, "phone"));
  g_assert_true (mdg_visit_check_boxes (fixture->visit, &error));
  g_assert_no_error (error);

  forms = mdg_visit_get_forms (fixture->visit);
  g_assert_cmpuint (forms->len, >, 0);
  for (guint i = 0; i < forms->len; i++)
    {
      MdgFormLayout *layout = mdg_filled_form_get_layout (g_ptr_array_index (forms, i));
      guint version = 1;

      g_ptr_array_add (ids, (gpointer) mdg_form_layout_get_id (layout));
      g_ptr_array_add (pdfs, g_bytes_new_static ("%PDF-1.4\n", 9));
      g_array_append_val (versions, version);
    }
  for (int i = 0; i < 10; i++)
    {
      MdgSignaturePoint point = { 10 + i * 5, 30, 0.5 };

      g_array_append_val (stroke, point);
    }
  g_ptr_array_add (strokes, g_array_ref (stroke));
  signature = mdg_signature_new (220, 80, strokes);
  set = mdg_signed_set_new (signature, now, (const char * const *) ids->pdata,
                            (const guint *) versions->data, (GBytes * const *) pdfs->pdata,
                            ids->len);

  mdg_visit_set_ticket_id (fixture->visit, "ticket-2");
  mdg_visit_set_rating (fixture->visit, 4);
  draft = mdg_visit_dup_draft_json (fixture->visit);
  record = mdg_visit_dup_record (fixture->visit, set, "staff", mdg_visit_get_audit_subject (fixture->visit),
                                 "mynumber_card", draft, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpstr (record->case_id, ==, mdg_visit_get_id (fixture->visit));
  g_assert_cmpstr (record->ticket_id, ==, "ticket-2");
  g_assert_cmpint (record->rating, ==, 4);
  g_assert_cmpstr (record->visit_json, ==, draft);
  g_assert_cmpstr (record->audit_subject, ==, "kumamoto");
  g_assert_cmpuint (record->forms->len, ==, forms->len);
  g_assert_nonnull (strstr (record->case_json, NUMBER));
  /* the audit names fields, never the number */
  joined = g_strjoinv (" ", record->audit_fields);
  g_assert_null (strstr (joined, NUMBER));
}

/* A death: who died is the household's default, and can change. */
static void
test_visit_death (Fixture       *fixture,
                  gconstpointer  data)
{
  MdgCase *kase = mdg_visit_get_case (fixture->visit);
  g_autofree char *deceased = g_strdup (mdg_visit_get_deceased (fixture->visit));
  const char *other;

  g_assert_cmpint (mdg_visit_get_event (fixture->visit), ==, MDG_EVENT_DEATH);
  g_assert_nonnull (deceased);
  g_assert_true (mdg_case_get_member (kase, mdg_case_find_member (kase, deceased))->deceased);

  other = g_str_equal (deceased, "m2") ? "m1" : "m2";
  mdg_visit_set_deceased (fixture->visit, other);
  kase = mdg_visit_get_case (fixture->visit);
  g_assert_true (mdg_case_get_member (kase, mdg_case_find_member (kase, other))->deceased);
  g_assert_false (mdg_case_get_member (kase, mdg_case_find_member (kase, deceased))->deceased);
}

/* Every message logged while the test runs, debug ones included. */
static GString *logged;

static GLogWriterOutput
log_writer_cb (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  if (logged != NULL)
    for (gsize i = 0; i < n_fields; i++)
      if (g_str_equal (fields[i].key, "MESSAGE"))
        g_string_append_printf (logged, "%s\n", (const char *) fields[i].value);

  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* A visit with individual numbers, typed, dropped, refused, saved and
 * resumed, logs no number. */
static void
test_visit_number_not_logged (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(MdgHousehold) household = load_household ("01-kumamoto.json");
  g_autoptr(MdgVisit) resumed = new_visit (fixture);
  g_autoptr(JsonNode) wrong = json_node_init_string (json_node_alloc (), "123456789019");
  g_autofree char *newborn_number = mdg_visit_dup_number_fact (MDG_HOUSEHOLD_NEWBORN_ID);
  g_autofree char *head_number = mdg_visit_dup_number_fact ("m1");
  g_autofree char *draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *debug = g_strdup (g_getenv ("G_MESSAGES_DEBUG"));

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  logged = g_string_new (NULL);

  mdg_visit_set_event (fixture->visit, MDG_EVENT_BIRTH);
  answer_string (fixture->visit, newborn_number, NUMBER, "••••");
  answer_string (fixture->visit, head_number, NUMBER, "••••");
  /* a wrong check digit is refused */
  g_assert_false (mdg_visit_answer (fixture->visit, head_number, head_number, wrong, "••••",
                                    &error));
  g_assert_nonnull (error);
  /* the newborn's number is dropped */
  mdg_visit_set_event (fixture->visit, MDG_EVENT_MOVE_IN);
  g_assert_null (mdg_visit_find_answer (fixture->visit, newborn_number));
  answer_all (fixture->visit, fixture->catalog);
  fill_boxes (fixture->visit);
  draft = mdg_visit_dup_draft_json (fixture->visit);
  g_assert_true (mdg_visit_resume (resumed, household, mdg_visit_get_id (fixture->visit), draft,
                                   NULL));
  g_assert_cmpstr (mdg_case_get_member (mdg_visit_get_case (resumed), 0)->individual_number, ==,
                   NUMBER);

  /* something was logged, and no number */
  g_assert_cmpuint (logged->len, >, 0);
  g_assert_null (strstr (logged->str, NUMBER));
  g_assert_null (strstr (logged->str, "123456789019"));

  g_string_free (g_steal_pointer (&logged), TRUE);
  if (debug != NULL)
    g_setenv ("G_MESSAGES_DEBUG", debug, TRUE);
  else
    g_unsetenv ("G_MESSAGES_DEBUG");
}

void
test_visit_register (void)
{
  g_log_set_writer_func (log_writer_cb, NULL, NULL);
  g_test_add ("/visit/number-not-logged", Fixture, "01-kumamoto.json", fixture_set_up,
              test_visit_number_not_logged, fixture_tear_down);
  g_test_add ("/visit/start", Fixture, "01-kumamoto.json", fixture_set_up, test_visit_start,
              fixture_tear_down);
  g_test_add ("/visit/answers", Fixture, "01-kumamoto.json", fixture_set_up, test_visit_answers,
              fixture_tear_down);
  g_test_add ("/visit/event-drops-answers", Fixture, "01-kumamoto.json", fixture_set_up,
              test_visit_event_drops, fixture_tear_down);
  g_test_add ("/visit/draft", Fixture, "01-kumamoto.json", fixture_set_up, test_visit_draft,
              fixture_tear_down);
  g_test_add ("/visit/added-procedure", Fixture, "01-kumamoto.json", fixture_set_up,
              test_visit_added_procedure, fixture_tear_down);
  g_test_add ("/visit/record", Fixture, "01-kumamoto.json", fixture_set_up, test_visit_record,
              fixture_tear_down);
  g_test_add ("/visit/death", Fixture, "04-aso.json", fixture_set_up, test_visit_death,
              fixture_tear_down);
}
