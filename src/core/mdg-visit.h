/* mdg-visit.h: one resident's visit, from call to completion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MdgVisit holds what a visit is: its case (members, answers, details,
 * individual numbers), the guidance and the forms that case needs, the
 * ticket, the step of the counter, the resident's rating and the
 * signatures. It holds no widget: the counter's pages show and edit it, and
 * `madoguchi-tool visit` drives the same object.
 *
 * Its completion is a record (MdgVisitRecord): the case, every form
 * rendered and signed, the signature, the hand-off records and the audit
 * fields, which the local store commits in one transaction
 * (mdg_store_commit_visit_async()).
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mdg-case.h"
#include "mdg-catalog.h"
#include "mdg-form.h"
#include "mdg-form-signature.h"
#include "mdg-guidance.h"
#include "mdg-household.h"

G_BEGIN_DECLS

/* The signer of every phase-1 form: 届出人・申請者. */
#define MDG_VISIT_SIGNER_APPLICANT "applicant"

/* One box the clerk must type: once per visit even when several forms
 * print it. */
typedef struct
{
  const MdgFormBox *box;       /* the declaration */
  char             *member_id; /* nullable: the member whose box it is */
  char             *member_name;
  GPtrArray        *forms;     /* char *: the titles of the forms that print it */
  gboolean          required;  /* a form cannot be accepted without it */
} MdgVisitBox;

void mdg_visit_box_free (MdgVisitBox *box);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgVisitBox, mdg_visit_box_free)

/* One answer given at the counter: an interview answer, a detail typed
 * ("details.KEY") or an individual number ("members.ID.individual_number",
 * whose label is a mask, never the number). */
typedef struct
{
  char     *fact;
  char     *question;  /* the question, or the row's title */
  char     *label;     /* the answer as shown */
  JsonNode *value;     /* what the case file holds at @fact */
} MdgVisitAnswer;

/* One form of a completed visit, as the store keeps it. */
typedef struct
{
  char    *procedure;   /* the first procedure the form serves: the store's key */
  char    *form_id;
  GBytes  *pdf;
  guint    n_pages;
  gboolean signed_form;
} MdgVisitRecordForm;

/* What the store commits in one transaction: immutable, for the store's
 * worker thread. */
typedef struct
{
  gatomicrefcount  ref_count;
  char            *case_id;
  char            *case_json;
  char            *ticket_id;      /* nullable */
  char            *visit_json;     /* nullable: the counter's draft state */
  int              rating;         /* 0: none */
  GPtrArray       *forms;          /* MdgVisitRecordForm */
  GBytes          *signature;      /* nullable: the signatures as JSON */
  char            *handoffs_json;
  char            *staff;
  char            *audit_subject;
  GStrv            audit_fields;   /* field names and hashes, never values */
} MdgVisitRecord;

#define MDG_TYPE_VISIT_RECORD (mdg_visit_record_get_type ())
GType            mdg_visit_record_get_type (void) G_GNUC_CONST;
MdgVisitRecord  *mdg_visit_record_ref      (MdgVisitRecord *self);
void             mdg_visit_record_unref    (MdgVisitRecord *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgVisitRecord, mdg_visit_record_unref)

#define MDG_TYPE_VISIT (mdg_visit_get_type ())

G_DECLARE_FINAL_TYPE (MdgVisit, mdg_visit, MDG, VISIT, GObject)

MdgVisit         *mdg_visit_new              (MdgCatalog      *catalog,
                                              MdgFormCatalog  *forms) G_GNUC_WARN_UNUSED_RESULT;
/* A visit from a case file (../shared/spec/visit.md: guidance.md's case
 * with "details" and "individual_numbers"). */
MdgVisit         *mdg_visit_new_from_case_file (MdgCatalog     *catalog,
                                                MdgFormCatalog *forms,
                                                const char     *data,
                                                gssize          length,
                                                GError        **error) G_GNUC_WARN_UNUSED_RESULT;

MdgCatalog       *mdg_visit_get_catalog      (MdgVisit        *self);
const char       *mdg_visit_get_id           (MdgVisit        *self);
void              mdg_visit_set_id           (MdgVisit        *self,
                                              const char      *id);
MdgCase          *mdg_visit_get_case         (MdgVisit        *self);
/* Sets the case; the guidance and the forms follow. @extras (nullable):
 * facts shown on the forms but not (yet) in the case, such as the
 * household's address; see mdg_form_fill(). */
void              mdg_visit_set_case         (MdgVisit        *self,
                                              MdgCase         *kase,
                                              JsonObject      *extras);
MdgGuidance      *mdg_visit_get_guidance     (MdgVisit        *self);
/* Returns: (transfer none) (element-type MdgFilledForm): the forms the
 * guidance needs, filled from the case. */
GPtrArray        *mdg_visit_get_forms        (MdgVisit        *self);
const char       *mdg_visit_get_ticket_id    (MdgVisit        *self);
void              mdg_visit_set_ticket_id    (MdgVisit        *self,
                                              const char      *ticket_id);
int               mdg_visit_get_rating       (MdgVisit        *self);
void              mdg_visit_set_rating       (MdgVisit        *self,
                                              int              rating);

/* Returns: (transfer full) (element-type MdgVisitBox): the boxes of the
 * visit's forms that nothing in the case fills, once each, in the order
 * the forms print them. */
GPtrArray        *mdg_visit_dup_boxes        (MdgVisit        *self) G_GNUC_WARN_UNUSED_RESULT;
/* FALSE with an error naming the first required box still empty, by its
 * label and form. */
gboolean          mdg_visit_check_boxes      (MdgVisit        *self,
                                              GError         **error);
/* Returns: (transfer full): the signers the forms need, one per role their
 * signature spots name, in order: MDG_VISIT_SIGNER_APPLICANT, or for a
 * 婚姻届 "husband", "wife", "witness1", "witness2". Several signers: each
 * one's signature (mdg_visit_set_signature()) goes on the forms that signer
 * signs, and mdg_visit_dup_record() keeps them all. */
GStrv             mdg_visit_dup_signers      (MdgVisit        *self) G_GNUC_WARN_UNUSED_RESULT;
void              mdg_visit_set_signature    (MdgVisit        *self,
                                              const char      *role,
                                              MdgSignature    *signature);
MdgSignature     *mdg_visit_get_signature    (MdgVisit        *self,
                                              const char      *role);

/* The completion: checks that no required box is empty and every signer
 * signed, and makes the record of @signed_set (each form's signed PDF, as
 * the resident saw it). @staff and @identity_document go to the audit.
 * Returns: (transfer full) (nullable): NULL with an error naming the box
 * (by its label) or the signer. */
MdgVisitRecord   *mdg_visit_dup_record       (MdgVisit        *self,
                                              MdgSignedSet    *signed_set,
                                              const char      *staff,
                                              const char      *subject,
                                              const char      *identity_document,
                                              const char      *visit_json,
                                              GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* The household's visit (mdg-visit-draft.c) ---------------------------------
 *
 * A visit of the counter is made from a household, its life event (with
 * origin and date), who stays behind and who died, and the answers given
 * in order: the case is built again from these after each change
 * (notify::case), and an answer that no longer fits (the newborn's, after
 * the event changed) is dropped. "changed" tells when to save the draft. */

/* Starts the household's scenario: its event and date (relative to @today,
 * or to today in Japan when MDG_DAY_INVALID), everyone moving, no answers,
 * no rating, a new id. */
void              mdg_visit_start            (MdgVisit        *self,
                                              MdgHousehold    *household,
                                              MdgDay           today);
MdgHousehold     *mdg_visit_get_household    (MdgVisit        *self);
MdgDay            mdg_visit_get_today        (MdgVisit        *self);
MdgEvent          mdg_visit_get_event        (MdgVisit        *self);
void              mdg_visit_set_event        (MdgVisit        *self,
                                              MdgEvent         event);
MdgOrigin         mdg_visit_get_origin       (MdgVisit        *self);
void              mdg_visit_set_origin       (MdgVisit        *self,
                                              MdgOrigin        origin);
MdgDay            mdg_visit_get_event_date   (MdgVisit        *self);
void              mdg_visit_set_event_date   (MdgVisit        *self,
                                              MdgDay           day);
const char       *mdg_visit_get_deceased     (MdgVisit        *self);
void              mdg_visit_set_deceased     (MdgVisit        *self,
                                              const char      *member_id);
gboolean          mdg_visit_get_moving       (MdgVisit        *self,
                                              const char      *member_id);
void              mdg_visit_set_moving       (MdgVisit        *self,
                                              const char      *member_id,
                                              gboolean         moving);
const char       *mdg_visit_get_step         (MdgVisit        *self);
void              mdg_visit_set_step         (MdgVisit        *self,
                                              const char      *step);
/* Returns: (nullable): why the household makes no valid case for the
 * event; the case stays as it was. */
const GError     *mdg_visit_get_error        (MdgVisit        *self);

/* Returns: (transfer none) (element-type MdgVisitAnswer): in order given. */
GPtrArray        *mdg_visit_get_answers      (MdgVisit        *self);
const MdgVisitAnswer *mdg_visit_find_answer  (MdgVisit        *self,
                                              const char      *fact);
/* Gives (or changes) the answer at @fact; FALSE with an error, changing
 * nothing, when it does not fit the case. */
gboolean          mdg_visit_answer           (MdgVisit        *self,
                                              const char      *fact,
                                              const char      *question,
                                              JsonNode        *value,
                                              const char      *label,
                                              GError         **error);
/* FALSE when no answer was given at @fact. */
gboolean          mdg_visit_forget_answer    (MdgVisit        *self,
                                              const char      *fact);

/* The fact under which staff's added procedures are kept, as one answer
 * (answers.added_procedures of the case file). */
#define MDG_VISIT_ADDED_PROCEDURES_FACT "answers.added_procedures"

/* Adds the procedure @id, one only staff add (the catalog's "manual"), for
 * @member_ids (nullable or empty: the applicant); adding it again changes
 * its members. FALSE with an error, changing nothing, for an id the
 * catalog does not let staff add or a member the case lacks. */
gboolean          mdg_visit_add_procedure    (MdgVisit        *self,
                                              const char      *id,
                                              const char * const *member_ids,
                                              GError         **error);
/* Takes an added procedure off again; FALSE when it was not added. */
gboolean          mdg_visit_remove_procedure (MdgVisit        *self,
                                              const char      *id);

/* The fact of a member's individual number: what the audit names when
 * staff see it, and the answer it is kept as. */
char             *mdg_visit_dup_number_fact  (const char      *member_id) G_GNUC_WARN_UNUSED_RESULT;
/* The subject of the visit's audit entries: the household's id, else the
 * case id. */
const char       *mdg_visit_get_audit_subject (MdgVisit       *self);

/* The draft: what the counter needs to resume the visit after a crash (the
 * household's id, the event, who stays and who died, the ticket, and each
 * answer as it was given). */
char             *mdg_visit_dup_draft_json   (MdgVisit        *self) G_GNUC_WARN_UNUSED_RESULT;
/* Takes up the draft @case_id of @household where it stopped. FALSE with
 * an error, changing nothing, when @draft_json cannot be read. */
gboolean          mdg_visit_resume           (MdgVisit        *self,
                                              MdgHousehold    *household,
                                              const char      *case_id,
                                              const char      *draft_json,
                                              GError         **error);

G_END_DECLS
