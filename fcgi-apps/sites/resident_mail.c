/*
 * resident_mail.c - the account e-mails residents receive, in their
 * language.  (stub: being written)
 */
#include "sites.h"

int resident_mail_queue(struct vb_req *req, const char *kind, json_object *site,
			json_object *member, const char *pw)
{
	(void)req; (void)kind; (void)site; (void)member; (void)pw;
	return 0;
}
