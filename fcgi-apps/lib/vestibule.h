/*
 * vestibule.h - libvestibule, the library every Vestibule program links.
 * One header per job; this one includes them all.
 */
#ifndef VESTIBULE_H
#define VESTIBULE_H

#include "vb_conf.h"
#include "vb_log.h"
#include "vb_crypto.h"
#include "vb_valid.h"
#include "vb_db.h"
#include "vb_http.h"
#include "vb_session.h"
#include "vb_account.h"
#include "vb_audit.h"
#include "vb_mail.h"
#include "vb_metrics.h"
#include "vb_epoch.h"
#include "vb_sip.h"
#include "vb_cache.h"
#include "vb_firmware.h"
#include "vb_rtsp.h"
#include "vb_stream.h"

#endif
