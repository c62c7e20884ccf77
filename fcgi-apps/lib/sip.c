/*
 * sip.c - allocating SIP numbers from the platform-wide sequence.
 */
#include "vb_db.h"
#include "vb_sip.h"

int vb_sip_next(struct vb_db *db, int64_t *out)
{
	int found = 0;

	if (vb_db_query_int(db, out, &found, "SELECT NEXT VALUE FOR sip_number_seq", "") < 0)
		return -1;
	return found ? 0 : -1;
}
