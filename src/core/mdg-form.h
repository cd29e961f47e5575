/* mdg-form.h: application forms as data, and forms filled from a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A form layout (data/forms/<id>.json, compiled into the program as a
 * GResource and overridable with $MDG_FORMS_DIR) is the paper original as
 * data: the page size, every box with its label, the fields bound to case
 * facts, the layout version and the procedures the form serves. Tables of
 * household members are expanded into one row of boxes per member.
 *
 * Filling a layout for a case (mdg_form_fill()) gives an immutable
 * MdgFilledForm: every box with its final text, the choices that are
 * circled, the boxes still missing (and why) and the signature spots. It
 * holds no widget and no file, so a worker thread can render it.
 *
 * Units are millimetres from the top-left corner of the page; font sizes
 * are points.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mdg-case.h"
#include "mdg-catalog.h"
#include "mdg-form-boxes.h"
#include "mdg-guidance.h"

G_BEGIN_DECLS

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} MdgFormRect;

typedef enum
{
  MDG_FORM_CELL_TEXT,       /* printed text of the form: title, label, note */
  MDG_FORM_CELL_FIELD,      /* a value bound to the case */
  MDG_FORM_CELL_CHOICE,     /* printed options; the chosen ones are marked */
  MDG_FORM_CELL_CHECK,      /* one checkbox with its text */
  MDG_FORM_CELL_SIGNATURE,  /* where the resident signs */
  MDG_FORM_CELL_STAFF,      /* an office-use box (受付・確認欄), never filled */
  MDG_FORM_CELL_FRAME,      /* a heavier frame around a section */
  MDG_FORM_CELL_LINE,       /* a line from (x, y) to (x + width, y + height) */
} MdgFormCellKind;

typedef enum
{
  MDG_FORM_ALIGN_START,
  MDG_FORM_ALIGN_CENTER,
  MDG_FORM_ALIGN_END,
} MdgFormAlign;

typedef enum
{
  MDG_FORM_MARK_CIRCLE,     /* 〇 around the chosen option, as staff draw it */
  MDG_FORM_MARK_CHECK,      /* a ticked box before each chosen option */
} MdgFormMark;

typedef enum
{
  MDG_FORM_CELL_FRAMED   = 1 << 0,  /* draw the box's border */
  MDG_FORM_CELL_SHADED   = 1 << 1,  /* label background */
  MDG_FORM_CELL_VERTICAL = 1 << 2,  /* 縦書き */
  MDG_FORM_CELL_BOLD     = 1 << 3,
  MDG_FORM_CELL_OPTIONAL = 1 << 4,  /* an empty value is not "missing" */
  MDG_FORM_CELL_HAS_KANA = 1 << 5,  /* a furigana band above the value */
} MdgFormCellFlags;

typedef struct
{
  char *value;   /* what the binding must equal: "move_in" */
  char *label;   /* what is printed: "1. 転入" */
} MdgFormOption;

/* One box of a form. In a layout, @text is the printed text (TEXT, CHECK),
 * the placeholder of an empty field, or NULL; in a filled form, a FIELD's
 * @text is its value (NULL when empty) and @placeholder what the paper
 * prints in the empty box ("年　月　日"). */
typedef struct
{
  MdgFormCellKind   kind;
  guint             page;
  MdgFormRect       rect;
  guint             flags;          /* MdgFormCellFlags */
  double            font_size;      /* pt */
  MdgFormAlign      align;
  char             *id;             /* unique in the form, "members.0.name"; NULL for print */
  char             *label;          /* the box's caption on paper, for the missing list */
  char             *bind;           /* "member.name", "visit_date"…; NULL for print */
  char             *kana_bind;      /* furigana binding; NULL when none */
  char             *format;         /* "wareki", "text"… */
  char             *text;
  char             *kana;
  char             *placeholder;
  GPtrArray        *options;        /* MdgFormOption, CHOICE only */
  MdgFormMark       mark;
  guint             columns;        /* options per line, CHOICE only; 0: all on one line */
  guint64           chosen;         /* 1 << option index (CHOICE); CHECK: bit 0 */
  int               member_slot;    /* row of a member table, -1 elsewhere */
  int               table;          /* index of the member table, -1 elsewhere */
  char             *when;           /* layout: the condition that prints the box
                                     * ("census_year", "BOX=VALUE",
                                     * "BOX!=VALUE"); NULL: always */
  char             *signer;         /* SIGNATURE: who signs there ("applicant",
                                     * "husband", "witness1"…); in a filled form the
                                     * signer the spot resolved to */
} MdgFormCell;

/* Why a box of a filled form is empty. */
typedef enum
{
  MDG_FORM_MISSING_UNANSWERED,  /* the case could hold it but does not (yet) */
  MDG_FORM_MISSING_NOT_IN_CASE, /* the case file has no such field (address, phone…) */
} MdgFormMissingReason;

typedef struct
{
  const MdgFormCell    *cell;    /* borrowed from the filled form */
  MdgFormMissingReason  reason;
  const MdgFormBox     *box;     /* the declared box staff type, or NULL (a fact of the case) */
  int                   member;  /* the member the box belongs to (index in the case), or -1 */
} MdgFormMissing;

typedef struct _MdgFormLayout  MdgFormLayout;
typedef struct _MdgFormCatalog MdgFormCatalog;
typedef struct _MdgFilledForm  MdgFilledForm;

#define MDG_TYPE_FORM_LAYOUT  (mdg_form_layout_get_type ())
#define MDG_TYPE_FORM_CATALOG (mdg_form_catalog_get_type ())
#define MDG_TYPE_FILLED_FORM  (mdg_filled_form_get_type ())

GType                 mdg_form_layout_get_type          (void) G_GNUC_CONST;
GType                 mdg_form_catalog_get_type         (void) G_GNUC_CONST;
GType                 mdg_filled_form_get_type          (void) G_GNUC_CONST;

/* Parses one layout file. @name names it in errors (MDG_CORE_ERROR_INVALID_CATALOG,
 * "nhi.json: pages[0][3].bind: unknown binding \"foo\""). */
MdgFormLayout        *mdg_form_layout_new_from_data     (const char      *name,
                                                         const char      *data,
                                                         gssize           length,
                                                         GError         **error) G_GNUC_WARN_UNUSED_RESULT;
MdgFormLayout        *mdg_form_layout_ref               (MdgFormLayout   *self);
void                  mdg_form_layout_unref             (MdgFormLayout   *self);
const char           *mdg_form_layout_get_id            (MdgFormLayout   *self);
const char           *mdg_form_layout_get_title         (MdgFormLayout   *self);
/* The boxes the layout binds to: (transfer none). */
MdgFormBoxes         *mdg_form_layout_get_boxes         (MdgFormLayout   *self);
guint                 mdg_form_layout_get_version       (MdgFormLayout   *self);
/* The procedure ids the form serves, NULL-terminated. */
const char * const   *mdg_form_layout_get_procedures    (MdgFormLayout   *self);
gboolean              mdg_form_layout_serves            (MdgFormLayout   *self,
                                                         const char      *procedure_id);
void                  mdg_form_layout_get_page_size     (MdgFormLayout   *self,
                                                         double          *width,
                                                         double          *height);
guint                 mdg_form_layout_get_n_pages       (MdgFormLayout   *self);
guint                 mdg_form_layout_get_n_cells       (MdgFormLayout   *self);
const MdgFormCell    *mdg_form_layout_get_cell          (MdgFormLayout   *self,
                                                         guint            index);

/* Every layout of @dir (*.json), or the layouts built into the program
 * ($MDG_FORMS_DIR when set; loaded once). Checks that no procedure has two
 * forms and, when @catalog is given, that every procedure named exists. */
MdgFormCatalog       *mdg_form_catalog_new_from_dir     (const char      *dir,
                                                         MdgCatalog      *catalog,
                                                         GError         **error) G_GNUC_WARN_UNUSED_RESULT;
MdgFormCatalog       *mdg_form_catalog_load_default     (GError         **error) G_GNUC_WARN_UNUSED_RESULT;
MdgFormCatalog       *mdg_form_catalog_ref              (MdgFormCatalog  *self);
/* The boxes the layouts bind to: (transfer none). */
MdgFormBoxes         *mdg_form_catalog_get_boxes        (MdgFormCatalog  *self);
void                  mdg_form_catalog_unref            (MdgFormCatalog  *self);
guint                 mdg_form_catalog_get_n_layouts    (MdgFormCatalog  *self);
MdgFormLayout        *mdg_form_catalog_get_layout       (MdgFormCatalog  *self,
                                                         guint            index);
MdgFormLayout        *mdg_form_catalog_lookup           (MdgFormCatalog  *self,
                                                         const char      *form_id);
/* The form of a procedure, or NULL when it has none. */
MdgFormLayout        *mdg_form_catalog_lookup_procedure (MdgFormCatalog  *self,
                                                         const char      *procedure_id);
/* The forms @guidance needs, in the order of its items, each once
 * (MdgFormLayout, borrowed). */
GPtrArray            *mdg_form_catalog_list_for_guidance (MdgFormCatalog *self,
                                                          MdgGuidance    *guidance) G_GNUC_WARN_UNUSED_RESULT;

/* What the household proposes for a detail box nobody typed, as the box
 * declares (続柄, account holder), or NULL. */
char                 *mdg_form_propose_detail           (MdgCase          *kase,
                                                         const MdgFormBox *box) G_GNUC_WARN_UNUSED_RESULT;

/* Fills @layout for @kase. The members the form concerns are those of
 * @guidance's items for @procedure_id, or for every procedure the form
 * serves when @procedure_id is NULL; @guidance may be NULL (no member rows).
 * @extras holds facts the case file does not (yet) carry, by binding name:
 * {"address": "…", "phone": "…", "members": {"m1": {"individual_number": …}}};
 * may be NULL. */
MdgFilledForm        *mdg_form_fill                     (MdgFormLayout   *layout,
                                                         MdgCase         *kase,
                                                         MdgGuidance     *guidance,
                                                         const char      *procedure_id,
                                                         JsonObject      *extras) G_GNUC_WARN_UNUSED_RESULT;
MdgFilledForm        *mdg_filled_form_ref               (MdgFilledForm   *self);
void                  mdg_filled_form_unref             (MdgFilledForm   *self);
MdgFormLayout        *mdg_filled_form_get_layout        (MdgFilledForm   *self);
/* Pages: the layout's, plus continuation pages when a member table has
 * more members than rows. */
guint                 mdg_filled_form_get_n_pages       (MdgFilledForm   *self);
guint                 mdg_filled_form_get_n_cells       (MdgFilledForm   *self);
const MdgFormCell    *mdg_filled_form_get_cell          (MdgFilledForm   *self,
                                                         guint            index);
/* The cell with @id, or NULL. */
const MdgFormCell    *mdg_filled_form_lookup_cell       (MdgFilledForm   *self,
                                                         const char      *id);
/* The member indices (of the case) the form concerns. */
guint64               mdg_filled_form_get_members       (MdgFilledForm   *self);
/* Boxes still empty that the form needs (MdgFormMissing). */
const GArray         *mdg_filled_form_get_missing       (MdgFilledForm   *self);
/* The SIGNATURE cells (const MdgFormCell *, borrowed). */
GPtrArray            *mdg_filled_form_dup_signature_spots (MdgFilledForm *self) G_GNUC_WARN_UNUSED_RESULT;
/* Whether any cell is bound to @binding ("member.kana", "address"), so that
 * a change of that fact needs a new render. */
gboolean              mdg_filled_form_uses_binding      (MdgFilledForm   *self,
                                                         const char      *binding);
/* Whether a box still empty on the form is bound to @binding. */
gboolean              mdg_filled_form_misses_binding      (MdgFilledForm   *self,
                                                         const char      *binding);


G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgFormLayout, mdg_form_layout_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgFormCatalog, mdg_form_catalog_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgFilledForm, mdg_filled_form_unref)

G_END_DECLS
