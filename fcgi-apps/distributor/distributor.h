/*
 * distributor.h - vestibule-distributor: a distributor's installers (F6) and
 * switching into an installer's account to support it (F7).
 *
 * Every handler follows vb_handler's contract (vb_http.h): it returns 0 after
 * filling resp, also for the 4xx answers it chooses, and -1 only on an
 * unexpected failure (the serve loop then answers 500 and rolls back).
 * The distributor is always req->who.account_id, and every query on an
 * installer carries "parent_id = <that distributor>" in its WHERE, so another
 * distributor's installer is a 404, never a 403.
 */
#ifndef DISTRIBUTOR_H
#define DISTRIBUTOR_H

#include "vestibule.h"

/* installers.c: GET /api/distributor/installers and .../installers/{id} */
int installers_list(struct vb_req *req, struct vb_resp *resp);
int installers_get(struct vb_req *req, struct vb_resp *resp);

/* installer_create.c: POST /api/distributor/installers */
int installers_create(struct vb_req *req, struct vb_resp *resp);

/* installer_patch.c: PATCH /api/distributor/installers/{id} */
int installers_patch(struct vb_req *req, struct vb_resp *resp);

/* switch.c: POST /api/distributor/installers/{id}/switch and
 * POST /api/distributor/switch-back */
int installers_switch(struct vb_req *req, struct vb_resp *resp);
int switch_back(struct vb_req *req, struct vb_resp *resp);

/* The sort keys of the installer list ("-key" = descending), declared by the
 * route table as the choices of the "sort" query field.  NULL-terminated. */
extern const char *const installers_sort_choices[];

/*
 * installer_find reads installer id of the calling distributor as the API's
 * INST object.  lock != 0 adds FOR UPDATE (the caller has a transaction open)
 * so a concurrent change of the same row waits for ours.  *out is NULL when
 * there is no such installer of this distributor (still 0); otherwise it is
 * owned by the caller (json_object_put).  -1 on a database failure.
 */
int installer_find(struct vb_req *req, int64_t id, int lock, json_object **out);

/* installer_not_found answers the 404 for an id that is not one of the
 * distributor's installers (or not an id at all).  Returns 0. */
int installer_not_found(struct vb_resp *resp);

#endif
