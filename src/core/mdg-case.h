/* mdg-case.h: residents, households and the case file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case file of ../shared/spec/guidance.md. A case is parsed and
 * validated strictly (an error names the field and the reason), defaults
 * are resolved once, and the result is an immutable, reference-counted
 * value that may be handed to worker threads. Changes (an interview answer)
 * make a new case: mdg_case_with_answer().
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mdg-date.h"

G_BEGIN_DECLS

/* A household larger than this is refused with a clear message. */
#define MDG_CASE_MAX_MEMBERS 64

typedef enum
{
  MDG_EVENT_MOVE_IN,
  MDG_EVENT_MOVE_WITHIN_WARD,
  MDG_EVENT_MOVE_BETWEEN_WARDS,
  MDG_EVENT_MOVE_OUT,
  MDG_EVENT_DEATH,
  MDG_EVENT_BIRTH,
  MDG_EVENT_MARRIAGE,
  MDG_EVENT_DIVORCE,
  MDG_N_EVENTS
} MdgEvent;

typedef enum
{
  MDG_ORIGIN_NONE,
  MDG_ORIGIN_SAME_PREFECTURE,
  MDG_ORIGIN_OTHER_PREFECTURE,
  MDG_ORIGIN_ABROAD,
} MdgOrigin;

typedef enum
{
  MDG_SEX_UNKNOWN,
  MDG_SEX_MALE,
  MDG_SEX_FEMALE,
} MdgSex;

typedef enum
{
  MDG_RELATION_HEAD,
  MDG_RELATION_SPOUSE,
  MDG_RELATION_CHILD,
  MDG_RELATION_PARENT,
  MDG_RELATION_OTHER,
} MdgRelation;

typedef enum
{
  MDG_INSURANCE_NHI,       /* 国民健康保険 */
  MDG_INSURANCE_EMPLOYEE,  /* 被用者保険 */
  MDG_INSURANCE_LEI,       /* 後期高齢者医療 */
  MDG_INSURANCE_WELFARE,   /* 生活保護 */
  MDG_INSURANCE_NONE,
} MdgInsurance;

typedef enum
{
  MDG_SCHOOL_PUBLIC,
  MDG_SCHOOL_PRIVATE,
  MDG_SCHOOL_NONE,
} MdgSchool;

typedef enum
{
  MDG_RESIDENCE_STATUS_NONE,
  MDG_RESIDENCE_STATUS_MID_LONG_TERM,
  MDG_RESIDENCE_STATUS_SPECIAL_PERMANENT,
} MdgResidenceStatus;

typedef enum
{
  MDG_HANDBOOK_PHYSICAL = 1 << 0,
  MDG_HANDBOOK_MENTAL   = 1 << 1,
  MDG_HANDBOOK_RYOIKU   = 1 << 2,
} MdgHandbooks;

typedef enum
{
  MDG_BENEFIT_SPECIAL_DISABILITY_ALLOWANCE = 1 << 0,
  MDG_BENEFIT_INTRACTABLE_DISEASE          = 1 << 1,
  MDG_BENEFIT_MENTAL_OUTPATIENT            = 1 << 2,
  MDG_BENEFIT_SEVERE_DISABILITY_MEDICAL    = 1 << 3,
  MDG_BENEFIT_SPECIAL_CHILD_ALLOWANCE      = 1 << 4,
  MDG_BENEFIT_CHILD_ALLOWANCE              = 1 << 5,
  MDG_BENEFIT_CHILD_MEDICAL                = 1 << 6,
} MdgBenefits;

typedef enum
{
  MDG_CERTIFICATE_RESIDENCE       = 1 << 0,
  MDG_CERTIFICATE_FAMILY_REGISTER = 1 << 1,
  MDG_CERTIFICATE_TAX             = 1 << 2,
  MDG_CERTIFICATE_SEAL            = 1 << 3,
} MdgCertificates;

/* Member fields: a bit each, to record which ones the case file gave. */
typedef enum
{
  MDG_MEMBER_FIELD_NAME,
  MDG_MEMBER_FIELD_KANA,
  MDG_MEMBER_FIELD_BIRTH_DATE,
  MDG_MEMBER_FIELD_SEX,
  MDG_MEMBER_FIELD_RELATION,
  MDG_MEMBER_FIELD_NATIONALITY,
  MDG_MEMBER_FIELD_INSURANCE,
  MDG_MEMBER_FIELD_MYNUMBER_CARD,
  MDG_MEMBER_FIELD_PUBLIC_SERVANT,
  MDG_MEMBER_FIELD_LTC_CERTIFIED,
  MDG_MEMBER_FIELD_HANDBOOKS,
  MDG_MEMBER_FIELD_BENEFITS,
  MDG_MEMBER_FIELD_SCHOOL,
  MDG_MEMBER_FIELD_MOVING,
  MDG_MEMBER_FIELD_DECEASED,
  MDG_MEMBER_FIELD_RESIDENCE_STATUS,
  MDG_MEMBER_FIELD_PENSION,
  MDG_MEMBER_FIELD_INDIVIDUAL_NUMBER,
  MDG_MEMBER_FIELD_PREVIOUS_NAME,
  MDG_N_MEMBER_FIELDS
} MdgMemberField;

/* Interview answers: a bit each in MdgCaseAnswers.given. */
typedef enum
{
  MDG_ANSWER_SCHOOL_DISTRICT_CHANGES,
  MDG_ANSWER_OWNS_LIGHT_VEHICLE,
  MDG_ANSWER_REQUESTED_CERTIFICATES,
  MDG_ANSWER_SEAL_REGISTRATION,
  MDG_ANSWER_OWNED_REAL_ESTATE,
  MDG_ANSWER_FUNERAL_HOST,
  MDG_ANSWER_CHILD_ALLOWANCE_RECIPIENT,
  MDG_ANSWER_MOTHER,
  MDG_ANSWER_NAME_CHANGES,
  MDG_ANSWER_ADDED_PROCEDURES,
  MDG_N_ANSWERS
} MdgAnswer;

/* A resident, with every default of the spec resolved. Read-only. */
typedef struct
{
  char               *id;
  char               *name;             /* nullable */
  char               *kana;             /* nullable */
  /* 個人番号: 12 digits with a valid check digit. Personal data of the
   * highest class: never log it, print it only on forms that ask for it. */
  char               *individual_number; /* nullable */
  char               *previous_name;    /* nullable: 旧氏名 */
  MdgDay              birth;
  MdgSex              sex;
  MdgRelation         relation;
  char                nationality[3];   /* ISO 3166 alpha-2 */
  /* The insurance in force at the event: 75 or over is 後期高齢者医療 unless
   * the case says 生活保護. */
  MdgInsurance        insurance;
  MdgInsurance        declared_insurance; /* as the file said (or the default) */
  guint8              pension;          /* 1, 2 or 3 */
  MdgResidenceStatus  residence_status;
  MdgSchool           school;
  guint               handbooks;        /* MdgHandbooks */
  guint               benefits;         /* MdgBenefits */
  guint               mynumber_card : 1;
  guint               public_servant : 1;
  guint               ltc_certified : 1;
  guint               moving : 1;
  guint               deceased : 1;
  guint32             given;            /* 1 << MdgMemberField, as in the file */
} MdgMember;

typedef struct
{
  guint32  given;                       /* 1 << MdgAnswer */
  gboolean school_district_changes;
  gboolean owns_light_vehicle;
  gboolean seal_registration;
  gboolean owned_real_estate;
  guint    requested_certificates;      /* MdgCertificates */
  int      funeral_host;                /* member index or -1 */
  int      child_allowance_recipient;   /* member index or -1 */
  int      mother;                      /* member index or -1 */
  guint64  name_changes;                /* 1 << member index */
} MdgCaseAnswers;

typedef struct _MdgCase MdgCase;

#define MDG_TYPE_CASE (mdg_case_get_type ())

GType                 mdg_case_get_type        (void) G_GNUC_CONST;

/* Parses and validates a case file. @today is the default visit date
 * (MDG_DAY_INVALID: today in Asia/Tokyo). On failure @error is
 * MDG_CORE_ERROR_INVALID_CASE and its message starts with the field path
 * ("members[1].birth_date: …"). */
MdgCase              *mdg_case_new_from_data   (const char   *data,
                                                gssize        length,
                                                MdgDay        today,
                                                GError      **error) G_GNUC_WARN_UNUSED_RESULT;
MdgCase              *mdg_case_new_from_node   (JsonNode     *node,
                                                MdgDay        today,
                                                GError      **error) G_GNUC_WARN_UNUSED_RESULT;
MdgCase              *mdg_case_ref             (MdgCase      *self);
void                  mdg_case_unref           (MdgCase      *self);

/* The case as a JSON object with the fields the file gave (defaults are not
 * written out), plus visit_date. Parsing it again gives an equal case. */
JsonNode             *mdg_case_to_node         (MdgCase      *self) G_GNUC_WARN_UNUSED_RESULT;
char                 *mdg_case_to_json         (MdgCase      *self) G_GNUC_WARN_UNUSED_RESULT;

MdgEvent              mdg_case_get_event       (MdgCase      *self);
MdgDay                mdg_case_get_event_date  (MdgCase      *self);
MdgDay                mdg_case_get_visit_date  (MdgCase      *self);
MdgOrigin             mdg_case_get_origin      (MdgCase      *self);
guint                 mdg_case_get_n_members   (MdgCase      *self);
const MdgMember      *mdg_case_get_member      (MdgCase      *self,
                                                guint         index);
/* Index of the member with @id, or -1. */
int                   mdg_case_find_member     (MdgCase      *self,
                                                const char   *id);
const MdgCaseAnswers *mdg_case_get_answers     (MdgCase      *self);
/* Facts the forms need and the rules do not (the case file's "details"
 * object, one per box of data/forms/boxes.xml), or NULL. */
const char           *mdg_case_get_detail      (MdgCase      *self,
                                                const char   *key);

/* Procedures staff added at the counter (answers.added_procedures: an
 * object, procedure id -> the ids of the members it concerns, [] for the
 * applicant), in the order the file gives them. The catalog decides which
 * ids may be added (mdg_catalog_check_case()). */
guint                 mdg_case_get_n_added_procedures (MdgCase *self);
/* The id of added procedure @index; @members (nullable) gets the members
 * it concerns (1 << member index; 0: the applicant). */
const char           *mdg_case_get_added_procedure    (MdgCase *self,
                                                       guint    index,
                                                       guint64 *members);
/* The members of added procedure @id (as above), or FALSE when it was not
 * added. */
gboolean              mdg_case_lookup_added_procedure (MdgCase    *self,
                                                       const char *id,
                                                       guint64    *members);

/* A new case equal to @self but for one interview answer: @fact is
 * "answers.X", "members.ID.X" or "details.X" and @value is what the case
 * file would hold there. Validated like a case file. */
MdgCase              *mdg_case_with_answer     (MdgCase      *self,
                                                const char   *fact,
                                                JsonNode     *value,
                                                GError      **error) G_GNUC_WARN_UNUSED_RESULT;

const char           *mdg_event_to_string      (MdgEvent      event);
gboolean              mdg_event_from_string    (const char   *text,
                                                MdgEvent     *event);
gboolean              mdg_event_is_move        (MdgEvent      event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgCase, mdg_case_unref)

G_END_DECLS
